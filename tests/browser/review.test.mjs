// 4. Legal review of a major decision (法制审核, 行政处罚法第五十八条): the legal reviewer takes a waiting
// submission, answers the 11-element checklist (one element a problem, with a comment), returns it with
// reasons, and the handling officer sees it returned. An opinion before the checklist is complete is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, DESKTOP } from './lib.mjs';

let browser, reviewer;
let reviewUrl, caseTitle, submitterName;
before(async () => {
  browser = await launch();
  reviewer = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await login(reviewer, 'zhaomin');
});
after(async () => { await browser?.close(); });

const PROBLEM = 4; // 证据是否确凿、充分
const PROBLEM_COMMENT = '缺少外籍人员入境记录等关键证据';
const REASONS = '证据不足：请补充外籍人员入境记录和邀请函件原件后重新报送。';

test('the reviewer finds a waiting (待领取) submission on /workspace/review and takes it', async () => {
  await reviewer.goto(url('/workspace/review'));
  const row = reviewer.locator('tbody tr', { hasText: '待领取' }).first();
  assert.equal(await row.count(), 1, 'no submission waiting for review in the demo');
  await Promise.all([reviewer.waitForURL(/\/workspace\/review\/\d+$/), row.locator('a').first().click()]);
  reviewUrl = new URL(reviewer.url()).pathname;
  caseTitle = (await reviewer.locator('main h1').first().innerText()).trim();
  submitterName = (await reviewer.locator('dt:has-text("提交人") + dd').innerText()).replace(/（.*$/, '').trim();
  assert.ok(submitterName, 'the submission names its submitter');

  const res = await submit(reviewer, reviewer.locator('form[action$="/take"] button[type="submit"]'));
  assert.ok(res.status() < 400, `领取审核 answered ${res.status()}`);
  const text = await mainText(reviewer);
  assert.match(text, /审核中/);
  assert.match(await reviewer.locator('dt:has-text("审核人员") + dd').innerText(), /赵敏/);
  assert.match(text, /要素清单（0\/11）/);
  assert.equal(await reviewer.locator('form[action$="/elements"] fieldset.element').count(), 11);
});

test('giving an opinion before all 11 elements are answered is refused with a message', async () => {
  assert.ok(reviewUrl, 'no submission was taken');
  await reviewer.goto(url(reviewUrl));
  const form = reviewer.locator('form[action$="/opinion"]');
  await form.locator('input[name="opinion"][value="problems"]').check();
  await form.locator('textarea[name="text"]').fill(REASONS);
  const res = await submit(reviewer, form.locator('button[type="submit"]'));
  assert.equal(res.status(), 400);
  const text = await mainText(reviewer);
  assert.match(text, /要素清单尚有未填写的项目/);
  assert.match(text, /全部填写后才能出具审核意见/);
  assert.match(text, /审核中/, 'the submission is still in review');
  assert.doesNotMatch(text, /已退回承办机构/);
  await shot(reviewer, 'review-opinion-refused.png');
});

test('the reviewer answers all 11 elements (one a problem with a comment) and returns it with reasons', async () => {
  assert.ok(reviewUrl, 'no submission was taken');
  await reviewer.goto(url(reviewUrl));
  const checklist = reviewer.locator('form[action$="/elements"]');
  for (let i = 1; i <= 11; i++) {
    await checklist.locator(`input[name="answer_${i}"][value="${i === PROBLEM ? 'problem' : 'pass'}"]`).check();
  }
  await checklist.locator(`input[name="comment_${PROBLEM}"]`).fill(PROBLEM_COMMENT);
  let res = await submit(reviewer, checklist.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `保存要素清单 answered ${res.status()}`);
  assert.match(await mainText(reviewer), /要素清单（11\/11）/);
  // the answers were kept
  assert.ok(await reviewer.isChecked(`input[name="answer_${PROBLEM}"][value="problem"]`));
  assert.equal(await reviewer.inputValue(`input[name="comment_${PROBLEM}"]`), PROBLEM_COMMENT);

  const form = reviewer.locator('form[action$="/opinion"]');
  await form.locator('input[name="opinion"][value="problems"]').check();
  await form.locator('textarea[name="text"]').fill(REASONS);
  res = await submit(reviewer, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `出具意见 answered ${res.status()}`);
  const text = await mainText(reviewer);
  assert.match(await reviewer.locator('main h1 + p .tag').first().innerText(), /已退回承办机构/);
  assert.match(text, /存在问题，退回/);
  assert.ok(text.includes(REASONS), 'the reasons are shown with the opinion');
  const problemRow = reviewer.locator('tr', { hasText: '证据是否确凿、充分' });
  assert.match(await problemRow.innerText(), /存在问题/);
  assert.ok((await problemRow.innerText()).includes(PROBLEM_COMMENT));
  assert.match(text, /review\.returned/, 'the return is in the ledger');
  await shot(reviewer, 'review-returned.png');

  await reviewer.goto(url('/workspace/review'));
  const row = reviewer.locator('tbody tr', { has: reviewer.locator(`a[href="${reviewUrl}"]`) });
  assert.match(await row.innerText(), /已退回承办机构/);
});

test('the handling officer who submitted it sees it returned on the dashboard and the review list', async () => {
  assert.ok(reviewUrl && submitterName, 'no submission was returned');
  // the demo's officers; the submitter is the one whose dashboard header carries the submitter's name
  let officer;
  for (const who of ['wangqiang', 'liuyang']) {
    const ctx = await browser.newContext({ viewport: DESKTOP });
    const page = await ctx.newPage();
    await login(page, who);
    await page.goto(url('/workspace'));
    if ((await mainText(page)).includes(`${submitterName}（${who}）`)) { officer = page; break; }
    await ctx.close();
  }
  assert.ok(officer, `no demo officer is ${submitterName}`);
  const dash = await mainText(officer);
  assert.ok(dash.includes(`法制审核退回：${caseTitle}`), `the dashboard does not show 法制审核退回：${caseTitle}`);
  await shot(officer, 'review-officer-dashboard.png');

  await officer.goto(url('/workspace/review'));
  const row = officer.locator('tbody tr', { has: officer.locator(`a[href="${reviewUrl}"]`) });
  assert.equal(await row.count(), 1, 'the officer does not see the submission in the review list');
  assert.match(await row.innerText(), /已退回承办机构/);
  await Promise.all([officer.waitForURL((u) => u.pathname === reviewUrl), row.locator(`a[href="${reviewUrl}"]`).click()]);
  assert.ok((await mainText(officer)).includes(REASONS), 'the officer reads the reviewer\'s reasons');
});
