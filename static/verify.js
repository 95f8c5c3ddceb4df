// Checks, in the citizen's own browser, that a published record is in the tamper-evident
// ledger: (1) the latest checkpoint is signed by the published verifier key (C2SP signed note,
// Ed25519); (2) the ledger entry's leaf hash, with the inclusion proof, gives the checkpoint's
// root (RFC 9162 §2.1.3.2); (3) the record shown on the page hashes to the SHA-256 the entry
// carries. Nothing here is trusted from the page: hashes are recomputed from fetched bytes.
// Without JavaScript the page offers the bundle for `zhifa verify --bundle`.
(function () {
  var box = document.getElementById('verify');
  if (!box || !window.crypto || !crypto.subtle || !window.fetch || !window.TextEncoder) return;
  var button = box.querySelector('.verify-button');
  var out = box.querySelector('.verify-result');
  var en = document.documentElement.lang === 'en';
  button.hidden = false;

  function say(zh, eng, cls) {
    out.textContent = en ? eng : zh;
    out.className = 'verify-result ' + (cls || '');
  }
  function b64(s) {
    var bin = atob(s.trim()), a = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) a[i] = bin.charCodeAt(i);
    return a;
  }
  function hex(a) {
    var s = '';
    for (var i = 0; i < a.length; i++) s += (a[i] < 16 ? '0' : '') + a[i].toString(16);
    return s;
  }
  function concat() {
    var n = 0, i, off = 0;
    for (i = 0; i < arguments.length; i++) n += arguments[i].length;
    var a = new Uint8Array(n);
    for (i = 0; i < arguments.length; i++) { a.set(arguments[i], off); off += arguments[i].length; }
    return a;
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }
  async function node(l, r) { return sha256(concat(new Uint8Array([1]), l, r)); }
  async function get(url, kind) {
    var r = await fetch(url, { cache: 'no-store' });
    if (!r.ok) throw new Error(url + ' → HTTP ' + r.status);
    return kind === 'bytes' ? new Uint8Array(await r.arrayBuffer()) : kind === 'json' ? r.json() : r.text();
  }

  // RFC 9162 §2.1.3.2: the root an inclusion proof gives for leaf `index` in a tree of `size`.
  async function rootFromProof(index, size, leaf, proof) {
    if (index >= size) throw new Error('index ≥ size');
    var fn = index, sn = size - 1, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0) throw new Error('proof too long');
      if (fn % 2 === 1 || fn === sn) {
        r = await node(proof[i], r);
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await node(r, proof[i]);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw new Error('proof too short');
    return r;
  }

  // A C2SP signed note: body lines, a blank line, then "— <name> <base64(keyhash4 || sig64)>".
  async function checkNote(note, verifierKey) {
    var split = note.indexOf('\n\n');
    if (split < 0) throw new Error('checkpoint without signatures');
    var body = note.slice(0, split + 1);
    // name+hash+base64(0x01 || key): the name has no '+', the hash is 8 hex digits, base64 may have '+'.
    var m0 = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+\/=]+)$/.exec(verifierKey.trim());
    if (!m0) throw new Error('bad verifier key');
    var name = m0[1], keyhash = m0[2], key = b64(m0[3]);
    if (key.length !== 33 || key[0] !== 1) throw new Error('not an Ed25519 verifier key');
    var lines = note.slice(split + 2).split('\n'), sig = null;
    for (var i = 0; i < lines.length; i++) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(lines[i]);
      if (m && m[1] === name) {
        var raw = b64(m[2]);
        if (hex(raw.slice(0, 4)) === keyhash) sig = raw.slice(4);
      }
    }
    if (!sig || sig.length !== 64) throw new Error('no signature by ' + name);
    var cryptoKey = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
    var ok = await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, sig, new TextEncoder().encode(body));
    if (!ok) throw new Error('bad signature');
    var b = body.split('\n');
    return { origin: b[0], size: parseInt(b[1], 10), root: b64(b[2]) };
  }

  button.addEventListener('click', async function () {
    button.disabled = true;
    say('正在核验…', 'Verifying…');
    try {
      var index = parseInt(box.dataset.index, 10);
      var note = await get('/ledger/checkpoint', 'text');
      var vkey = await get('/ledger/verifier-key', 'text');
      var cp;
      try {
        cp = await checkNote(note, vkey);
      } catch (e) {
        if (String(e.name) === 'NotSupportedError') { say('此浏览器不支持 Ed25519 签名验证，请下载验证包离线核验。', 'This browser cannot check Ed25519 signatures; download the bundle instead.', 'bad'); return; }
        throw e;
      }
      if (index >= cp.size) { say('这条记录晚于最新检查点（第 ' + cp.size + ' 条），请稍后再核验。', 'This entry is newer than the latest checkpoint (size ' + cp.size + '); try again shortly.', 'warn'); return; }
      var entry = await get('/ledger/entries/' + index, 'bytes');
      var leaf = await sha256(concat(new Uint8Array([0]), entry));
      var proof = await get('/ledger/proof/inclusion?index=' + index + '&size=' + cp.size, 'json');
      var root = await rootFromProof(index, cp.size, leaf, proof.hashes.map(b64));
      if (!equal(root, cp.root)) throw new Error('root mismatch');
      var event = JSON.parse(new TextDecoder().decode(entry));
      if (box.dataset.record) {
        var record = await get(box.dataset.record, 'bytes');
        var digest = hex(await sha256(record));
        if (digest !== event.payload.record_sha256 || digest !== box.dataset.sha) throw new Error('record hash mismatch');
      }
      say('核验通过：账本第 ' + index + ' 条记录（' + event.kind + '，' + event.time + '）包含在经签名的检查点（共 ' + cp.size + ' 条）中' +
          (box.dataset.record ? '，本页记录与账本一致。' : '。'),
          'Verified: ledger entry ' + index + ' (' + event.kind + ', ' + event.time + ') is in the signed checkpoint of size ' + cp.size +
          (box.dataset.record ? ', and this record matches it.' : '.'), 'ok');
    } catch (e) {
      say('核验失败：' + e.message, 'Verification FAILED: ' + e.message, 'bad');
    } finally {
      button.disabled = false;
    }
  });
})();
