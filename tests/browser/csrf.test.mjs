// 2. A state-changing POST without the CSRF token is refused; the same form through the UI works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, DESKTOP } from './lib.mjs';

let browser, ctx, page;
before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: DESKTOP });
  page = await ctx.newPage();
  await login(page, 'admin');
});
after(async () => { await browser?.close(); });

test('fetch POST to /workspace/tokens without _csrf is refused with 403', async () => {
  await page.goto(url('/workspace/tokens'));
  const r = await page.evaluate(async () => {
    const body = new URLSearchParams({ name: 'csrf-probe-fetch', scopes: 'org.view' });
    const res = await fetch('/workspace/tokens', { method: 'POST', body, credentials: 'include', redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  });
  assert.equal(r.status, 403);
  assert.match(r.text, /CSRF/);
});

test('fetch POST with a wrong _csrf is refused with 403', async () => {
  await page.goto(url('/workspace/tokens'));
  const r = await page.evaluate(async () => {
    const body = new URLSearchParams({ _csrf: 'x'.repeat(32), name: 'csrf-probe-wrong', scopes: 'org.view' });
    const res = await fetch('/workspace/tokens', { method: 'POST', body, credentials: 'include', redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  });
  assert.equal(r.status, 403);
  assert.match(r.text, /CSRF/);
});

test('a form POST built in the page without _csrf is refused with 403', async () => {
  await page.goto(url('/workspace/tokens'));
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(() => {
      const f = document.createElement('form');
      f.method = 'post';
      f.action = '/workspace/tokens';
      for (const [k, v] of [['name', 'csrf-probe-form'], ['scopes', 'org.view']]) {
        const i = document.createElement('input');
        i.type = 'hidden'; i.name = k; i.value = v;
        f.appendChild(i);
      }
      document.body.appendChild(f);
      f.submit();
    }),
  ]);
  assert.equal(res.status(), 403);
  assert.match(await page.content(), /CSRF/);
});

test('no token was created by the refused POSTs', async () => {
  await page.goto(url('/workspace/tokens'));
  assert.doesNotMatch(await page.locator('main').innerText(), /csrf-probe/);
});

test('the token form submitted through the UI creates a token (令牌已创建)', async () => {
  await page.goto(url('/workspace/tokens'));
  const form = page.locator('form[action="/workspace/tokens"]');
  await form.locator('input[name="name"]').fill('浏览器测试令牌');
  await form.locator('input[name="scopes"][value="org.view"]').check();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/workspace/tokens'),
    form.locator('button[type="submit"]').click(),
  ]);
  assert.ok(res.status() < 400, `POST /workspace/tokens answered ${res.status()}`);
  await page.waitForLoadState();
  assert.match(await page.locator('body').innerText(), /令牌已创建/);
  await shot(page, 'token-created.png');
  await page.goto(url('/workspace/tokens'));
  assert.match(await page.locator('main').innerText(), /浏览器测试令牌/);
});
