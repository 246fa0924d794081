/*
 * Export builder: downloads the file with fetch so the page can show
 * progress (time waited while the server builds it, then bytes received),
 * then hands it to the browser as a normal download. When the server
 * refuses the choices (422) or fetch is missing, the form is submitted
 * the ordinary way, so the page comes back with the faults marked.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-export]');
  if (!form || !window.fetch || !window.URLSearchParams || !window.Blob) { return; }
  var box = document.getElementById('export-progress');
  var bar = document.getElementById('export-bar');
  var status = document.getElementById('export-status');
  var button = document.getElementById('export-submit');
  var lang = /^en\b/i.test(document.documentElement.lang || '') ? 'en' : 'vi';
  var kb = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 0 });
  var busy = false;

  function show(text) { status.textContent = text; }

  function fileName(resp) {
    var cd = resp.headers.get('Content-Disposition') || '';
    var m = /filename="?([^";]+)"?/.exec(cd);
    return m ? m[1] : 'cchc-export';
  }

  form.addEventListener('submit', function (ev) {
    if (busy) { ev.preventDefault(); return; }
    ev.preventDefault();
    busy = true;
    button.disabled = true;
    box.hidden = false;
    bar.removeAttribute('value');
    var started = Date.now();
    var working = status.getAttribute('data-working');
    show(working);
    var got = 0;
    function tick() {
      var t = working + ' ' + Math.round((Date.now() - started) / 1000) + ' s';
      show(got > 0 ? t + ' · ' + kb.format(got / 1024) + ' KB' : t);
    }
    var timer = setInterval(tick, 500);
    var url = form.action + '?' + new URLSearchParams(new FormData(form)).toString();
    function done() {
      clearInterval(timer);
      busy = false;
      button.disabled = false;
    }
    fetch(url, { credentials: 'same-origin' }).then(function (resp) {
      if (!resp.ok) {
        // Let the server's page explain what is wrong, choices kept.
        done();
        box.hidden = true;
        form.submit();
        return null;
      }
      var name = fileName(resp);
      var total = parseInt(resp.headers.get('Content-Length') || '0', 10);
      if (!resp.body || !resp.body.getReader) {
        return resp.blob().then(function (b) { return { blob: b, name: name }; });
      }
      var reader = resp.body.getReader();
      var chunks = [];
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) { return { blob: new Blob(chunks, { type: resp.headers.get('Content-Type') || '' }), name: name }; }
          chunks.push(r.value);
          got += r.value.length;
          if (total > 0) { bar.max = total; bar.value = got; }
          tick();
          return pump();
        });
      }
      return pump();
    }).then(function (file) {
      if (!file) { return; }
      done();
      bar.max = 1; bar.value = 1;
      var a = document.createElement('a');
      a.href = URL.createObjectURL(file.blob);
      a.download = file.name;
      a.id = 'export-link';
      a.textContent = file.name;
      show('');
      status.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    }).catch(function () {
      done();
      box.hidden = true;
      form.submit();
    });
  });
}());
