/*
 * The tree of units (/units) opens a level at a time. A <details
 * data-children="ID"> whose children were not sent holds a link that
 * reloads the page with it open (it works without JavaScript); here, opening
 * it fetches /units?children=ID (an HTML fragment of <li> rows) and puts
 * them in place of that link, once.
 */
(function () {
  'use strict';

  var tree = document.getElementById('units-tree');
  if (!tree) { return; }

  function load(details) {
    if (details.hasAttribute('data-loaded') || details.hasAttribute('data-loading')) { return; }
    var list = details.querySelector(':scope > ul');
    if (!list) { return; }
    details.setAttribute('data-loading', '');
    details.setAttribute('aria-busy', 'true');
    fetch('/units?children=' + encodeURIComponent(details.getAttribute('data-children')), {
      credentials: 'same-origin', headers: { 'Accept': 'text/html' }
    }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.text();
    }).then(function (html) {
      list.innerHTML = html;
      details.setAttribute('data-loaded', '');
    }).catch(function () {
      var p = document.createElement('li');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = tree.getAttribute('data-failed') || 'Error';
      list.appendChild(p);
    }).then(function () {
      details.removeAttribute('data-loading');
      details.removeAttribute('aria-busy');
    });
  }

  // "toggle" does not bubble: listen in the capture phase for every level,
  // those fetched later included.
  tree.addEventListener('toggle', function (e) {
    var d = e.target;
    if (d.tagName === 'DETAILS' && d.open && d.hasAttribute('data-children')) { load(d); }
  }, true);
  // Links reloading the page with one level open are for readers without
  // JavaScript: here opening the level loads it.
  tree.addEventListener('click', function (e) {
    var a = e.target.closest('li.tree-more a');
    if (!a) { return; }
    var d = a.closest('details');
    if (d) { e.preventDefault(); load(d); }
  });
}());
