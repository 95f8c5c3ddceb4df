// 3. The public portal home: content, works without JavaScript, no horizontal overflow on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, shot, overflowX, DESKTOP, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function checkHome(page) {
  const res = await page.goto(url('/'));
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  const text = await page.locator('body').innerText();
  assert.match(text, /行政执法公示/);
  assert.match(text, /济宁市人民政府外事侨务办公室/);
  // the stylesheet loaded and applied
  assert.ok(await page.evaluate(() => document.styleSheets.length >= 1 && document.styleSheets[0].cssRules.length > 0));
}

test('portal home on a desktop', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    await checkHome(page);
    await shot(page, 'portal-desktop.png');
  } finally {
    await ctx.close();
  }
});

test('portal home works with JavaScript disabled', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    const res = await page.goto(url('/'));
    assert.equal(res.status(), 200);
    const text = await page.locator('body').innerText();
    assert.match(text, /行政执法公示/);
    assert.match(text, /济宁市人民政府外事侨务办公室/);
    // following a link works without scripts too
    await Promise.all([page.waitForURL(/\/agencies\/jnwqb/), page.click('a[href="/agencies/jnwqb"]')]);
    assert.match(await page.locator('body').innerText(), /济宁市人民政府外事侨务办公室/);
  } finally {
    await ctx.close();
  }
});

test('portal home on a 390x844 phone has no horizontal overflow', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const page = await ctx.newPage();
    await checkHome(page);
    await shot(page, 'portal-phone.png');
    const { scrollWidth, innerWidth } = await overflowX(page);
    assert.equal(innerWidth, PHONE.width);
    assert.ok(scrollWidth <= innerWidth, `portal overflows horizontally: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
  } finally {
    await ctx.close();
  }
});
