// The in-browser draw verifier (static/draw_verify.js) without a browser: its MD5 against Node's
// own crypto on many inputs, the RFC 3797 worked example, and a draw of 70,000 of 1,000,000 in
// sub-draws (KEY/1, KEY/2) — the same positions `zhifa draw rfc3797` prints — whose record
// verifies, while a changed sub-draw key or pick does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
if (!globalThis.crypto) globalThis.crypto = webcrypto;
const Z = createRequire(import.meta.url)(path.join(ROOT, 'static/draw_verify.js'));

test('MD5 equals node:crypto on many inputs', () => {
  let seed = 3797;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < 600; n++) {
    const len = n < 200 ? n : Math.floor(rand() * 5000);
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = Math.floor(rand() * 256);
    const ours = Buffer.from(Z.md5(bytes)).toString('hex');
    assert.equal(ours, createHash('md5').update(bytes).digest('hex'), `length ${len}`);
  }
});

test('RFC 3797 section 6 worked example', () => {
  assert.equal(Z.canonicalKey(['9319', '2 5 12 8 10', '9 18 26 34 41 45']), '9319./2.5.8.10.12./9.18.26.34.41.45./');
  assert.deepEqual(Z.select('9319./2.5.8.10.12./9.18.26.34.41.45./', 25, 10), [17, 7, 2, 16, 25, 23, 8, 24, 19, 13]);
});

test('70,000 of 1,000,000 in sub-draws: verified, and a changed sub-draw key is not', async () => {
  const key = '3.14.15./65.92./';
  const picks = Z.select(key, 1000000, 70000);
  assert.equal(new Set(picks).size, 70000);
  assert.deepEqual(Z.select(key + '/1', 1000000, 65536), picks.slice(0, 65536));
  const bin = process.env.ZHIFA_BIN || path.join(ROOT, 'build/zhifa');
  const cli = execFileSync(bin, ['draw', 'rfc3797', '--key', key, '--pool', '1000000', '--select', '70000'],
                           { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'ignore'] });
  assert.deepEqual(cli.trim().split('\n').map(Number), picks);
  const sha = async (v) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(v)))).toString('hex');
  const objects = Array.from({ length: 1000000 }, (_, i) => ({ code: String(i + 1) }));
  const inspectors = [{ certificate: '1' }, { certificate: '2' }];
  const rec = {
    key, randomness: { values: ['3 14 15', '92 65'] }, select: 70000, selected_positions: picks,
    sub_draws: Z.subDraws(key, 70000),
    objects: { candidates: objects, sha256: await sha(objects) },
    inspectors: { candidates: inspectors, sha256: await sha(inspectors) }, inspections: [],
  };
  assert.deepEqual(rec.sub_draws.map((s) => [s.number, s.key, s.select]), [[1, key + '/1', 65536], [2, key + '/2', 4464]]);
  assert.equal(await Z.verify(rec), null);
  rec.sub_draws[1].key = key + '/3';
  assert.equal(await Z.verify(rec), 'sub_draws');
  rec.sub_draws[1].key = key + '/2';
  rec.selected_positions[69999] = rec.selected_positions[69999] % 1000000 + 1;
  assert.equal(await Z.verify(rec), 'selected_positions');
});

test('every draw of the demo server verifies; a changed risk-grade pool key does not', { skip: !process.env.ZHIFA_URL }, async () => {
  const base = process.env.ZHIFA_URL;
  const list = await (await fetch(base + '/inspections/draws.json?per_page=100')).json();
  let pools = 0;
  for (const d of list.items) {
    const rec = await (await fetch(base + d.url)).json();
    assert.equal(await Z.verify(rec), null, d.url);
    if (!rec.pools) continue;
    pools += 1;
    const key = rec.pools[0].key;
    rec.pools[0].key = rec.key + '/N';
    assert.equal(await Z.verify(rec), 'pools[0]');
    rec.pools[0].key = key;
  }
  assert.ok(pools >= 1, 'the demo has a draw in risk-grade pools (兖州)');
});
