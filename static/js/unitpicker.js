/*
 * The unit typeahead. Every unit picker is an ordinary text box that works
 * without JavaScript (a unit code, or codes separated by commas):
 *
 *   <input id="export-unit" name="unit" value="268" data-unit-picker>
 *
 * Here it becomes a search box: typing a few letters of the name, with or
 * without diacritics ("ha dong"), lists the units GET /api/v1/units/search
 * finds; arrows and Enter or a click choose one. The box the form sends keeps
 * its name and id and becomes hidden, holding the chosen code; labels that
 * pointed at it point at the search box.
 *
 * Attributes of the box:
 *   data-unit-picker            pick one unit (the box holds its code)
 *   data-unit-picker="go"       a search box: choosing a unit opens its page;
 *                               Enter without a choice sends the form
 *   data-unit-multiple          several units: codes separated by ", "
 *   data-unit-under="CODE"      only that unit and the units below it
 *   data-unit-on="YYYY-MM-DD"   only units in force that day
 *   data-autosubmit             send the form once a unit is chosen
 *
 * The hidden box fires "change" when its code changes (browser tests and
 * other scripts listen to it). window.cchcUnitPickers counts pickers ready.
 */
(function () {
  'use strict';

  if (window.cchcUnitPickerLoaded) { return; }
  window.cchcUnitPickerLoaded = true;
  var lang = /^en\b/i.test(document.documentElement.lang || '') ? 'en' : 'vi';
  var text = {
    vi: {
      search: 'Gõ tên đơn vị, có dấu hay không dấu', none: 'Không tìm thấy đơn vị nào.',
      failed: 'Không tìm được: hãy thử lại.', remove: 'Bỏ', from: 'từ', to: 'đến',
      found: ' đơn vị tìm thấy; dùng phím mũi tên để chọn.'
    },
    en: {
      search: 'Type the unit\'s name, with or without diacritics', none: 'No unit found.',
      failed: 'The search failed: try again.', remove: 'Remove', from: 'from', to: 'until',
      found: ' units found; use the arrow keys to choose.'
    }
  }[lang];
  var counter = 0;
  window.cchcUnitPickers = window.cchcUnitPickers || 0;

  function day(iso) {
    if (!iso) { return ''; }
    var p = iso.split('-');
    return lang === 'en' ? iso : p[2] + '/' + p[1] + '/' + p[0];
  }

  function label(u) { return u.name + ' (' + u.code + ')'; }

  function detail(u) {
    var parts = [];
    if (u.parent_name) { parts.push(u.parent_name); }
    if (u.kind_name) { parts.push(u.kind_name); }
    if (u.valid_from) { parts.push(text.from + ' ' + day(u.valid_from)); }
    if (u.valid_to) { parts.push(text.to + ' ' + day(u.valid_to)); }
    return parts.join(' · ');
  }

  function search(box, q, limit) {
    var url = '/api/v1/units/search?q=' + encodeURIComponent(q) + '&limit=' + (limit || 12);
    var under = box.getAttribute('data-unit-under');
    var on = box.getAttribute('data-unit-on');
    if (under) { url += '&under=' + encodeURIComponent(under); }
    if (on) { url += '&on=' + encodeURIComponent(on); }
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      }).then(function (j) { return j.units || []; });
  }

  // byCode finds the unit a code names, for the label of a code the page
  // was sent with.
  function byCode(box, code) {
    return search(box, code, 20).then(function (us) {
      for (var i = 0; i < us.length; i++) {
        if (us[i].code === code) { return us[i]; }
      }
      return null;
    });
  }

  function codesOf(v) {
    return v.split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s !== ''; });
  }

  function setup(box) {
    var n = ++counter;
    var mode = box.getAttribute('data-unit-picker');
    var go = mode === 'go';
    var multiple = box.hasAttribute('data-unit-multiple');
    var form = box.form;
    var wrap = document.createElement('div');
    wrap.className = 'unit-picker';
    box.parentNode.insertBefore(wrap, box);

    var input = box;
    var chips = null;
    var picked = {}; // code -> label
    if (!go) {
      input = document.createElement('input');
      input.type = 'text';
      input.id = (box.id || 'unit-picker-' + n) + '-search';
      input.className = box.className;
      input.autocomplete = 'off';
      input.spellcheck = false;
      if (box.required) { input.required = true; box.required = false; }
      if (box.getAttribute('aria-describedby')) { input.setAttribute('aria-describedby', box.getAttribute('aria-describedby')); }
      if (box.id) {
        var labels = document.querySelectorAll('label[for="' + box.id + '"]');
        for (var i = 0; i < labels.length; i++) { labels[i].htmlFor = input.id; }
      }
      box.type = 'hidden';
      if (multiple) {
        chips = document.createElement('ul');
        chips.className = 'unit-chips';
        chips.id = input.id + '-chosen';
        wrap.appendChild(chips);
      }
    }
    input.placeholder = text.search;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    var list = document.createElement('ul');
    list.className = 'unit-options';
    list.id = (box.id || 'unit-picker-' + n) + '-options';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.setAttribute('aria-controls', list.id);
    var status = document.createElement('p');
    status.className = 'sr-only unit-picker-status';
    status.setAttribute('role', 'status');
    wrap.appendChild(input === box ? box : input);
    if (input !== box) { wrap.appendChild(box); }
    wrap.appendChild(list);
    wrap.appendChild(status);

    var hits = [];
    var active = -1;
    // Enter in the box chooses a unit; the form must not be sent by that
    // same key (some ways of typing deliver the key twice).
    var enterAt = 0;
    var sending = false;
    // shownFor is the text the list answers; Enter pressed before the
    // answer to what is typed now waits for it (pendingEnter).
    var shownFor = null;
    var pendingEnter = false;
    if (form) {
      form.addEventListener('submit', function (e) {
        if (!sending && Date.now() - enterAt < 500) { e.preventDefault(); }
      });
      // The window above swallows the submission an Enter in the picker
      // may still cause; a press of the pointer after it is the user's own
      // next step (the Save button), never the Enter's echo.
      document.addEventListener('pointerdown', function () { enterAt = 0; }, true);
    }
    var timer = null;
    var asked = 0;

    // shown is the text the search box holds for the chosen unit.
    function shown() { return picked[box.value] || box.value; }

    function close() {
      shownFor = null;
      pendingEnter = false;
      list.hidden = true;
      list.innerHTML = '';
      hits = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function highlight(i) {
      var items = list.children;
      for (var k = 0; k < items.length; k++) {
        items[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
      }
      active = i;
      if (i >= 0 && items[i]) {
        input.setAttribute('aria-activedescendant', items[i].id);
        if (items[i].scrollIntoView) { items[i].scrollIntoView({ block: 'nearest' }); }
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function show(us) {
      hits = us;
      list.innerHTML = '';
      active = -1;
      if (us.length === 0) {
        var none = document.createElement('li');
        none.className = 'unit-option-none';
        none.textContent = text.none;
        list.appendChild(none);
        status.textContent = text.none;
      } else {
        us.forEach(function (u, i) {
          var li = document.createElement('li');
          li.id = list.id + '-' + i;
          li.className = 'unit-option' + (u.valid_to ? ' retired' : '');
          li.setAttribute('role', 'option');
          li.setAttribute('aria-selected', 'false');
          li.setAttribute('data-code', u.code);
          var name = document.createElement('span');
          name.className = 'unit-option-name';
          name.textContent = label(u);
          var more = document.createElement('small');
          more.textContent = detail(u);
          li.appendChild(name);
          li.appendChild(more);
          list.appendChild(li);
        });
        status.textContent = us.length + text.found;
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function setValue(codes) {
      var v = codes.join(', ');
      if (box.value !== v) {
        box.value = v;
        box.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }

    function drawChips() {
      chips.innerHTML = '';
      codesOf(box.value).forEach(function (code) {
        var li = document.createElement('li');
        li.className = 'unit-chip';
        li.setAttribute('data-code', code);
        var span = document.createElement('span');
        span.textContent = picked[code] || code;
        var x = document.createElement('button');
        x.type = 'button';
        x.className = 'unit-chip-remove';
        x.textContent = '×';
        x.setAttribute('aria-label', text.remove + ' ' + (picked[code] || code));
        x.addEventListener('click', function () {
          setValue(codesOf(box.value).filter(function (c) { return c !== code; }));
          drawChips();
          input.focus();
        });
        li.appendChild(span);
        li.appendChild(x);
        chips.appendChild(li);
      });
    }

    function choose(u) {
      close();
      if (go) {
        window.location.assign(u.url);
        return;
      }
      picked[u.code] = label(u);
      if (multiple) {
        var codes = codesOf(box.value);
        if (codes.indexOf(u.code) < 0) { codes.push(u.code); }
        setValue(codes);
        drawChips();
        input.value = '';
        return;
      }
      input.value = label(u);
      setValue([u.code]);
      if (box.hasAttribute('data-autosubmit') && form) {
        sending = true;
        if (typeof form.requestSubmit === 'function') { form.requestSubmit(); } else { form.submit(); }
        sending = false;
      }
    }

    function ask() {
      var q = input.value.trim();
      if (!go && !multiple && q === shown()) { close(); return; }
      if (q === '') { close(); status.textContent = ''; return; }
      var mine = ++asked;
      search(box, q).then(function (us) {
        if (mine !== asked || document.activeElement !== input) { return; }
        var enter = pendingEnter;
        show(us);
        shownFor = q;
        if (enter && us.length > 0) { choose(us[0]); }
      }).catch(function () {
        if (mine === asked) { close(); status.textContent = text.failed; }
      });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; ask(); }, 120);
    });
    input.addEventListener('focus', function () {
      if (input.value.trim() !== '' && (go || multiple || input.value !== shown())) { ask(); }
    });
    input.addEventListener('keydown', function (e) {
      var open = !list.hidden && hits.length > 0;
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        if (open) { highlight(Math.min(active + 1, hits.length - 1)); } else { ask(); }
      } else if (e.key === 'ArrowUp') {
        if (open) { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      } else if (e.key === 'Enter' && !go && input.value.trim() !== '' && input.value !== shown() && shownFor !== input.value.trim()) {
        // The list answers older text: choose from the answer to this one.
        e.preventDefault();
        enterAt = Date.now();
        pendingEnter = true;
        clearTimeout(timer);
        ask();
      } else if (e.key === 'Enter') {
        // The search box sends its form unless a unit is highlighted; a
        // picker never sends its form with half-typed text.
        if (open && (active >= 0 || !go)) {
          e.preventDefault();
          enterAt = Date.now();
          choose(hits[active >= 0 ? active : 0]);
        } else if (!go && input.value.trim() !== '' && input.value !== shown()) {
          e.preventDefault();
          enterAt = Date.now();
        }
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    // mousedown, not click: the box would lose focus (and the list close)
    // before the click arrives.
    list.addEventListener('mousedown', function (e) {
      var li = e.target.closest('li.unit-option');
      if (!li) { return; }
      e.preventDefault();
      choose(hits[Array.prototype.indexOf.call(list.children, li)]);
    });
    input.addEventListener('blur', function () {
      setTimeout(close, 0);
      if (go || multiple) { return; }
      // What is sent is what is shown: emptied means no unit; half-typed
      // text goes back to the unit chosen before.
      if (input.value.trim() === '') {
        setValue([]);
      } else if (input.value !== shown()) {
        input.value = shown();
      }
    });

    // The codes the page came with: show their names.
    var initial = go ? [] : codesOf(box.value);
    if (!go && !multiple) { input.value = box.value; }
    if (multiple) { drawChips(); }
    Promise.all(initial.map(function (code) {
      return byCode(box, code).then(function (u) {
        if (u) { picked[code] = label(u); }
      }, function () {});
    })).then(function () {
      if (multiple) {
        drawChips();
      } else if (!go && picked[box.value] && document.activeElement !== input) {
        input.value = picked[box.value];
      }
      wrap.setAttribute('data-ready', '');
      window.cchcUnitPickers++;
    });
  }

  var boxes = document.querySelectorAll('input[data-unit-picker]');
  for (var i = 0; i < boxes.length; i++) { setup(boxes[i]); }
}());
