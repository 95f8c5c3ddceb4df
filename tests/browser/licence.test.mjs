// 5. A 行政许可 (华侨回国定居审批) from application to a delivered decision, through the buttons on the case
// page: draft and sign each required document (the decision signed by the agency head, 李丽, in a second
// context when the page says so), then 受理 → 提出审查意见，报请决定 → 准予行政许可 → 已送达.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, DESKTOP } from './lib.mjs';

let browser, officer, head;
let casePath;
before(async () => {
  browser = await launch();
  officer = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await login(officer, 'wangqiang');
});
after(async () => { await browser?.close(); });

async function agencyHead() {
  if (!head) {
    head = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await login(head, 'lili');
  }
  return head;
}

async function refusal(page) {
  const a = page.locator('main .alert').first();
  return (await a.count()) ? (await a.innerText()).trim() : '';
}

// Clicks the 下一步 button of `transition` on the case page (ticking co-officers where two are required).
async function act(page, transition, label) {
  await page.goto(url(casePath));
  const form = page.locator(`form.rec-act:has(input[name="transition"][value="${transition}"])`);
  assert.equal(await form.count(), 1, `the case page offers no “${label}” button`);
  assert.equal((await form.locator('button[type="submit"]').innerText()).trim(), label);
  const boxes = form.locator('input[name="co_officers"]');
  for (let i = 0; i < await boxes.count(); i++) await boxes.nth(i).check();
  const res = await submit(page, form.locator('button[type="submit"]'));
  return { status: res.status(), path: new URL(page.url()).pathname, alert: await refusal(page) };
}

async function actOk(transition, label, step) {
  let r = await act(officer, transition, label);
  if (r.status >= 400 && /机关负责人/.test(r.alert)) r = await act(await agencyHead(), transition, label);
  assert.ok(r.status < 400, `“${label}” answered ${r.status} at ${r.path}: ${r.alert}`);
  assert.match(await officer.goto(url(casePath)).then(() => officer.locator('main').innerText()), new RegExp(`当前环节：\\s*${step}`));
}

// Drafts a document through the case page's 制作文书 form and signs it; returns the document's path.
async function draftAndSign(name) {
  await officer.goto(url(casePath));
  const form = officer.locator(`form[action="${casePath}/documents"]`);
  assert.equal(await form.count(), 1, `the case page offers no 制作文书 form (to draft 《${name}》)`);
  await form.locator('select[name="kind"]').selectOption({ label: name });
  let res = await submit(officer, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `起草《${name}》 answered ${res.status()}`);
  const docPath = new URL(officer.url()).pathname;
  assert.match(docPath, /^\/workspace\/documents\/\d+$/);
  assert.match(await officer.locator('main h1').innerText(), new RegExp(name));

  res = await submit(officer, officer.locator('form[action$="/sign"] button[type="submit"]'));
  let signer = officer;
  if (res.status() >= 400) {
    const msg = await refusal(officer);
    assert.match(msg, /机关负责人/, `签发《${name}》 answered ${res.status()}: ${msg}`);
    signer = await agencyHead();
    await signer.goto(url(docPath));
    res = await submit(signer, signer.locator('form[action$="/sign"] button[type="submit"]'));
    assert.ok(res.status() < 400, `李丽 签发《${name}》 answered ${res.status()}: ${await refusal(signer)}`);
  }
  assert.match(await mainText(signer), /已签发/);
  return docPath;
}

test('an officer registers a 华侨回国定居审批 application for a natural person', async () => {
  await officer.goto(url('/workspace/cases/new'));
  const form = officer.locator('form[action="/workspace/cases"]');
  await form.locator('select[name="matter_id"]').selectOption({ label: 'JNWQB-XK-001 华侨回国定居审批（行政许可）' });
  await form.locator('input[name="party_kind"][value="person"]').check();
  await form.locator('input[name="party_name"]').fill('林建华');
  await form.locator('input[name="party_id_number"]').fill('11010519491231002X');
  await form.locator('input[name="party_address"]').fill('山东省济宁市任城区古槐路1号');
  await form.locator('textarea[name="facts"]').fill('申请人自印度尼西亚回国，申请在济宁市定居，材料齐全。');
  await form.locator('select[name="co_officer_id"]').selectOption({ label: '刘洋' });
  const res = await submit(officer, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `登记 answered ${res.status()}`);
  casePath = new URL(officer.url()).pathname;
  assert.match(casePath, /^\/workspace\/cases\/\d+$/);
  const text = await mainText(officer);
  assert.match(text, /华侨回国定居审批/);
  assert.match(text, /林建华（公民，11010519491231002X）/);
  assert.match(text, /承办人\s*王强、刘洋/);
  assert.match(text, /当前环节：\s*申请/);
  await shot(officer, 'licence-registered.png');
});

test('the 下一步 forms post to this case’s own /act URL', async () => {
  assert.ok(casePath, 'no case was registered');
  await officer.goto(url(casePath));
  const actions = await officer.locator('form.rec-act').evaluateAll((fs) => fs.map((f) => f.getAttribute('action')));
  assert.ok(actions.length > 0);
  for (const a of actions) assert.equal(a, `${casePath}/act`);
  assert.equal(await officer.locator(`form[action="${casePath}/documents"]`).count(), 1, 'no 制作文书 form');
});

test('the application is walked to a delivered decision through the case page', async () => {
  assert.ok(casePath, 'no case was registered');
  await draftAndSign('行政许可受理通知书');
  await actOk('accept', '受理', '审查');
  await draftAndSign('行政许可审查意见表');
  await actOk('propose', '提出审查意见，报请决定', '决定');
  const grant = await draftAndSign('准予行政许可决定书'); // signed by the agency head
  await actOk('grant', '准予行政许可', '送达与发证'); // the gate: a grant of settlement is not a major decision
  await draftAndSign('送达回证');
  await actOk('delivered', '已送达', '办结');

  await officer.goto(url(casePath));
  const text = await mainText(officer);
  assert.match(text, /已办结/);
  assert.doesNotMatch(text, /下一步/);
  await shot(officer, 'licence-closed.png');

  // the signed decision's PDF
  await officer.goto(url(grant));
  assert.match(await mainText(officer), /已签发\s*李丽/);
  const href = await officer.locator('main a', { hasText: 'PDF' }).first().getAttribute('href');
  const pdf = await officer.context().request.get(url(href));
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /^application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
});
