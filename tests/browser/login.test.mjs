// 1. An officer logs in through the real login form and sees the dashboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, overflowX, DESKTOP, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('officer logs in through /login and sees 我的工作台 with name and certificate', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    await login(page, 'wangqiang');
    assert.equal(new URL(page.url()).pathname, '/workspace');
    const main = await page.locator('main').innerText();
    assert.match(main, /我的工作台/);
    assert.match(main, /王强/);
    assert.match(main, /37080020170001/);
    // the session cookie is HttpOnly: page scripts cannot read it
    const cookies = await ctx.cookies();
    const session = cookies.find((c) => c.name === 'zhifa_session');
    assert.ok(session, 'a session cookie was set');
    assert.equal(session.httpOnly, true);
    assert.ok(!(await page.evaluate(() => document.cookie)).includes('zhifa_session'));
  } finally {
    await ctx.close();
  }
});

test('wrong password is refused and stays on the login form', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    await page.goto(url('/login'));
    await page.fill('input[name="login"]', 'wangqiang');
    await page.fill('input[name="password"]', 'not-the-password');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
    assert.notEqual(res.status(), 303);
    await page.waitForLoadState();
    assert.equal(await page.locator('form[action="/login"] input[name="password"]').count(), 1);
    const gone = await page.goto(url('/workspace'));
    assert.equal(new URL(page.url()).pathname, '/login', `GET /workspace answered ${gone.status()} at ${page.url()}`);
  } finally {
    await ctx.close();
  }
});

test('dashboard on a phone-sized viewport', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const page = await ctx.newPage();
    await page.goto(url('/login'));
    await shot(page, 'login-phone.png');
    await login(page, 'wangqiang');
    assert.match(await page.locator('main').innerText(), /37080020170001/);
    await shot(page, 'dashboard-phone.png');
    const { scrollWidth, innerWidth } = await overflowX(page);
    assert.ok(scrollWidth <= innerWidth, `dashboard overflows horizontally on a phone: ${scrollWidth} > ${innerWidth}`);
  } finally {
    await ctx.close();
  }
});
