/*
 * Export builder: the form is an ordinary GET to /export/file, answered
 * with Content-Disposition: attachment, so the browser saves the file
 * straight to disk as it streams (its own download list shows progress
 * and can cancel) and the page stays. This script only says so once the
 * form is sent; when the server refuses the choices it answers with the
 * builder page again, faults marked.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-export]');
  var box = document.getElementById('export-progress');
  if (!form || !box) { return; }
  form.addEventListener('submit', function () {
    box.hidden = false;
  });
  // Coming back to the page (history) starts with the note hidden again.
  window.addEventListener('pageshow', function (ev) {
    if (ev.persisted) { box.hidden = true; }
  });
}());
