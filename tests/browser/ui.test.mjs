// The design system (issue 16) as a person meets it, at desktop 1366×900 and phone 390×844:
// the workspace shell (sidebar, breadcrumbs), the case step bar, the portal's masthead and footer,
// no horizontal overflow and no WCAG 2.1 AA violation (axe-core) on each page; a confirmation
// before an irreversible action (a <dialog> with JavaScript, a page without); filters and paging
// change the case list's rows; the XLSX export holds the rows the list shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { launch, url, login, shot, overflowX, axe, PHONE } from './lib.mjs';

const WIDE = { width: 1366, height: 900 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WORKSPACE = ['/workspace', '/workspace/cases', '/workspace/cases?scope=agency&status=all', '/workspace/cases/1',
  '/workspace/review', '/workspace/complaints'];
const PORTAL = ['/', '/decisions', '/ledger', '/agencies/jnwqb', '/flowcharts', '/?elder=1'];

// axe-core is injected as a script: the page's CSP (script-src 'self') is bypassed for the test only.
async function context(viewport, extra = {}) {
  return browser.newContext({ viewport, bypassCSP: true, ...extra });
}

async function checkPage(page, path, name) {
  const res = await page.goto(url(path));
  assert.equal(res.status(), 200, path);
  const o = await overflowX(page);
  assert.ok(o.scrollWidth <= o.innerWidth, `${path}: page ${o.scrollWidth}px wide in a ${o.innerWidth}px window`);
  assert.ok(await page.locator('nav.crumbs').count(), `${path}: breadcrumbs`);
  assert.deepEqual(await axe(page), [], `${path}: axe-core WCAG 2.1 AA violations`);
  await shot(page, name);
}

for (const [viewport, tag] of [[WIDE, 'desktop'], [PHONE, 'phone']]) {
  test(`workspace pages on a ${tag}: sidebar, breadcrumbs, no overflow, no axe violations`, async () => {
    const ctx = await context(viewport);
    try {
      const page = await ctx.newPage();
      await login(page, 'wangqiang');
      for (const path of WORKSPACE) {
        await checkPage(page, path, `ui-${tag}${path.replace(/[^a-z0-9]+/gi, '-')}.png`);
        assert.equal(await page.locator('nav.side').count(), 1, `${path}: sidebar`);
        if (tag === 'desktop') assert.ok(await page.locator('nav.side').isVisible(), `${path}: sidebar shown`);
        else assert.ok(await page.locator('.menu-toggle').isVisible(), `${path}: menu button on a phone`);
      }
      // The case page shows its procedure as a step bar with the current step marked.
      await page.goto(url('/workspace/cases/1'));
      assert.ok(await page.locator('ol.steps li').count() >= 3);
      assert.equal(await page.locator('ol.steps li[aria-current=step]').count(), 1);
      // The dashboard's cards count this person's work and link to the filtered list.
      await page.goto(url('/workspace'));
      const cards = await page.locator('.stats .stat').allInnerTexts();
      for (const label of ['待办', '即将到期', '已超期', '待签发', '待审核', '待公示'])
        assert.ok(cards.some((c) => c.includes(label)), `dashboard card ${label}`);
    } finally {
      await ctx.close();
    }
  });

  test(`portal pages on a ${tag}: masthead, columns, footer, no overflow, no axe violations`, async () => {
    const ctx = await context(viewport);
    try {
      const page = await ctx.newPage();
      for (const path of PORTAL) {
        await checkPage(page, path, `ui-portal-${tag}${path.replace(/[^a-z0-9]+/gi, '-')}.png`);
        assert.ok(await page.locator('nav.columns-nav a', { hasText: '事后公开' }).count(), `${path}: column navigation`);
        assert.match(await page.locator('footer').innerText(), /主办单位/);
        assert.ok(await page.locator('form[role=search] input[name=q]').count(), `${path}: search box`);
      }
      // 长者模式 is remembered (a cookie) and makes the type larger.
      await page.goto(url('/decisions'));
      assert.ok(await page.locator('body.elder').count(), 'elder mode kept on the next page');
      await page.goto(url('/?elder=0'));
      assert.equal(await page.locator('body.elder').count(), 0);
    } finally {
      await ctx.close();
    }
  });
}

test('an irreversible act asks first: a dialog with JavaScript, a page without', async () => {
  const ctx = await context(WIDE);
  const bare = await context(WIDE, { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await login(page, 'wangqiang');
    await page.goto(url('/workspace/cases/1'));
    const form = page.locator('form[data-confirm]').first();
    assert.ok(await form.count(), 'the case page has an irreversible act');
    await form.locator('button[type=submit]').click();
    const dialog = page.locator('dialog#confirm-dialog[open]');
    assert.ok(await dialog.isVisible(), 'the confirmation dialog opened');
    assert.match(await dialog.innerText(), /不可撤销/);
    assert.equal(await axe(page).then((v) => v.length), 0, 'the dialog has no axe violations');
    await dialog.locator('[data-confirm-cancel]').click();
    assert.equal(new URL(page.url()).pathname, '/workspace/cases/1', 'cancel keeps the person on the page');

    const nojs = await bare.newPage();
    await login(nojs, 'wangqiang');
    await nojs.goto(url('/workspace/cases/1'));
    await Promise.all([nojs.waitForNavigation(), nojs.locator('form[data-confirm] button[type=submit]').first().click()]);
    assert.match(await nojs.locator('main').innerText(), /请确认/);
    assert.ok(await nojs.locator('form input[name=_confirmed][value="1"]').count(), 'the page posts the act again, confirmed');
    await shot(nojs, 'ui-confirm-page.png');
    await Promise.all([nojs.waitForNavigation(), nojs.locator('a', { hasText: '取消' }).click()]);
    assert.equal(new URL(nojs.url()).pathname, '/workspace/cases/1');
  } finally {
    await ctx.close();
    await bare.close();
  }
});

// The strings of an XLSX (its shared strings and inline strings), read with node's zlib.
function xlsxStrings(buf) {
  const out = [];
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  const entries = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (name.endsWith('.xml') && name.startsWith('xl/')) {
      const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
      for (const m of xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)) out.push(m[1]);
    }
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

test('case list: filters, sorting and paging change the rows; the export has the same rows', async () => {
  const ctx = await context(WIDE);
  try {
    const page = await ctx.newPage();
    await login(page, 'lili');
    const all = '/workspace/cases?scope=agency&status=all&per_page=100';  // every case on one page
    await page.goto(url(all));
    const caseNos = async () => page.locator('table.data tbody tr td:first-child').allInnerTexts();
    const rows = await caseNos();
    assert.ok(rows.length >= 3, `the agency has cases (${rows.length})`);
    assert.match(await page.locator('.table-foot').innerText(), new RegExp(`共 ${rows.length} 条`));
    // A filter through the form: 执法类别 行政确认.
    await page.selectOption('form.filterbar select[name=category]', '行政确认');
    await Promise.all([page.waitForNavigation(), page.click('form.filterbar button[type=submit]')]);
    const filtered = await caseNos();
    assert.ok(filtered.length >= 1 && filtered.length < rows.length, 'the category filter narrows the rows');
    assert.match(page.url(), /category=/);
    // Sorting by 案号 through the column header link, both ways.
    await page.goto(url(all));
    await Promise.all([page.waitForNavigation(), page.click('table.data thead a:has-text("案号")')]);
    const asc = await caseNos();
    await Promise.all([page.waitForNavigation(), page.click('table.data thead a:has-text("案号")')]);
    const desc = await caseNos();
    assert.deepEqual([...asc].reverse(), desc, 'the second click reverses the order');
    // Paging (the API's page / per_page / total / items): pages hold different rows.
    const p1 = await (await page.request.get(url('/api/v1/cases?scope=agency&status=all&per_page=2&page=1'))).json();
    const p2 = await (await page.request.get(url('/api/v1/cases?scope=agency&status=all&per_page=2&page=2'))).json();
    assert.equal(p1.total, rows.length);
    assert.equal(p1.per_page, 2);
    assert.equal(p1.items.length, 2);
    assert.notDeepEqual(p1.items.map((c) => c.id), p2.items.map((c) => c.id));
    // The export of the filtered list has exactly the rows the list shows.
    await page.goto(url(all + '&category=' + encodeURIComponent('行政确认')));
    const href = await page.locator('form.filterbar a', { hasText: '导出' }).getAttribute('href');
    const res = await page.request.get(url(href));
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /spreadsheetml/);
    const strings = xlsxStrings(Buffer.from(await res.body()));
    const exported = strings.filter((s) => /案〔\d{4}〕\d+号$/.test(s));
    assert.deepEqual(exported.sort(), [...filtered].sort());
  } finally {
    await ctx.close();
  }
});
