/*
 * Briefing pack: writes the print date (the reader's day, dd/mm/yyyy, in
 * Vietnam's time zone) at load and again before printing.
 */
(function () {
  'use strict';
  var el = document.getElementById('brief-printed');
  if (!el) { return; }
  var lang = /^en\b/i.test(document.documentElement.lang || '') ? 'en-GB' : 'vi-VN';
  function stamp() {
    var d = new Date();
    try {
      var parts = new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(d);
      var v = {};
      parts.forEach(function (p) { v[p.type] = p.value; });
      el.textContent = v.day + '/' + v.month + '/' + v.year;
    } catch (e) {
      el.textContent = ('0' + d.getDate()).slice(-2) + '/' + ('0' + (d.getMonth() + 1)).slice(-2) + '/' + d.getFullYear();
    }
  }
  stamp();
  window.addEventListener('beforeprint', stamp);
}());
