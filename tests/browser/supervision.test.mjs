// 执法监督 (issue 20): the city supervisor's day without JavaScript — the overview of the 16
// agencies, the overdue cases, one case read-only, the 电子监察 warnings and a 督办, the statistics
// with SVG charts beside their tables, and last year's published annual report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, DESKTOP } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the city supervisor's day: overview, overdue case, 督办, statistics, annual report", async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await login(page, 'zhoujian');
    let res = await page.goto(url('/workspace/supervision'));
    assert.equal(res.status(), 200);
    const overview = await mainText(page);
    assert.match(overview, /16 个执法主体/);
    assert.match(overview, /任城区人民政府外事侨务办公室/);
    await shot(page, 'supervision-overview.png');

    // The overdue cases, then one of them read-only.
    res = await submit(page, page.locator('a', { hasText: '超期案件' }).first());
    assert.equal(res.status(), 200);
    const overdue = page.locator('tbody tr', { hasText: '已超期' }).first();
    assert.ok(await overdue.count() > 0, 'no overdue case listed');
    res = await submit(page, overdue.locator('th a'));
    assert.equal(res.status(), 200);
    assert.match(await mainText(page), /监督查阅（只读）/);
    assert.equal(await page.locator('form[action$="/act"]').count(), 0, 'a supervised case offers an act');
    await shot(page, 'supervision-case.png');

    // The warnings: urge the complaint not yet urged.
    await page.goto(url('/workspace/supervision/warnings'));
    const item = page.locator('article', { hasText: '投诉举报' }).first();
    assert.ok(await item.count() > 0, 'no complaint warning');
    await item.locator('input[name="note"]').fill('请于今日内决定是否受理。');
    res = await submit(page, item.locator('button', { hasText: '督办' }));
    assert.equal(res.status(), 200);
    assert.match(await page.locator('article', { hasText: '投诉举报' }).first().innerText(), /周健 已督办/);
    await shot(page, 'supervision-warnings.png');

    // The statistics: a chart and its table, and a refused period.
    await page.goto(url('/workspace/supervision/statistics'));
    assert.ok(await page.locator('svg[role="img"] title', { hasText: '按执法类别统计的案件数' }).count() > 0);
    assert.ok(await page.locator('table th', { hasText: '执法类别' }).count() > 0);
    await page.fill('input[name="from"]', '2026-12-31');
    await page.fill('input[name="to"]', '2026-01-01');
    res = await submit(page, page.locator('form.filters button[type="submit"]'));
    assert.equal(res.status(), 400);
    assert.match(await mainText(page), /结束日期早于开始日期/);
    await page.goto(url('/workspace/supervision/statistics'));
    await shot(page, 'supervision-statistics.png');

    // Last year's annual report: published, and the counties not yet.
    const year = String(new Date().getFullYear() - 1);
    await page.goto(url(`/workspace/supervision/reports/${year}`));
    const reports = await mainText(page);
    assert.match(reports, /已公开/);
    assert.match(reports, /未编制/);
    res = await submit(page, page.locator('a', { hasText: '门户页面' }));
    assert.equal(res.status(), 200);
    assert.match(await mainText(page), new RegExp(`${year}年度行政执法数据报告`));
    await shot(page, 'supervision-report.png');
  } finally {
    await ctx.close();
  }
});
