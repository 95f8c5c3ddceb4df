// 双随机、一公开 (issue 18), in a real browser on the demo: 王强 makes a plan from the published
// 随机抽查事项清单 (a draft, then the 抽查计划公告), freezes the lists and names the randomness
// source; 李丽 — a second person — enters the randomness and the draw runs; 王强 starts the first
// drawn object's 行政检查 case, the case reaches 结果处理, he records the result (which ends the
// case); 陈静 publishes it; then a citizen on a phone opens the draw and re-runs it in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, overflowX, DESKTOP, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function session(who, viewport = DESKTOP) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  await login(page, who);
  return { ctx, page };
}

// A JSON API call with the session's cookie and CSRF token (the case's own steps: documents, acts).
async function api(page, method, path, body) {
  const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
  const res = await page.request.fetch(url(path), {
    method, data: body ? JSON.stringify(body) : undefined,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
  });
  const text = await res.text();
  assert.ok(res.status() < 300, `${method} ${path} → ${res.status()} ${text}`);
  return JSON.parse(text);
}

test('plan → freeze → randomness → draw → inspect → publish → a citizen verifies on a phone', async () => {
  const wang = await session('wangqiang');
  const head = await session('lili');
  const editor = await session('chenjing');
  try {
    // The sidebar entry leads to the agency's plans.
    let p = wang.page;
    await p.goto(url('/workspace'));
    await Promise.all([
      p.waitForURL((u) => u.pathname === '/workspace/inspection/jnwqb'),
      p.locator('a[href="/workspace/inspection"]', { hasText: '双随机抽查' }).first().click(),
    ]);
    await shot(p, 'inspection-plans.png');
    // The directory, filtered.
    await p.goto(url('/workspace/inspection/jnwqb/objects?object_type=' + encodeURIComponent('旅行社')));
    assert.match(await p.locator('main').innerText(), /国际旅行社有限公司/);
    await shot(p, 'inspection-objects.png');

    // A new plan: a draft first.
    await p.goto(url('/workspace/inspection/jnwqb/plans/new'));
    await p.locator('input[name="matter_code"][value="JNWQB-CC-001"]').check();
    await p.selectOption('select[name="object_type"]', '旅行社');
    let res = await submit(p, p.locator('form[action$="/plans"] button[type="submit"]'));
    assert.equal(res.status(), 200);
    const planUrl = new URL(p.url()).pathname;
    assert.match(planUrl, /^\/workspace\/inspection\/jnwqb\/plans\/\d+$/);
    assert.match(await p.locator('main').innerText(), /草稿/);
    res = await submit(p, p.locator('form[action$="/publish"] button'));
    assert.equal(res.status(), 200);
    assert.match(await p.locator('main').innerText(), /济外侨抽查〔\d{4}〕\d+号/);
    // Freeze with the named source.
    await p.fill('textarea[name="source"]', '中国福利彩票双色球第2026141期开奖号码（红球6个、蓝球1个）');
    res = await submit(p, p.locator('form[action$="/freeze"] button'));
    assert.equal(res.status(), 200);
    assert.match(await p.locator('main').innerText(), /随机数须由另一人录入/);
    await shot(p, 'inspection-frozen.png');

    // The second person enters the randomness; the draw runs.
    const h = head.page;
    await h.goto(url(planUrl));
    await h.fill('textarea[name="values"]', '02 09 14 21 27 30\n11');
    res = await submit(h, h.locator('form[action$="/randomness"] button'));
    assert.equal(res.status(), 200);
    assert.match(await h.locator('main').innerText(), /抽取结果/);
    await shot(h, 'inspection-drawn.png');

    // 王强 inspects the first drawn object.
    await p.goto(url(planUrl));
    const first = p.locator('main table a[href*="/inspections/"]').first();
    const inspection = await first.getAttribute('href');
    await p.goto(url(inspection));
    res = await submit(p, p.locator('form[action$="/case"] button'));
    assert.equal(res.status(), 200);
    const caseId = Number(new URL(p.url()).pathname.split('/').pop());
    assert.ok(caseId > 0, p.url());
    const c = await api(p, 'GET', `/api/v1/cases/${caseId}`);
    assert.equal(c.procedure_id, 'inspection');
    await api(p, 'POST', `/api/v1/cases/${caseId}/acts`, { transition: 'start', location: { place: '旅行社经营场所' } });
    let d = await api(p, 'POST', `/api/v1/cases/${caseId}/documents`, { kind: 'inspection_record' });
    await api(p, 'POST', `/api/v1/documents/${d.id}/sign`, {});
    // The 音像记录事项清单 (AV-01) names 现场检查: the case page says so; the head approves an exemption
    // (device failure) — tus.test.mjs and av_capture.test.mjs cover uploading the recording itself.
    await p.goto(url(`/workspace/cases/${caseId}`));
    assert.match(await p.locator('main').innerText(), /本环节须音像记录/);
    await h.goto(url(`/workspace/cases/${caseId}`));
    await api(h, 'POST', `/api/v1/cases/${caseId}/av-exemption`, { reason: 'device_failure', note: '执法记录仪故障' });
    await api(p, 'POST', `/api/v1/cases/${caseId}/acts`, { transition: 'finish', co_officers: [c.co_officer_id], location: { place: '旅行社经营场所' } });
    d = await api(p, 'POST', `/api/v1/cases/${caseId}/documents`, { kind: 'inspection_result' });
    await h.goto(url(`/workspace/documents/${d.id}`));
    await api(h, 'POST', `/api/v1/documents/${d.id}/sign`, {});
    // The result ends the case.
    await p.goto(url(inspection));
    await p.locator('input[name="result"][value="no_problem"]').check();
    res = await submit(p, p.locator('form[action$="/result"] button'));
    assert.equal(res.status(), 200);
    assert.match(await p.locator('main').innerText(), /未发现问题/);
    await shot(p, 'inspection-result.png');
    assert.equal((await api(p, 'GET', `/api/v1/cases/${caseId}`)).step, 'closed');

    // The editor publishes it.
    const e = editor.page;
    await e.goto(url(inspection));
    res = await submit(e, e.locator('form[action$="/publish"] button'));
    assert.equal(res.status(), 200);
    assert.match(await e.locator('main').innerText(), /已于/);

    // A citizen on a phone: the draw's page, re-run in the browser.
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      const q = await phone.newPage();
      const planId = planUrl.split('/').pop();
      await q.goto(url(`/inspections/draws/${planId}`));
      const button = q.locator('button.verify-draw-button');
      await button.waitFor({ state: 'visible' });
      await button.click();
      await q.locator('.verify-draw-result', { hasText: '验证通过' }).waitFor({ timeout: 20_000 });
      const o = await overflowX(q);
      assert.ok(o.scrollWidth <= o.innerWidth + 1, `the draw page scrolls sideways on a phone: ${o.scrollWidth} > ${o.innerWidth}`);
      await shot(q, 'inspection-draw-phone.png');
      await q.goto(url('/inspections/results?agency=jnwqb'));
      assert.match(await q.locator('main').innerText(), /未发现问题/);
      await shot(q, 'inspection-results-phone.png');
    } finally {
      await phone.close();
    }
  } finally {
    await wang.ctx.close();
    await head.ctx.close();
    await editor.ctx.close();
  }
});

test('the staff pages fit a phone', async () => {
  const { ctx, page } = await session('wangqiang', PHONE);
  try {
    for (const path of ['/workspace/inspection/jnwqb', '/workspace/inspection/jnwqb/objects', '/workspace/inspection/jnwqb/plans/1',
      '/workspace/inspection/jnwqb/inspections/1', '/workspace/inspection/jnwqb/plans/new']) {
      const res = await page.goto(url(path));
      assert.equal(res.status(), 200, path);
      const o = await overflowX(page);
      assert.ok(o.scrollWidth <= o.innerWidth + 1, `${path} scrolls sideways on a phone: ${o.scrollWidth} > ${o.innerWidth}`);
      await shot(page, 'inspection-phone-' + path.split('/').slice(3).join('-') + '.png');
    }
  } finally {
    await ctx.close();
  }
});
