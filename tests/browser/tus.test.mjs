// 音像记录 (issue 17): a real tus client — tus-js-client in Node, as it is used by default (the whole
// file in one PATCH) — uploads a large file (TUS_TEST_MB, 200 by default) to /api/v1/uploads
// through a proxy that cuts the connection twice part way; the client resumes from the offset the
// server holds (HEAD), and the stored original is compared byte for byte with what was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { BASE, PASSWORD } from './lib.mjs';

const MB = Number(process.env.TUS_TEST_MB || 200);

function cookiesOf(res, jar) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    jar[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
}
const cookieHeader = (jar) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
const csrfIn = (html) => (html.match(/name="_csrf" value="([^"]+)"/) || [])[1];

// Logs in through the form, as a browser would; returns the cookie jar and the session's CSRF token.
async function session(login) {
  const jar = {};
  let res = await fetch(BASE + '/login', { redirect: 'manual' });
  cookiesOf(res, jar);
  const form = new URLSearchParams({ _csrf: csrfIn(await res.text()), login, password: PASSWORD, next: '/workspace' });
  res = await fetch(BASE + '/login', {
    method: 'POST', body: form, redirect: 'manual',
    headers: { Cookie: cookieHeader(jar), 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 303);
  cookiesOf(res, jar);
  res = await fetch(BASE + '/workspace', { headers: { Cookie: cookieHeader(jar) } });
  return { jar, csrf: csrfIn(await res.text()) };
}

async function sha256File(path) {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
}

// A TCP proxy to the server that closes each of the first `cuts.length` upload connections once
// that many bytes went upstream through it.
function cuttingProxy(target, cuts) {
  const done = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.hostname);
    const limit = cuts[done.length];
    let sent = 0;
    client.on('data', (buf) => {
      sent += buf.length;
      if (limit !== undefined && sent > limit && buf.length > 0) {
        done.push(sent);
        upstream.write(buf.subarray(0, buf.length - (sent - limit)));
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(buf);
    });
    upstream.on('data', (buf) => client.write(buf));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, done })));
}

test(`tus-js-client uploads ${MB} MB with the connection cut twice, resumed, stored byte for byte`, { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhifa-tus-'));
  try {
    const path = join(dir, 'body-camera.bin');
    await new Promise((resolve, reject) => {
      const out = createWriteStream(path);
      out.on('error', reject);
      out.on('finish', resolve);
      const block = randomBytes(1 << 20);
      for (let i = 0; i < MB; i++) out.write(i % 2 ? block : randomBytes(1 << 20));
      out.end();
    });
    const size = statSync(path).size;
    const sent = await sha256File(path);

    const { jar, csrf } = await session('wangqiang');
    const headers = { Cookie: cookieHeader(jar), 'X-CSRF-Token': csrf };
    const me = await (await fetch(BASE + '/api/v1/me', { headers })).json();
    const cases = await (await fetch(BASE + '/api/v1/cases?status=open&per_page=100', { headers })).json();
    const mine = (cases.items || cases.cases).find((c) => c.lead_officer_id === me.id && c.status === 'open');
    assert.ok(mine, 'an open case of 王强');

    const target = new URL(BASE);
    const proxy = await cuttingProxy(target, [Math.floor(size * 0.3), Math.floor(size * 0.3)]);
    let item = '';
    try {
      await new Promise((resolve, reject) => {
        const upload = new tus.Upload(createReadStream(path), {
          endpoint: `http://127.0.0.1:${proxy.port}/api/v1/uploads`,
          uploadSize: size,
          headers,
          metadata: { filename: '执法记录仪-20261203.bin', case_id: String(mine.id), kind: 'document', device: 'JNWQB-JZY-01' },
          retryDelays: [0, 200, 500, 1000, 2000],
          removeFingerprintOnSuccess: true,
          onAfterResponse: (_req, res) => {
            const id = res.getHeader('Zhifa-Evidence-Item');
            if (id) item = id;
          },
          onError: reject,
          onSuccess: resolve,
        });
        upload.start();
      });
    } finally {
      proxy.server.close();
    }
    assert.equal(proxy.done.length, 2, 'the connection was cut twice');
    assert.ok(item, 'the finished upload names its evidence item');

    // The stored original, downloaded (with a reason, into the custody log), is what was sent.
    const res = await fetch(`${BASE}/workspace/av/${item}/download?reason=${encodeURIComponent('核对上传完整性')}`, { headers });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-content-sha256'), sent);
    const h = createHash('sha256');
    let got = 0;
    for await (const chunk of res.body) {
      h.update(chunk);
      got += chunk.length;
    }
    assert.equal(got, size);
    assert.equal(h.digest('hex'), sent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
