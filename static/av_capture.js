// 拍摄上传 (issue 17): camera and microphone through MediaRecorder, photos, files from the gallery.
// Every file is first put in a queue on the device (IndexedDB), then uploaded with the tus 1.0
// protocol to /api/v1/uploads in 8 MB pieces; losing the network or closing the page loses nothing:
// on return (or when the network comes back) each queued file asks the server where it stands
// (HEAD) and continues from there. Progress is shown per file.
(function () {
  'use strict';
  var root = document.getElementById('capture');
  var queueList = document.getElementById('queue');
  if (!root || !queueList) return;
  var caseId = root.getAttribute('data-case');
  var csrf = root.getAttribute('data-csrf');
  var CHUNK = 8 * 1024 * 1024;
  var dbPromise = null;
  var running = {};

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open('zhifa-av', 1);
        req.onupgradeneeded = function () { req.result.createObjectStore('queue', { keyPath: 'key' }); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }
  function store(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction('queue', mode);
        var r = fn(tx.objectStore('queue'));
        tx.oncomplete = function () { resolve(r && r.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  var put = function (item) { return store('readwrite', function (s) { return s.put(item); }); };
  var remove = function (key) { return store('readwrite', function (s) { return s.delete(key); }); };
  var all = function () { return store('readonly', function (s) { return s.getAll(); }); };

  function b64(text) { return btoa(unescape(encodeURIComponent(text))); }
  function kindOf(type) {
    if (type.indexOf('video/') === 0) return 'video';
    if (type.indexOf('audio/') === 0) return 'audio';
    if (type.indexOf('image/') === 0) return 'photo';
    return 'document';
  }
  function sizeText(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.ceil(n / 1024) + ' KB'; }

  function row(item) {
    var li = document.getElementById('q-' + item.key);
    if (!li) {
      li = document.createElement('li');
      li.id = 'q-' + item.key;
      li.innerHTML = '<span class="q-name"></span> <progress max="100" value="0"></progress> <span class="q-state"></span>';
      li.querySelector('.q-name').textContent = item.name + '（' + sizeText(item.blob.size) + '）';
      queueList.appendChild(li);
    }
    return li;
  }
  function show(item, pct, state) {
    var li = row(item);
    li.querySelector('progress').value = pct;
    li.querySelector('.q-state').textContent = state;
    li.setAttribute('data-state', state);
  }

  function headers(extra) {
    var h = { 'Tus-Resumable': '1.0.0', 'X-CSRF-Token': csrf };
    for (var k in extra) h[k] = extra[k];
    return h;
  }
  function fail(res) {
    return res.json().then(function (j) { throw new Error(j.error || ('HTTP ' + res.status)); }, function () { throw new Error('HTTP ' + res.status); });
  }

  // Where the server stands: creates the upload the first time.
  function offsetOf(item) {
    if (!item.url) {
      var meta = 'filename ' + b64(item.name) + ',case_id ' + b64(caseId) + ',kind ' + b64(item.kind) + ',step ' + b64(item.step) +
                 ',recorded_at ' + b64(item.recorded_at) + (item.device ? ',device ' + b64(item.device) : '');
      return fetch('/api/v1/uploads', { method: 'POST', credentials: 'same-origin',
                                        headers: headers({ 'Upload-Length': String(item.blob.size), 'Upload-Metadata': meta }) })
        .then(function (res) {
          if (res.status !== 201) return fail(res);
          item.url = new URL(res.headers.get('Location'), location.href).pathname;
          return put(item).then(function () { return 0; });
        });
    }
    return fetch(item.url, { method: 'HEAD', credentials: 'same-origin', headers: headers({}) }).then(function (res) {
      if (res.status !== 200) throw new Error(res.status === 410 ? '上传已过期，请重新选择文件' : '服务器不认识这次上传（HTTP ' + res.status + '）');
      return Number(res.headers.get('Upload-Offset'));
    });
  }

  function send(item, offset) {
    show(item, Math.floor(100 * offset / Math.max(item.blob.size, 1)), '上传中');
    if (offset >= item.blob.size && item.blob.size > 0) return Promise.resolve();
    var piece = item.blob.slice(offset, Math.min(offset + CHUNK, item.blob.size));
    return fetch(item.url, { method: 'PATCH', credentials: 'same-origin', body: piece,
                             headers: headers({ 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' }) })
      .then(function (res) {
        if (res.status !== 204) return fail(res);
        var next = Number(res.headers.get('Upload-Offset'));
        if (next >= item.blob.size) return;
        return send(item, next);
      });
  }

  function upload(item) {
    if (running[item.key]) return;
    running[item.key] = true;
    offsetOf(item)
      .then(function (offset) { return send(item, offset); })
      .then(function () { show(item, 100, '已上传'); return remove(item.key); })
      .catch(function (e) {
        var offline = !navigator.onLine || e instanceof TypeError;
        show(item, Number(row(item).querySelector('progress').value), offline ? '等待网络，恢复后继续' : '失败：' + e.message);
        if (offline) setTimeout(function () { upload(item); }, 3000);
      })
      .then(function () { delete running[item.key]; });
  }

  function enqueue(blob, name, recordedAt) {
    var item = {
      key: Date.now() + '-' + Math.random().toString(36).slice(2), caseId: caseId, blob: blob, name: name, kind: kindOf(blob.type || ''),
      step: document.getElementById('capture-step').value, device: document.getElementById('capture-device').value.trim(),
      recorded_at: recordedAt, url: ''
    };
    return put(item).then(function () { show(item, 0, '排队中'); upload(item); });
  }
  function isoNow() { return new Date().toISOString().replace(/\.\d+Z$/, 'Z'); }

  document.getElementById('capture-files').addEventListener('change', function (ev) {
    Array.prototype.forEach.call(ev.target.files, function (f) {
      enqueue(f, f.name, new Date(f.lastModified || Date.now()).toISOString().replace(/\.\d+Z$/, 'Z'));
    });
    ev.target.value = '';
  });

  var recorder = null, stream = null, started = '';
  var preview = document.getElementById('preview');
  var startBtn = document.getElementById('record-start'), stopBtn = document.getElementById('record-stop');
  function camera() {
    if (stream) return Promise.resolve(stream);
    return navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: true }).then(function (s) {
      stream = s;
      preview.srcObject = s;
      preview.hidden = false;
      preview.play();
      return s;
    });
  }
  startBtn.addEventListener('click', function () {
    camera().then(function (s) {
      var chunks = [];
      recorder = new MediaRecorder(s);
      started = isoNow();
      recorder.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
      recorder.onstop = function () {
        var type = recorder.mimeType || 'video/webm';
        var ext = type.indexOf('mp4') >= 0 ? 'mp4' : 'webm';
        enqueue(new Blob(chunks, { type: type }), '现场录像-' + started.replace(/[-:]/g, '').slice(0, 15) + '.' + ext, started);
      };
      recorder.start(1000);
      startBtn.disabled = true;
      stopBtn.disabled = false;
    }).catch(function (e) { alert('无法打开摄像头：' + e.message); });
  });
  stopBtn.addEventListener('click', function () {
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    startBtn.disabled = false;
    stopBtn.disabled = true;
  });
  document.getElementById('take-photo').addEventListener('click', function () {
    camera().then(function () {
      var canvas = document.createElement('canvas');
      canvas.width = preview.videoWidth || 640;
      canvas.height = preview.videoHeight || 480;
      canvas.getContext('2d').drawImage(preview, 0, 0, canvas.width, canvas.height);
      var at = isoNow();
      canvas.toBlob(function (b) { enqueue(b, '现场照片-' + at.replace(/[-:]/g, '').slice(0, 15) + '.jpg', at); }, 'image/jpeg', 0.9);
    }).catch(function (e) { alert('无法打开摄像头：' + e.message); });
  });

  // Resume what was queued for this case before (page closed, network lost).
  function resume() {
    all().then(function (items) {
      (items || []).forEach(function (item) { if (item.caseId === caseId) { show(item, 0, '继续上传'); upload(item); } });
    });
  }
  window.addEventListener('online', resume);
  resume();
})();
