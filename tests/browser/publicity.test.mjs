// 6. Publicity before enforcement: the editor (陈静) adds a row to the 行政执法事项清单 through the editor
// form and submits it; the agency head (李丽, publicity.review) approves; the editor publishes
// (publicity.edit); the public portal shows the new row and its history lists the new version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, DESKTOP } from './lib.mjs';

const EDIT = '/workspace/publicity/jnwqb/matters';
const CODE = 'JNWQB-QT-' + String(Date.now() % 1000).padStart(3, '0');
const NAME = '华侨捐赠兴办公益事业备案（浏览器测试）';
const NOTE = `新增${NAME}`;

let browser, editor, head;
let currentVersion;
before(async () => {
  browser = await launch();
  editor = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await login(editor, 'chenjing');
  head = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await login(head, 'lili');
});
after(async () => { await browser?.close(); });

const state = async (page) => (await page.locator('main .tag[class*="state-"]').first().innerText()).trim();

test('the editor adds a row through the editor form and submits the draft for review', async () => {
  await editor.goto(url(EDIT));
  currentVersion = Number((await mainText(editor)).match(/现行第(\d+)版/)[1]);
  const form = editor.locator('#row-form form');
  await form.locator('input[name="code"]').fill(CODE);
  await form.locator('select[name="category"]').selectOption('其他');
  await form.locator('input[name="name"]').fill(NAME);
  await form.locator('textarea[name="legal_basis"]').fill('《中华人民共和国公益事业捐赠法》第二十五条');
  await form.locator('input[name="handling_unit"]').fill('侨务工作科');
  await form.locator('input[name="time_limit"]').fill('20个工作日');
  let res = await submit(editor, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `保存到草稿 answered ${res.status()}`);
  assert.equal(await state(editor), '草稿');
  const diff = editor.locator('article.diff.added', { hasText: CODE });
  assert.equal(await diff.count(), 1, 'the change against the current version lists the new row');
  assert.match(await diff.innerText(), new RegExp(NAME.replace(/[()（）]/g, '.')));

  res = await submit(editor, editor.locator(`form[action="${EDIT}/submit"] button[type="submit"]`));
  assert.ok(res.status() < 400, `提交审查 answered ${res.status()}`);
  assert.equal(await state(editor), '已提交审查');
  await shot(editor, 'publicity-submitted.png');
});

test('the agency head approves; a supervisor cannot', async () => {
  // 周建 (supervisor) may view but holds no publicity.review: no approve button
  const sup = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await login(sup, 'zhoujian');
  await sup.goto(url(EDIT));
  assert.equal(await sup.locator(`form[action="${EDIT}/approve"]`).count(), 0);

  await head.goto(url(EDIT));
  assert.equal(await state(head), '已提交审查');
  const res = await submit(head, head.locator(`form[action="${EDIT}/approve"] button[type="submit"]`));
  assert.ok(res.status() < 400, `审查通过 answered ${res.status()}`);
  assert.equal(await state(head), '审查通过');
  assert.match(await mainText(head), /审查通过：李丽/);
});

test('the editor publishes with a note', async () => {
  await editor.goto(url(EDIT));
  const form = editor.locator(`form[action="${EDIT}/publish"]`);
  await form.locator('input[name="note"]').fill(NOTE);
  const res = await submit(editor, form.locator('button[type="submit"]'));
  assert.ok(res.status() < 400, `发布 answered ${res.status()}`);
  assert.equal(await state(editor), '已发布');
  assert.match(await mainText(editor), new RegExp(`现行第${currentVersion + 1}版`));
});

test('the public portal shows the new row and the history lists the new version', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP }); // anonymous
  const page = await ctx.newPage();
  let res = await page.goto(url('/agencies/jnwqb/publicity/matters'));
  assert.equal(res.status(), 200);
  let text = await mainText(page);
  assert.ok(text.includes(`第${currentVersion + 1}版`), `the portal is not at version ${currentVersion + 1}`);
  assert.ok(text.includes(NOTE));
  assert.ok(text.includes(NAME), 'the new row is not on the portal');
  assert.ok(text.includes(CODE));
  await shot(page, 'publicity-portal.png');

  await Promise.all([page.waitForURL(/\/history/), page.locator('main a[href="/agencies/jnwqb/publicity/matters/history"]').first().click()]);
  const row = page.locator('tbody tr', { has: page.locator(`a[href="/agencies/jnwqb/publicity/matters?version=${currentVersion + 1}"]`) });
  assert.equal(await row.count(), 1, 'the history has no row for the new version');
  assert.ok((await row.innerText()).includes(NOTE));
  text = await mainText(page);
  assert.ok(text.includes(CODE), 'the history diff does not show the added row');
  await shot(page, 'publicity-history.png');
});
