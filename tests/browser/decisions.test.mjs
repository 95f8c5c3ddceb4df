// 8. Publicity after enforcement, end to end in the browser: an officer issues an on-the-spot
// penalty (简易程序) → the publicity editor reviews the masking and publishes it → a citizen, not
// logged in, finds it by a 2-character word, opens it (the party's name masked) and verifies it
// against the ledger's signed checkpoint in the browser (Ed25519 + RFC 9162 inclusion proof).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, overflowX, DESKTOP, PHONE } from './lib.mjs';

let browser, officer, editor, citizen;
let casePath, decisionPath, publicPath;
before(async () => {
  browser = await launch();
  officer = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  editor = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  citizen = await (await browser.newContext({ viewport: PHONE })).newPage();
  await login(officer, 'wangqiang');
  await login(editor, 'chenjing');
});
after(async () => { await browser?.close(); });

async function draftAndSign(name) {
  await officer.goto(url(casePath));
  const form = officer.locator(`form[action="${casePath}/documents"]`);
  await form.locator('select[name="kind"]').selectOption({ label: name });
  let res = await submit(officer, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `起草《${name}》 answered ${res.status()}`);
  res = await submit(officer, officer.locator('form[action$="/sign"] button[type="submit"]'));
  assert.ok(res.status() < 400, `签发《${name}》 answered ${res.status()}`);
  assert.match(await mainText(officer), /已签发/);
}

test('an officer issues an on-the-spot penalty decision', async () => {
  await officer.goto(url('/workspace/cases/new'));
  const form = officer.locator('form[action="/workspace/cases"]');
  const matter = await form.locator('select[name="matter_id"] option', { hasText: 'JNWQB-CF-001' }).first().getAttribute('value');
  await form.locator('select[name="matter_id"]').selectOption(matter);
  await form.locator('select[name="procedure_id"]').selectOption('simplified_penalty');
  await form.locator('input[name="party_kind"][value="person"]').check();
  await form.locator('input[name="party_name"]').fill('孙小红');
  await form.locator('input[name="party_id_number"]').fill('11010519491231002X');
  await form.locator('input[name="party_phone"]').fill('13905376666');
  await form.locator('textarea[name="facts"]').fill('当事人未按规定登记所邀请外籍访客的住宿信息，情节轻微，当场改正。');
  await form.locator('input[name="fine_yuan"]').fill('50');
  await form.locator('select[name="co_officer_id"]').selectOption({ label: '刘洋' });
  const res = await submit(officer, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `登记 answered ${res.status()}: ${await mainText(officer)}`);
  casePath = new URL(officer.url()).pathname;
  assert.match(casePath, /^\/workspace\/cases\/\d+$/);

  await draftAndSign('当场行政处罚决定书');
  await draftAndSign('送达回证');
  await officer.goto(url(casePath));
  const act = officer.locator('form.rec-act:has(input[name="transition"][value="decide"])');
  const boxes = act.locator('input[name="co_officers"]');
  for (let i = 0; i < await boxes.count(); i++) await boxes.nth(i).check();
  const done = await submit(officer, act.locator('button[type="submit"]'));
  assert.ok(done.status() < 400, `当场作出处罚决定 answered ${done.status()}: ${await mainText(officer)}`);
  assert.match(await mainText(officer), /当前环节：\s*执行/);
});

test('the editor reviews the masking and publishes within the time limit', async () => {
  assert.ok(casePath, 'no decision was issued');
  await editor.goto(url('/workspace/decisions'));
  const text = await mainText(editor);
  assert.match(text, /公示期限 \d{4}-\d{2}-\d{2}，还剩 \d+ 个工作日/);
  // The officer's decision: the only pending on-the-spot penalty (当罚) in the editor's list.
  await editor.locator('main table tbody tr a', { hasText: '当罚' }).first().click();
  await editor.waitForLoadState();
  decisionPath = new URL(editor.url()).pathname;
  let page = await mainText(editor);
  assert.match(page, /孙小红（公示为：孙某某）/);
  assert.equal(await editor.locator('mark.mask-name').count() >= 1, true, 'the name is not marked as masked');
  await shot(editor, 'decision-review.png');

  // Publishing before the review is refused with the reason.
  let res = await submit(editor, editor.locator(`form[action="${decisionPath}/publish"] button`));
  assert.equal(res.status(), 409);
  assert.match(await mainText(editor), /须先完成脱敏审查/);

  res = await submit(editor, editor.locator(`form[action="${decisionPath}/masks/confirm"] button`));
  assert.ok(res.status() < 400);
  res = await submit(editor, editor.locator(`form[action="${decisionPath}/publish"] button`));
  assert.ok(res.status() < 400, `公示 answered ${res.status()}: ${await mainText(editor)}`);
  page = await mainText(editor);
  assert.match(page, /已公示/);
  publicPath = await editor.locator('main a', { hasText: '在公示门户查看' }).getAttribute('href');
  assert.match(publicPath, /^\/decisions\/\d+$/);
});

test('a citizen finds it by a two-character word, reads it masked, and verifies it in the browser', async () => {
  assert.ok(publicPath, 'nothing was published');
  await citizen.goto(url('/'));
  await citizen.locator('form[action="/decisions"] input[name="q"]').fill('访客');
  await submit(citizen, citizen.locator('form[action="/decisions"] button'));
  const results = await mainText(citizen);
  assert.match(results, /共1 条/);
  assert.equal(await citizen.locator('mark', { hasText: '访客' }).count() >= 1, true, 'the hit is not highlighted');
  await shot(citizen, 'decisions-search-phone.png');
  const { scrollWidth, innerWidth } = await overflowX(citizen);
  assert.ok(scrollWidth <= innerWidth + 1, `the results page scrolls sideways on a phone (${scrollWidth} > ${innerWidth})`);

  for (const path of ['/decisions?lang=en&q=%E8%AE%B8%E5%8F%AF', `${publicPath}?lang=en`]) {  // English too
    await citizen.goto(url(path));
    const o = await overflowX(citizen);
    assert.ok(o.scrollWidth <= o.innerWidth + 1, `${path} scrolls sideways on a phone (${o.scrollWidth} > ${o.innerWidth})`);
  }
  await citizen.goto(url('/decisions?q=%E8%AE%BF%E5%AE%A2'));
  await citizen.locator(`main a[href="${publicPath}"]`).first().click();
  await citizen.waitForLoadState();
  const page = await mainText(citizen);
  assert.match(page, /孙某某/);
  assert.doesNotMatch(page, /孙小红/);
  assert.doesNotMatch(page, /11010519491231002X/);
  assert.doesNotMatch(page, /13905376666/);
  assert.match(page, /罚款人民币50元/);

  const button = citizen.locator('#verify .verify-button');
  await button.waitFor({ state: 'visible' });
  await button.click();
  const result = citizen.locator('#verify .verify-result');
  await citizen.waitForFunction(() => /核验通过|核验失败|稍后/.test(document.querySelector('#verify .verify-result').textContent), null, { timeout: 15_000 });
  assert.match(await result.innerText(), /核验通过：账本第 \d+ 条记录（publicity\.decision\.published/);
  await shot(citizen, 'decision-verified-phone.png');
});

test('without JavaScript the page still shows the record and the offline bundle', async () => {
  assert.ok(publicPath, 'nothing was published');
  const ctx = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const page = await ctx.newPage();
  const res = await page.goto(url(publicPath));
  assert.equal(res.status(), 200);
  assert.match(await mainText(page), /孙某某/);
  assert.equal(await page.locator('#verify a[href^="/ledger/bundle/"]').count(), 1);
  await shot(page, 'decision-desktop.png');
  await ctx.close();
});
