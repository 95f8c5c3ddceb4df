// 投诉举报 (issue 19) on a phone without JavaScript: a citizen fills the public form with a photo,
// gets the tracking code; the city office's officer accepts and answers in the workspace; the
// citizen reads the reply on the tracking page, which never shows the phone number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, url, shot, overflowX, submit, mainText, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

test('complaint on a phone without JavaScript: submit, handle, read the reply', async () => {
  const phone = { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, javaScriptEnabled: false };
  const citizenCtx = await browser.newContext(phone);
  const staffCtx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    const page = await citizenCtx.newPage();
    const res = await page.goto(url('/complaints/new'));
    assert.equal(res.status(), 200);
    assert.match(await mainText(page), /投诉举报/);
    await shot(page, 'complaint-form-phone.png');
    const { scrollWidth, innerWidth } = await overflowX(page);
    assert.ok(scrollWidth <= innerWidth, `the form overflows on a phone: ${scrollWidth} > ${innerWidth}`);
    await page.check('input[name="kind"][value="complaint"]');
    await page.selectOption('select[name="agency"]', 'rencheng');
    await page.fill('textarea[name="what_happened"]', '浏览器测试：检查时执法人员未出示执法证件。');
    await page.fill('textarea[name="request"]', '请求核查并答复。');
    await page.fill('input[name="phone"]', '13912340000');
    await page.setInputFiles('input[name="attachments"]', { name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    await page.check('input[name="consent"]');
    const sent = await submit(page, page.locator('form[action^="/complaints"] button[type="submit"]'));
    assert.equal(sent.status(), 200);
    const tracking = new URL(page.url()).pathname;
    assert.match(tracking, /^\/complaints\/[A-Za-z0-9_-]{20,}$/);
    let text = await mainText(page);
    assert.match(text, /请保存您的查询码/);
    assert.match(text, /济宁市人民政府外事侨务办公室/);  // the supervisor of 任城区
    assert.doesNotMatch(text, /13912340000/);
    await shot(page, 'complaint-phone.png');

    const staff = await staffCtx.newPage();
    await login(staff, 'wangqiang');
    await staff.goto(url('/workspace/complaints'));
    await Promise.all([staff.waitForURL(/\/workspace\/complaints\/\d+$/), staff.click('a:has-text("浏览器测试")')]);
    await submit(staff, staff.locator('form:has(input[name="action"][value="accept"]) button'));
    assert.match(await mainText(staff), /13912340000/);  // the assigned handler sees the contact
    await shot(staff, 'complaint-workspace-phone.png');
    await staff.check('input[name="finding"][value="not_upheld"]');
    await staff.fill('textarea[name="reply"]', '经核实，执法人员已出示执法证件。');
    await submit(staff, staff.locator('form:has(input[name="action"][value="reply"]) button'));
    assert.match(await mainText(staff), /已答复/);

    await page.goto(url(tracking));
    text = await mainText(page);
    assert.match(text, /已答复，办结/);
    assert.match(text, /经核实，执法人员已出示执法证件/);
    assert.doesNotMatch(text, /13912340000/);
  } finally {
    await citizenCtx.close();
    await staffCtx.close();
  }
});
