// The workspace's small progressive enhancements (pages work without this file):
// 1. Irreversible actions (签发, 批准, 公示, 撤下, 结案): a form carrying data-confirm asks in a
//    <dialog> first; confirming adds _confirmed=1, so the server does not ask again on its
//    confirmation page (which is what a browser without JavaScript gets).
// 2. The sidebar collapses on a wide screen (remembered in localStorage).
(function () {
  'use strict';
  var dialog = document.getElementById('confirm-dialog');
  var pending = null;
  function ask(form, submitter) {
    if (!dialog || typeof dialog.showModal !== 'function') return false;
    pending = { form: form, submitter: submitter };
    document.getElementById('confirm-text').textContent = form.getAttribute('data-confirm');
    dialog.showModal();
    var ok = dialog.querySelector('[data-confirm-ok]');
    if (ok) ok.focus();
    return true;
  }
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.hasAttribute || !form.hasAttribute('data-confirm')) return;
    if (form.querySelector('input[name="_confirmed"]')) return;
    if (ask(form, ev.submitter)) ev.preventDefault();
  }, true);
  if (dialog) {
    dialog.querySelector('[data-confirm-cancel]').addEventListener('click', function () { pending = null; dialog.close(); });
    dialog.querySelector('[data-confirm-ok]').addEventListener('click', function () {
      if (!pending) return dialog.close();
      var f = pending.form, s = pending.submitter;
      var h = document.createElement('input');
      h.type = 'hidden'; h.name = '_confirmed'; h.value = '1';
      f.appendChild(h);
      if (s && s.name) { var v = document.createElement('input'); v.type = 'hidden'; v.name = s.name; v.value = s.value; f.appendChild(v); }
      dialog.close();
      f.submit();
    });
  }
  var side = document.getElementById('side');
  // On a wide screen the sidebar folds to give tables room; the choice is remembered.
  if (side && window.matchMedia) {
    var fold = document.createElement('button');
    fold.type = 'button';
    fold.className = 'side-fold secondary small';
    var apply = function (folded) {
      document.body.classList.toggle('side-folded', folded);
      fold.textContent = folded ? '»' : '« 收起菜单';
      fold.setAttribute('aria-label', folded ? '展开菜单' : '收起菜单');
      fold.setAttribute('aria-expanded', folded ? 'false' : 'true');
    };
    var stored = false;
    try { stored = localStorage.getItem('zhifa.side') === 'folded'; } catch (e) { stored = false; }
    apply(stored);
    fold.addEventListener('click', function () {
      var folded = !document.body.classList.contains('side-folded');
      apply(folded);
      try { localStorage.setItem('zhifa.side', folded ? 'folded' : 'open'); } catch (e) { /* private mode */ }
    });
    side.appendChild(fold);
  }
  var toggle = document.querySelector('.menu-toggle');
  if (side && toggle) {
    toggle.addEventListener('click', function (ev) {
      ev.preventDefault();
      side.classList.toggle('open');
      toggle.setAttribute('aria-expanded', side.classList.contains('open') ? 'true' : 'false');
    });
  }
})();
