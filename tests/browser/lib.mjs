// Shared helpers for the browser tests: launch Debian's Chromium through playwright-core
// (never a downloaded browser), log in through the real form, save screenshots.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

export const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const BASE = (process.env.ZHIFA_URL || '').replace(/\/+$/, '');
if (!BASE) throw new Error('ZHIFA_URL is not set: run these tests through tests/browser/run.sh');

export const PASSWORD = 'zhifa-demo-2025';
export const OUT = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(OUT, { recursive: true });

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

// A fresh, empty profile each launch (playwright makes a temporary user-data-dir and removes it).
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

export function url(path) {
  return BASE + path;
}

// Fills /login's form (fields `login` and `password`) and presses its submit button,
// waiting for the redirect that follows a successful login.
export async function login(page, who) {
  const res = await page.goto(url('/login'));
  if (!res || res.status() !== 200) throw new Error(`GET /login answered ${res && res.status()}`);
  await page.fill('form[action="/login"] input[name="login"]', who);
  await page.fill('form[action="/login"] input[name="password"]', PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/login', { timeout: 10_000 }),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(OUT, name), fullPage: true });
}

// True when the page is wider than the viewport (a horizontal scrollbar on a phone).
export async function overflowX(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

// Submits the form that `button` belongs to by clicking it, waits for the page that answers and
// returns that response (its status and the page it rendered are then on `page`). An
// irreversible action first asks in a <dialog> (static/site.js): this confirms it, as a person would.
export async function submit(page, button) {
  const navigation = page.waitForNavigation();
  await button.click();
  const ok = page.locator('dialog#confirm-dialog[open] [data-confirm-ok]');
  if (await ok.count().catch(() => 0)) await ok.click();
  return navigation;
}

// Asserts there are no WCAG 2.1 A/AA violations on the page (axe-core, injected from node_modules).
export async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

// The visible text of <main>.
export async function mainText(page) {
  return page.locator('main').innerText();
}
