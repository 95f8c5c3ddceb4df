// Re-runs a published 双随机 draw in the citizen's own browser (RFC 3797): the canonical key from
// the published values, each frozen list's SHA-256 (WebCrypto), the object draw and every
// inspector draw. WebCrypto has no MD5, so a small MD5 (RFC 1321) is here, tested against
// Node's crypto in tests/browser. Nothing is trusted from the page: the record is fetched.
var ZhifaDraw = (function () {
  function md5(bytes) {
    var K = new Array(64), S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21], i;
    for (i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) >>> 0;
    var n = bytes.length, padded = new Uint8Array(((n + 8) >> 6) * 64 + 64);
    padded.set(bytes);
    padded[n] = 0x80;
    var bits = n * 8, end = padded.length;
    for (i = 0; i < 4; i++) padded[end - 8 + i] = (bits >>> (8 * i)) & 0xff;
    var hi = Math.floor(n / 536870912);
    for (i = 0; i < 4; i++) padded[end - 4 + i] = (hi >>> (8 * i)) & 0xff;
    var a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476, M = new Array(16);
    for (var off = 0; off < end; off += 64) {
      for (i = 0; i < 16; i++)
        M[i] = padded[off + 4 * i] | (padded[off + 4 * i + 1] << 8) | (padded[off + 4 * i + 2] << 16) | (padded[off + 4 * i + 3] << 24);
      var A = a0, B = b0, C = c0, D = d0, F, g;
      for (i = 0; i < 64; i++) {
        if (i < 16) { F = (B & C) | (~B & D); g = i; }
        else if (i < 32) { F = (D & B) | (~D & C); g = (5 * i + 1) % 16; }
        else if (i < 48) { F = B ^ C ^ D; g = (3 * i + 5) % 16; }
        else { F = C ^ (B | ~D); g = (7 * i) % 16; }
        F = (F + A + K[i] + M[g]) | 0;
        A = D; D = C; C = B;
        var s = S[(i >> 4) * 4 + (i % 4)];
        B = (B + ((F << s) | (F >>> (32 - s)))) | 0;
      }
      a0 = (a0 + A) | 0; b0 = (b0 + B) | 0; c0 = (c0 + C) | 0; d0 = (d0 + D) | 0;
    }
    var out = new Uint8Array(16), words = [a0, b0, c0, d0];
    for (i = 0; i < 16; i++) out[i] = (words[i >> 2] >>> (8 * (i % 4))) & 0xff;
    return out;
  }
  var enc = new TextEncoder();
  function hex(a) {
    var s = '';
    for (var i = 0; i < a.length; i++) s += (a[i] < 16 ? '0' : '') + a[i].toString(16);
    return s;
  }
  // RFC 3797: MD5(u16be(i) ‖ key ‖ u16be(i)) mod the candidates left; positions 1-based.
  // The remaining candidates as a Fenwick tree of 0/1 (an array splice would take minutes for a
  // pool of a million): take(rank) removes and returns the (rank+1)-th smallest position left.
  function positionPool(n) {
    var tree = new Int32Array(n + 1), top = 1, i;
    for (i = 1; i <= n; i++) {
      tree[i] += 1;
      var parent = i + (i & -i);
      if (parent <= n) tree[parent] += tree[i];
    }
    while (top * 2 <= n) top *= 2;
    return {
      size: n,
      take: function (rank) {
        var pos = 0;
        for (var step = top; step > 0; step >>= 1)
          if (pos + step <= n && tree[pos + step] <= rank) { pos += step; rank -= tree[pos]; }
        pos += 1;
        for (var j = pos; j <= n; j += j & -j) tree[j] -= 1;
        this.size -= 1;
        return pos;
      }
    };
  }
  function pick(k, i, left) {
    var buf = new Uint8Array(k.length + 4);
    buf[0] = buf[k.length + 2] = (i >> 8) & 0xff;
    buf[1] = buf[k.length + 3] = i & 0xff;
    buf.set(k, 2);
    var d = md5(buf), r = 0;
    for (var j = 0; j < 16; j++) r = (r * 256 + d[j]) % left.size;
    return left.take(r);
  }
  var MAX_PICKS = 65536;  // RFC 3797's 16-bit index: picks per key
  // Sub-draw n (1-based) of a draw over 65,536 picks: key KEY + "/" + n, index from 0, among the
  // candidates the earlier sub-draws left (src/inspection/rfc3797.h).
  function subDrawKey(key, n) { return key + '/' + n; }
  function subDraws(key, count) {
    var out = [];
    if (count <= MAX_PICKS) return out;
    for (var n = 1; (n - 1) * MAX_PICKS < count; n++)
      out.push({ number: n, key: subDrawKey(key, n), select: Math.min(MAX_PICKS, count - (n - 1) * MAX_PICKS) });
    return out;
  }
  function select(key, pool, count) {
    var left = positionPool(pool), out = [], i, s;
    if (count <= MAX_PICKS) {
      var k = enc.encode(key);
      for (i = 0; i < count; i++) out.push(pick(k, i, left));
      return out;
    }
    var subs = subDraws(key, count);
    for (s = 0; s < subs.length; s++) {
      var sk = enc.encode(subs[s].key);
      for (i = 0; i < subs[s].select; i++) out.push(pick(sk, i, left));
    }
    return out;
  }
  function canonicalKey(values) {
    return values.map(function (v) {
      var nums = (v.match(/[0-9]+/g) || []).map(function (x) { return x.replace(/^0+(?=.)/, ''); });
      nums.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); });
      return nums.map(function (x) { return x + '.'; }).join('') + '/';
    }).join('');
  }
  // Risk-grade pools (src/inspection/draw_record.h): 高 H, 中 M, 低 L, 未分级 N, each its own draw
  // with the key KEY + "/" + code among its candidates, at its own proportion.
  var CODES = { '高': 'H', '中': 'M', '低': 'L', '未分级': 'N' };
  function toDraw(proportion, n) {
    var m = /^\s*(\d+)\s*(%|％)?\s*$/.exec(proportion), c = /^\s*(\d+)\s*(家|户|个)\s*$/.exec(proportion);
    if (m) return Math.max(1, Math.min(Math.ceil(n * Number(m[1]) / 100), n));
    return c ? Math.min(Number(c[1]), n) : -1;
  }
  function sameSubs(got, want) {
    if (got.length !== want.length) return false;
    for (var n = 0; n < want.length; n++)
      if (got[n].number !== want[n].number || got[n].key !== want[n].key || got[n].select !== want[n].select) return false;
    return true;
  }
  function checkPools(rec) {
    var named = (rec.risk_proportions.match(/[高中低]/g) || []), order = ['高', '中', '低'].filter(function (g) { return named.indexOf(g) >= 0; });
    order.push('未分级');
    var members = {}, all = [], i;
    order.forEach(function (g) { members[g] = []; });
    rec.objects.candidates.forEach(function (c, at) {
      members[order.indexOf(c.risk_grade) >= 0 && c.risk_grade !== '未分级' ? c.risk_grade : '未分级'].push(at + 1);
    });
    var expect = order.filter(function (g) { return members[g].length > 0; });
    if (expect.length !== rec.pools.length) return 'pools';
    for (i = 0; i < expect.length; i++) {
      var pool = rec.pools[i], g = expect[i], n = members[g].length;
      if (pool.grade !== g || pool.key !== rec.key + '/' + CODES[g] || pool.size !== n || pool.select !== toDraw(pool.proportion, n) ||
          pool.selected_positions.length !== pool.select || !sameSubs(pool.sub_draws || [], subDraws(pool.key, pool.select)))
        return 'pools[' + i + ']';
      if (!same(select(pool.key, n, pool.select), pool.selected_positions)) return 'pools[' + i + '].selected_positions';
      all = all.concat(pool.selected_positions.map(function (p) { return members[g][p - 1]; }));
    }
    return same(all, rec.selected_positions) ? null : 'selected_positions';
  }
  function sha256(text) {
    return crypto.subtle.digest('SHA-256', enc.encode(text)).then(function (h) { return hex(new Uint8Array(h)); });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  // Resolves to null when the record re-runs, else the first difference.
  function verify(rec) {
    if (canonicalKey(rec.randomness.values) !== rec.key) return Promise.resolve('key');
    return Promise.all([sha256(JSON.stringify(rec.objects.candidates)), sha256(JSON.stringify(rec.inspectors.candidates))]).then(function (h) {
      if (h[0] !== rec.objects.sha256) return 'objects.sha256';
      if (h[1] !== rec.inspectors.sha256) return 'inspectors.sha256';
      if (rec.pools) {
        var p = checkPools(rec);
        if (p) return p;
      }
      var subs = rec.pools ? [] : subDraws(rec.key, rec.selected_positions.length), got = rec.sub_draws || [];
      if (!sameSubs(got, subs)) return 'sub_draws';
      if (!rec.pools && !same(select(rec.key, rec.objects.candidates.length, rec.selected_positions.length), rec.selected_positions))
        return 'selected_positions';
      for (var i = 0; i < rec.inspections.length; i++) {
        var ins = rec.inspections[i];
        if (ins.key !== rec.key + ins.object_position + './') return 'inspections[' + i + '].key';
        if (ins.selected_positions.length > MAX_PICKS) return 'inspections[' + i + ']';
        if (!same(select(ins.key, rec.inspectors.candidates.length, ins.selected_positions.length), ins.selected_positions)) return 'inspections[' + i + ']';
        var skipped = ins.skipped.map(function (s) { return s.position; });
        if (!same(ins.selected_positions.filter(function (p) { return skipped.indexOf(p) < 0; }), ins.assigned) || ins.assigned.length < 2)
          return 'inspections[' + i + '].assigned';
      }
      return null;
    });
  }
  function wire() {
    var button = document.querySelector('.verify-draw-button'), out = document.querySelector('.verify-draw-result');
    if (!button || !window.fetch || !window.crypto || !crypto.subtle) return;
    var en = document.documentElement.lang === 'en';
    button.hidden = false;
    button.addEventListener('click', function () {
      out.textContent = en ? 'Checking…' : '正在重算…';
      fetch(button.getAttribute('data-record')).then(function (r) { return r.json(); }).then(verify).then(function (diff) {
        out.className = 'verify-draw-result verdict ' + (diff ? 'bad' : 'ok');
        out.textContent = diff ? (en ? 'Does NOT match at ' : '不一致：') + diff
                               : (en ? 'Verified: this draw re-runs exactly as published.' : '验证通过：按公布的数据重算，结果与公布的完全一致。');
      }).catch(function (e) { out.textContent = (en ? 'Could not check: ' : '无法验证：') + e; });
    });
  }
  if (typeof document !== 'undefined') wire();
  return { md5: md5, select: select, subDraws: subDraws, canonicalKey: canonicalKey, verify: verify };
})();
if (typeof module !== 'undefined') module.exports = ZhifaDraw;
