// 执法监督 (2), issue 21, without JavaScript: the city supervisor draws a special 评查 of 兖州区,
// grades the file (a score outside the item's points refused first) with a 整改 request, and
// 兖州区's head sees the request; the 同案同罚 page, the 督查通报 with late replies, and the 备案.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, DESKTOP, PHONE, overflowX } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the supervisor grades a file and the agency sees the 整改 request', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const year = String(new Date().getFullYear() - 1);
  try {
    const page = await ctx.newPage();
    await login(page, 'zhoujian');
    let res = await page.goto(url('/workspace/supervision/evaluations'));
    assert.equal(res.status(), 200);
    assert.match(await mainText(page), new RegExp(`${year}年度行政执法案卷评查`));
    await shot(page, 'supervision2-evaluations.png');

    await page.fill('input[name="title"]', '兖州区专项评查');
    await page.selectOption('select[name="kind"]', 'special');
    await page.selectOption('select[name="agency"]', 'yanzhou');
    await page.fill('input[name="year"]', year);
    await page.fill('input[name="per_agency"]', '1');
    await page.fill('textarea[name="sources"]', '5 17 23');
    res = await submit(page, page.locator('button', { hasText: '抽取案卷并开始评查' }));
    assert.equal(res.status(), 200);
    const row = page.locator('section', { hasText: '兖州区专项评查' }).locator('tbody tr').first();
    res = await submit(page, row.locator('a').first());
    assert.equal(res.status(), 200);
    const file = page.url();
    assert.match(await mainText(page), /周敏.*没有有效的行政执法证件/s);

    await page.fill('input[name="score_facts"]', '30');
    await page.fill('input[name="score_law"]', '15');
    await page.fill('input[name="score_discretion"]', '10');
    res = await submit(page, page.locator('button', { hasText: '评定并送达' }));
    assert.equal(res.status(), 400);
    assert.match(await mainText(page), /“事实清楚证据确凿”的得分须为 0 至 25 的整数/);

    await page.goto(file);
    await page.fill('input[name="score_facts"]', '18');
    await page.fill('input[name="note_facts"]', '缺少当事人的书面陈述');
    await page.fill('input[name="score_law"]', '15');
    await page.fill('input[name="score_discretion"]', '10');
    await page.fill('textarea[name="rectify_note"]', '请补充当事人的书面陈述，并对同类案卷开展自查。');
    await page.fill('input[name="rectify_due_on"]', '2099-12-31');
    res = await submit(page, page.locator('button', { hasText: '评定并送达' }));
    assert.equal(res.status(), 200);
    const graded = await mainText(page);
    assert.match(graded, /得分 88 分/);
    assert.match(graded, /良好/);
    await shot(page, 'supervision2-graded.png');

    await page.goto(url('/workspace/supervision/consistency'));
    assert.match(await mainText(page), /明显偏高，请复核/);
    await shot(page, 'supervision2-consistency.png');
    await page.goto(url('/workspace/supervision/notices'));
    await submit(page, page.locator('a', { hasText: '关于开展行政执法案卷自查的督查通报' }));
    const notice = await mainText(page);
    assert.match(notice, /按期回复/);
    assert.match(notice, /逾期回复/);
    assert.match(notice, /逾期未回复/);
    await shot(page, 'supervision2-notice.png');
    await page.goto(url('/workspace/supervision/filings'));
    assert.match(await mainText(page), /已备案/);
    await shot(page, 'supervision2-filings.png');

    // 兖州区's head: the request, on a phone.
    const phone = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    try {
      const p2 = await phone.newPage();
      await login(p2, 'yz_head');
      res = await p2.goto(url('/workspace/supervision/rectifications'));
      assert.equal(res.status(), 200);
      const text = await mainText(p2);
      assert.match(text, /请补充当事人的书面陈述/);
      assert.match(text, /得分 88 分/);
      const o = await overflowX(p2);
      assert.ok(o.scrollWidth <= o.innerWidth + 1, `the page is ${o.scrollWidth}px wide on a ${o.innerWidth}px phone`);
      await shot(p2, 'supervision2-rectification-phone.png');
    } finally {
      await phone.close();
    }
  } finally {
    await ctx.close();
  }
});
