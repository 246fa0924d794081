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
