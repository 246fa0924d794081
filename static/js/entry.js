/*
 * Data entry keyboard handling (the CSP forbids inline scripts).
 * Enter in a figure box moves to the next box instead of submitting the
 * form, as Tab does, so staff can type a column of figures without the
 * mouse; Enter in the last box submits. Shift+Enter moves back.
 */
(function () {
  'use strict';
  function boxes(form) {
    return Array.prototype.filter.call(
      form.querySelectorAll('input.entry-input, input.entry-reason'),
      function (el) { return !el.readOnly && !el.disabled && el.offsetParent !== null; });
  }
  function isBox(el) {
    return el && el.classList &&
      (el.classList.contains('entry-input') || el.classList.contains('entry-reason'));
  }
  // Some input paths (remote protocols, some IMEs) deliver Enter's
  // character as a keypress of its own after focus has moved: refuse the
  // implicit submission it would cause from the next box.
  document.addEventListener('keypress', function (ev) {
    if (ev.key === 'Enter' && isBox(ev.target)) { ev.preventDefault(); }
  });
  document.addEventListener('keydown', function (ev) {
    var el = ev.target;
    if (ev.key !== 'Enter' || !isBox(el)) {
      return;
    }
    var form = el.form;
    if (!form) { return; }
    var list = boxes(form);
    var i = list.indexOf(el);
    var next = ev.shiftKey ? list[i - 1] : list[i + 1];
    ev.preventDefault();
    if (next) {
      next.focus();
      next.select();
    } else if (!ev.shiftKey) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();

/*
 * Unsaved changes: while a figure box holds something not yet saved (typed
 * now, or kept from a save the server refused), "Gửi duyệt" is disabled
 * (it would submit what is stored, not what is on the screen) and leaving
 * the page by a link, the unit/month picker or closing the tab asks first.
 */
(function () {
  'use strict';
  var form = document.getElementById('entry-form') || document.getElementById('grid-form');
  if (!form) { return; }
  var dirty = form.hasAttribute('data-unsaved');
  var leaving = false;
  var hint = document.getElementById('entry-unsaved');
  function update() {
    var submit = document.getElementById('entry-submit');
    if (submit) {
      submit.disabled = dirty;
      submit.title = dirty ? form.getAttribute('data-submit-blocked') : '';
    }
    if (hint) { hint.hidden = !dirty; }
  }
  function mayLeave() {
    if (!dirty || leaving) { return true; }
    if (window.confirm(form.getAttribute('data-leave'))) {
      leaving = true;
      return true;
    }
    return false;
  }
  form.addEventListener('input', function (ev) {
    var c = ev.target.classList;
    if (c && (c.contains('entry-input') || c.contains('entry-reason'))) {
      dirty = true;
      update();
    }
  });
  form.addEventListener('submit', function () { leaving = true; });
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href]') : null;
    if (a && !a.hasAttribute('download') && !/template\.xlsx/.test(a.getAttribute('href')) && !mayLeave()) {
      ev.preventDefault();
    }
  });
  var pick = document.getElementById('entry-pick');
  if (pick) {
    pick.addEventListener('submit', function (ev) {
      if (!mayLeave()) { ev.preventDefault(); }
    });
    // The unit list submits itself on change (app.js): ask first, and put
    // the selection back when the user stays.
    var unit = document.getElementById('entry-unit');
    if (unit) {
      var was = unit.value;
      document.addEventListener('change', function (ev) {
        if (ev.target === unit && !mayLeave()) {
          unit.value = was;
          ev.stopImmediatePropagation();
          ev.stopPropagation();
        }
      }, true);
    }
  }
  window.addEventListener('beforeunload', function (ev) {
    if (dirty && !leaving) {
      ev.preventDefault();
      ev.returnValue = '';
    }
  });
  update();
})();
