// 4. The admin pages: anonymous visitors are sent to /login, an officer is refused with 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, DESKTOP } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('anonymous visit of /workspace/admin/people redirects to /login', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    const res = await page.goto(url('/workspace/admin/people'));
    const at = new URL(page.url());
    assert.equal(at.pathname, '/login');
    assert.equal(at.searchParams.get('next'), '/workspace/admin/people');
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('form[action="/login"] input[name="password"]').count(), 1);
    assert.doesNotMatch(await page.locator('body').innerText(), /37080020170001/);
  } finally {
    await ctx.close();
  }
});

test('an officer gets 403 at /workspace/admin/people', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    await login(page, 'wangqiang');
    const res = await page.goto(url('/workspace/admin/people'));
    assert.equal(res.status(), 403);
    await shot(page, 'forbidden.png');
    assert.equal(new URL(page.url()).pathname, '/workspace/admin/people');
  } finally {
    await ctx.close();
  }
});

test('admin and the supervisor may open /workspace/admin/people', async () => {
  for (const who of ['admin', 'zhoujian']) {
    const ctx = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await ctx.newPage();
      await login(page, who);
      const res = await page.goto(url('/workspace/admin/people'));
      assert.equal(res.status(), 200, `${who} got ${res.status()}`);
      assert.match(await page.locator('main').innerText(), /王强/);
    } finally {
      await ctx.close();
    }
  }
});
