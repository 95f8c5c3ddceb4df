// 音像记录 (issue 17): capture in the browser. Chromium's fake camera and microphone
// (--use-fake-device-for-media-stream, --use-fake-ui-for-media-stream) record a clip through
// MediaRecorder on the case's 拍摄上传 page while the browser is offline; the clip waits in the
// queue on the device, and uploads (tus, 8 MB pieces) once the network is back. The item then is
// on the case, under the step chosen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { login, url, shot, PHONE } from './lib.mjs';

let browser, page, context;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync',
           '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  context = await browser.newContext({ viewport: PHONE, permissions: ['camera', 'microphone'] });
  page = await context.newPage();
  await login(page, 'wangqiang');
});
after(async () => { await browser?.close(); });

test('a clip recorded offline on the capture page is queued and uploaded when the network returns', { timeout: 90_000 }, async () => {
  const caseId = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/me')).json();
    const list = await (await fetch('/api/v1/cases?status=open&per_page=100')).json();
    return list.items.find((c) => c.lead_officer_id === me.id).id;
  });
  await page.goto(url(`/workspace/cases/${caseId}/capture`));
  await page.click('#record-start');
  await page.waitForFunction(() => !document.querySelector('#record-stop').disabled);
  await page.waitForTimeout(2500);
  await context.setOffline(true);
  await page.click('#record-stop');
  await page.locator('#queue li[data-state="等待网络，恢复后继续"]').waitFor({ timeout: 15_000 });
  await shot(page, 'av-capture-offline.png');
  await context.setOffline(false);
  await page.locator('#queue li[data-state="已上传"]').waitFor({ timeout: 30_000 });
  await shot(page, 'av-capture-done.png');
  const av = await page.evaluate(async (id) => (await fetch(`/api/v1/cases/${id}/av`)).json(), caseId);
  const items = av.steps.flatMap((s) => s.items);
  const clip = items.find((i) => i.filename.startsWith('现场录像-'));
  assert.ok(clip, JSON.stringify(items));
  assert.equal(clip.kind, 'video');
  assert.ok(clip.size > 1000);
  // On the case page, under its step.
  await page.goto(url(`/workspace/cases/${caseId}`));
  assert.match(await page.locator('#av').innerText(), /现场录像-/);
  await shot(page, 'av-case-page.png');
});
