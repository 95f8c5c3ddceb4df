// 7. Importing a list from a file: the editor (陈静) chooses a file in the 音像记录事项清单's editor
// (<input type=file>, multipart/form-data with the _csrf part) — a UTF-8 CSV, a GBK CSV as Excel in
// China saves it, an XLSX (the editor's own export) — and sees the imported draft each time; a file
// with bad rows shows the per-row report and nothing is saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, submit, mainText, DESKTOP } from './lib.mjs';

const EDIT = '/workspace/publicity/jnwqb/av';
const HEADER = '编号,执法环节,记录要求,依据,记录设备,说明\r\n';
// "GBK-1,先行登记保存证据,全过程音像记录,《行政处罚法》第五十六条,执法记录仪,GBK 编码" after the header, in GBK.
const GBK = Buffer.from(
  'b1e0bac52cd6b4b7a8bbb7bdda2cbcc7c2bcd2aac7f32cd2c0bedd2cbcc7c2bcc9e8b1b82ccbb5c3f70d0a47424b2d312ccfc8d0d0b5c7bcc7b1a3b4e6d6a4bedd2c' +
  'c8abb9fdb3ccd2f4cff1bcc7c2bc2ca1b6d0d0d5feb4a6b7a3b7a8a1b7b5dacee5caaec1f9ccf52cd6b4b7a8bcc7c2bcd2c72c47424b20b1e0c2eb0d0a', 'hex');

let browser, editor;
before(async () => {
  browser = await launch();
  editor = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await login(editor, 'chenjing');
});
after(async () => { await browser?.close(); });

// Chooses the file in the editor's upload form and submits it; returns the response.
async function upload(name, mimeType, buffer) {
  await editor.goto(url(EDIT));
  const form = editor.locator('form#import-file');
  await form.locator('input[type="file"][name="file"]').setInputFiles({ name, mimeType, buffer });
  return submit(editor, form.locator('button[type="submit"]'));
}

const rowsText = async () => editor.locator('main table').first().innerText();

test('a UTF-8 CSV file replaces the draft', async () => {
  const csv = Buffer.from(HEADER + 'UTF-1,当场收缴罚款,全过程音像记录,《行政处罚法》第六十八条,执法记录仪,UTF-8 文件\r\n');
  const res = await upload('音像记录-utf8.csv', 'text/csv', csv);
  assert.equal(res.status(), 200, 'the upload is answered with the editor page after its redirect');
  assert.equal(new URL(editor.url()).pathname, EDIT);
  const text = await rowsText();
  assert.match(text, /当场收缴罚款/);
  assert.equal(await editor.locator('main div.alert[role="alert"]').count(), 0);
});

test('a GBK CSV file (as Excel in China saves it) is converted and imported', async () => {
  const res = await upload('音像记录-gbk.csv', 'text/csv', GBK);
  assert.equal(res.status(), 200);
  const text = await rowsText();
  assert.match(text, /先行登记保存证据/);
  assert.doesNotMatch(text, /当场收缴罚款/, 'the import replaced the whole draft');
});

test('an XLSX file (the editor\'s own export) is imported', async () => {
  await editor.goto(url(EDIT));
  const exported = await editor.request.get(url(`${EDIT}/export/list.xlsx`));
  assert.equal(exported.status(), 200);
  const xlsx = await exported.body();
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
  // Something else in between, so that the XLSX visibly brings the GBK row back.
  await upload('other.csv', 'text/csv', Buffer.from(HEADER + 'TMP-1,临时行,根据情况音像记录,118,执法记录仪,\r\n'));
  assert.doesNotMatch(await rowsText(), /先行登记保存证据/);
  const res = await upload('音像记录.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
  assert.equal(res.status(), 200);
  const text = await rowsText();
  assert.match(text, /先行登记保存证据/);
  assert.doesNotMatch(text, /临时行/);
  await shot(editor, 'import-xlsx.png');
});

test('a file with bad rows shows the per-row report and nothing is saved', async () => {
  await editor.goto(url(EDIT));
  const revision = await editor.locator('form#import-file input[name="revision"]').getAttribute('value');
  const before = await rowsText();
  const bad = Buffer.from(HEADER + 'BAD-1,,全程,118,执法记录仪,\r\nBAD-2,听证,全过程音像记录,,执法记录仪,\r\n');
  const res = await upload('bad.csv', 'text/csv', bad);
  assert.equal(res.status(), 400);
  const report = await editor.locator('main div.alert[role="alert"]').first().innerText();
  assert.match(report, /导入失败，没有保存任何内容/);
  assert.match(report, /第1行 · 执法环节/);
  assert.match(report, /第1行 · 记录要求/);
  assert.match(report, /第2行 · 依据/);
  await shot(editor, 'import-bad.png');
  await editor.goto(url(EDIT));
  assert.equal(await rowsText(), before, 'the draft is unchanged');
  assert.equal(await editor.locator('form#import-file input[name="revision"]').getAttribute('value'), revision);
  assert.doesNotMatch(await mainText(editor), /BAD-1/);

  // An old binary .xls is refused, saying what to do.
  const xls = await upload('old.xls', 'application/vnd.ms-excel', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
  assert.equal(xls.status(), 400);
  assert.match(await editor.locator('main div.alert[role="alert"]').first().innerText(), /旧版 Excel（\.xls）/);
});
