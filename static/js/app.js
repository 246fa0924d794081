/*
 * cchc page behaviour. The Content-Security-Policy forbids inline scripts and
 * inline event handlers, so everything interactive lives here.
 *
 * Charts: every <div class="chart" data-chart="ID"> is drawn from the ECharts
 * option object in <script type="application/json" id="ID">. The options
 * come from internal/chart and carry a few "cchc" keys ECharts ignores:
 *   axis.cchcPercent   — values are 0..100 shares; labels read "74%" / "74,5%"
 *   series.cchcPercent — tooltip values read as percentages
 *   option.cchcLinks   — {category name: URL}; clicking that category opens it
 * A data item with a "url" field is also a link.
 *
 * Forms: <select data-autosubmit> submits its form when changed.
 *
 * Tables: <table data-sortable> sorts by a column when its header is
 * clicked (numbers as numbers, names in Vietnamese order).
 */
(function () {
  'use strict';

  var lang = /^en\b/i.test(document.documentElement.lang || '') ? 'en' : 'vi';
  var locale = lang === 'en' ? 'en-US' : 'vi-VN';
  var numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  var percentFormat = new Intl.NumberFormat(locale, {
    style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1
  });

  var text = {
    vi: {
      saveAsImage: 'Lưu ảnh', dataView: 'Xem số liệu',
      dataViewLang: ['Số liệu', 'Đóng', 'Làm mới'], failed: 'Không hiển thị được biểu đồ.'
    },
    en: {
      saveAsImage: 'Save image', dataView: 'View data',
      dataViewLang: ['Data', 'Close', 'Refresh'], failed: 'The chart could not be shown.'
    }
  }[lang];

  /** Instances of every chart drawn on the page (browser tests read this). */
  var charts = window.cchcCharts = window.cchcCharts || [];

  function isMissing(v) {
    return v === null || v === undefined || v === '' || v === '-' || isNaN(Number(v));
  }

  function formatNumber(v) {
    if (Array.isArray(v)) { return v.map(formatNumber).join(' – '); }
    return isMissing(v) ? '–' : numberFormat.format(Number(v));
  }

  function formatPercent(v) {
    if (Array.isArray(v)) { return v.map(formatPercent).join(' – '); }
    return isMissing(v) ? '–' : percentFormat.format(Number(v) / 100);
  }

  function asList(v) {
    if (Array.isArray(v)) { return v; }
    return v ? [v] : [];
  }

  // xAxis defaults to a category axis in ECharts, yAxis to a value axis.
  function isValueAxis(axis, key) {
    return axis.type ? axis.type === 'value' : key === 'yAxis';
  }

  function isCategoryAxis(axis, key) {
    return axis.type ? axis.type === 'category' : key === 'xAxis';
  }

  /** Adds what JSON cannot carry (functions) and the page language. */
  function prepare(option) {
    var links = option.cchcLinks && typeof option.cchcLinks === 'object' ? option.cchcLinks : null;
    var percentAxes = { xAxis: [], yAxis: [] };

    ['xAxis', 'yAxis'].forEach(function (key) {
      asList(option[key]).forEach(function (axis, i) {
        if (!axis || typeof axis !== 'object') { return; }
        percentAxes[key][i] = axis.cchcPercent === true;
        if (isValueAxis(axis, key)) {
          axis.axisLabel = axis.axisLabel || {};
          // A string formatter is an ECharts template someone chose: keep it.
          if (typeof axis.axisLabel.formatter !== 'string') {
            axis.axisLabel.formatter = axis.cchcPercent === true ? formatPercent : formatNumber;
          }
        }
        // Let a click on a unit's name drill down as well as a click on its bar.
        if (links && isCategoryAxis(axis, key)) { axis.triggerEvent = true; }
      });
    });

    // A heat map's colour scale (visualMap) of percent values.
    asList(option.visualMap).forEach(function (vm) {
      if (vm && vm.cchcPercent === true && !vm.formatter) { vm.formatter = formatPercent; }
    });

    option.tooltip = option.tooltip || {};
    option.tooltip.valueFormatter = formatNumber;
    // ECharts' HTML tooltips carry style="" attributes, which a strict
    // Content-Security-Policy (style-src 'self') strips; rich text is drawn
    // on the canvas and needs no inline styles.
    if (!option.tooltip.renderMode) { option.tooltip.renderMode = 'richText'; }
    if (option.tooltip.confine === undefined) { option.tooltip.confine = true; }

    asList(option.series).forEach(function (series) {
      if (!series || typeof series !== 'object') { return; }
      var percent = series.cchcPercent === true ||
        percentAxes.yAxis[series.yAxisIndex || 0] === true ||
        percentAxes.xAxis[series.xAxisIndex || 0] === true;
      if (percent) {
        series.tooltip = series.tooltip || {};
        series.tooltip.valueFormatter = formatPercent;
      }
    });

    var feature = option.toolbox && option.toolbox.feature;
    if (feature) {
      var title = option.title && !Array.isArray(option.title) ? option.title.text : '';
      if (feature.saveAsImage) {
        feature.saveAsImage.title = feature.saveAsImage.title || text.saveAsImage;
        feature.saveAsImage.name = feature.saveAsImage.name || fileName(title);
      }
      if (feature.dataView) {
        feature.dataView.title = feature.dataView.title || text.dataView;
        feature.dataView.lang = feature.dataView.lang || text.dataViewLang;
      }
    }

    return links;
  }

  // A vertical bar chart shows every category label (interval 0): give each
  // label the width of its slot so long unit names are shortened instead of
  // overlapping.
  function fitLabels(el, option) {
    asList(option.xAxis).forEach(function (axis) {
      if (!axis || !isCategoryAxis(axis, 'xAxis') || !Array.isArray(axis.data) || axis.data.length === 0) { return; }
      var label = axis.axisLabel;
      if (!label || label.interval !== 0 || label.width) { return; }
      label.width = Math.max(40, Math.floor(el.clientWidth * 0.85 / axis.data.length) - 8);
    });
  }

  var measureContext = null;
  /** Width in CSS pixels of s in ECharts' default 12px sans-serif. */
  function textWidth(s) {
    if (!measureContext) {
      measureContext = document.createElement('canvas').getContext('2d');
      measureContext.font = '12px sans-serif';
    }
    return measureContext.measureText(String(s)).width;
  }

  // A title is cut with "…" before the toolbox icons at the top right
  // (about 90px), whatever the chart's width: a phone's chart is 350px.
  function fitTitle(el, option) {
    var t = option.title;
    if (!t || Array.isArray(t) || !t.textStyle || t.textStyle.overflow !== 'truncate') { return; }
    var left = typeof t.left === 'number' ? t.left : 8;
    t.textStyle.width = Math.max(80, el.clientWidth - left - 90);
    if (t.subtextStyle && t.subtextStyle.overflow === 'truncate') { t.subtextStyle.width = t.textStyle.width; }
  }

  // A legend at the bottom wraps onto more lines on a narrow chart, or
  // with long names (the four staff ratings): make the grid's bottom
  // margin as tall as the legend, so it never sits on the axis labels.
  // ECharts lays legend items out as icon (25px) + 5px + text, 10px apart,
  // in lines 24px apart, inside 5px padding.
  function fitLegend(el, option) {
    var legend = option.legend;
    var grid = option.grid;
    if (!legend || Array.isArray(legend) || legend.show === false || legend.top !== 'bottom') { return; }
    if (!grid || Array.isArray(grid)) { return; }
    var names = [];
    asList(option.series).forEach(function (s) {
      if (s && s.name !== undefined && names.indexOf(String(s.name)) < 0) { names.push(String(s.name)); }
    });
    if (names.length === 0) { return; }
    var room = el.clientWidth - 10;
    var lines = 1;
    var x = 0;
    names.forEach(function (n) {
      var w = 25 + 5 + textWidth(n);
      if (x > 0 && x + w > room) { lines++; x = 0; }
      x += w + 10;
    });
    var needed = 12 + lines * 24;
    if (grid.cchcBottom === undefined) { grid.cchcBottom = typeof grid.bottom === 'number' ? grid.bottom : 0; }
    grid.bottom = Math.max(grid.cchcBottom, needed);
  }

  function label(el, option) {
    if (el.hasAttribute('aria-label')) { return; }
    var title = option.title && !Array.isArray(option.title) ? option.title.text : '';
    el.setAttribute('role', 'img');
    if (title) { el.setAttribute('aria-label', String(title)); }
  }

  function fileName(title) {
    var name = String(title || 'chart').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim();
    return name.slice(0, 80) || 'chart';
  }

  // Only same-origin http(s) addresses: a link can never run script.
  function safeURL(url) {
    if (typeof url !== 'string' || url === '') { return null; }
    try {
      var u = new URL(url, window.location.href);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === window.location.origin) {
        return u.href;
      }
    } catch (e) { /* not a URL */ }
    return null;
  }

  function linkFor(params, links) {
    var data = params.data;
    if (data && typeof data === 'object' && !Array.isArray(data) && data.url) {
      return data.url;
    }
    if (!links) { return null; }
    // Clicks on axis labels carry the category in value, on data in name.
    var name = params.componentType === 'xAxis' || params.componentType === 'yAxis' ? params.value : params.name;
    return Object.prototype.hasOwnProperty.call(links, name) ? links[name] : null;
  }

  // Horizontal bar charts with many units need more room than 360px.
  function fitHeight(el, option) {
    var axes = asList(option.yAxis);
    var cat = axes[0];
    if (!cat || !isCategoryAxis(cat, 'yAxis') || !Array.isArray(cat.data)) { return; }
    var needed = cat.data.length * 24 + 120;
    if (needed > el.clientHeight) { el.style.height = needed + 'px'; }
  }

  function showFailure(el) {
    el.textContent = text.failed;
    el.classList.add('chart-empty');
  }

  function drawChart(el) {
    if (el.getAttribute('data-cchc-drawn') === '1') { return; }
    var id = el.getAttribute('data-chart');
    var source = id ? document.getElementById(id) : null;
    if (!source || source.tagName !== 'SCRIPT' || source.type !== 'application/json') {
      console.error('cchc: no <script type="application/json" id="' + id + '"> for chart');
      showFailure(el);
      return;
    }
    if (typeof window.echarts === 'undefined') {
      console.error('cchc: echarts is not loaded');
      showFailure(el);
      return;
    }
    var option;
    try {
      option = JSON.parse(source.textContent);
    } catch (e) {
      console.error('cchc: chart ' + id + ': bad JSON', e);
      showFailure(el);
      return;
    }
    if (!option || typeof option !== 'object') { showFailure(el); return; }

    var links = prepare(option);
    // The briefing pack is made to be printed: a toolbox's save and data
    // icons mean nothing on paper, so its charts have none.
    if (el.closest('.brief-chart')) { option.toolbox = { show: false }; }
    fitHeight(el, option);
    fitLabels(el, option);
    fitTitle(el, option);
    fitLegend(el, option);
    label(el, option);
    var chart = window.echarts.init(el, null, { locale: lang === 'vi' ? 'VI' : 'EN' });
    chart.setOption(option);
    el.setAttribute('data-cchc-drawn', '1');

    // A new width (a phone turned, the printed page) needs the title and
    // the legend's room fitted again.
    chart.cchcRefit = function () {
      fitTitle(el, option);
      fitLegend(el, option);
      var update = {};
      if (option.title && !Array.isArray(option.title)) { update.title = option.title; }
      if (option.grid && !Array.isArray(option.grid)) { update.grid = option.grid; }
      chart.setOption(update);
    };

    chart.on('click', function (params) {
      var url = safeURL(linkFor(params, links));
      if (url) { window.location.assign(url); }
    });
    charts.push(chart);
  }

  function drawCharts() {
    var nodes = document.querySelectorAll('div.chart[data-chart]');
    for (var i = 0; i < nodes.length; i++) {
      try {
        drawChart(nodes[i]);
      } catch (e) {
        console.error('cchc: chart failed', e);
        showFailure(nodes[i]);
      }
    }
  }

  var resizeQueued = false;
  function resizeAll() {
    for (var i = 0; i < charts.length; i++) {
      if (charts[i].isDisposed()) { continue; }
      charts[i].resize();
      if (charts[i].cchcRefit) { charts[i].cchcRefit(); }
    }
  }
  function queueResize() {
    if (resizeQueued) { return; }
    resizeQueued = true;
    window.requestAnimationFrame(function () {
      resizeQueued = false;
      resizeAll();
    });
  }

  function onChange(event) {
    var el = event.target;
    if (!el || el.tagName !== 'SELECT' || !el.hasAttribute('data-autosubmit') || !el.form) { return; }
    if (typeof el.form.requestSubmit === 'function') {
      el.form.requestSubmit();
    } else {
      el.form.submit();
    }
  }

  // Sortable tables: every <table data-sortable> gets a button in each
  // column header; a click sorts the rows by that column, again reverses.
  // Numbers sort as numbers in the page's language ("6.538", "74,5%" in
  // Vietnamese; "6,538", "74.5%" in English), months "mm/yyyy" by date,
  // names in Vietnamese alphabetical order with numbers by value ("Tỉnh số
  // 2" before "Tỉnh số 10", "Đồng Mai" after "Dương Nội"); empty cells
  // ("—") go last either way.
  var collator = new Intl.Collator(lang === 'en' ? 'en' : 'vi', { numeric: true, sensitivity: 'base' });
  var sortText = {
    vi: { sort: 'Sắp xếp theo cột này' },
    en: { sort: 'Sort by this column' }
  }[lang];

  function cellKey(text) {
    var t = String(text || '').replace(/\s+/g, ' ').trim();
    if (t === '' || t === '—' || t === '–' || t === '-') { return { empty: true }; }
    var m = /^(\d{1,2})\/(\d{4})$/.exec(t);
    if (m) { return { num: Number(m[2]) * 12 + Number(m[1]) }; }
    var n = t.replace(/[%\s\u00a0]/g, '').replace(/^[+\u2212]/, function (c) { return c === '\u2212' ? '-' : ''; });
    n = lang === 'en' ? n.replace(/,/g, '') : n.replace(/\./g, '').replace(',', '.');
    if (/^-?\d+(\.\d+)?$/.test(n)) { return { num: Number(n) }; }
    return { text: t };
  }

  function sortTable(table, col, th) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) {
      var cell = row.cells[col];
      return { row: row, i: i, key: cellKey(cell ? cell.textContent : '') };
    });
    var numeric = keyed.every(function (k) { return k.key.empty || k.key.num !== undefined; });
    keyed.sort(function (a, b) {
      if (a.key.empty || b.key.empty) {
        return a.key.empty && b.key.empty ? a.i - b.i : (a.key.empty ? 1 : -1);
      }
      var c = numeric ? a.key.num - b.key.num
        : collator.compare(a.key.text !== undefined ? a.key.text : String(a.key.num), b.key.text !== undefined ? b.key.text : String(b.key.num));
      return c * dir || a.i - b.i;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    var heads = th.parentNode.children;
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute('aria-sort'); }
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies[0] || table.getAttribute('data-sortable-ready') === '1') { return; }
    var row = table.tHead.rows[table.tHead.rows.length - 1];
    Array.prototype.forEach.call(row.cells, function (th, col) {
      if (th.colSpan > 1 || th.textContent.trim() === '') { return; }
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.title = sortText.sort;
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener('click', function () { sortTable(table, col, th); });
    });
    table.setAttribute('data-sortable-ready', '1');
  }

  function start() {
    drawCharts();
    Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), makeSortable);
  }

  // Buttons marked data-print open the browser's print dialog (no inline
  // onclick: the Content-Security-Policy forbids inline script).
  function onClick(event) {
    var el = event.target && event.target.closest ? event.target.closest('[data-print]') : null;
    if (el) { window.print(); }
  }

  document.addEventListener('change', onChange);
  document.addEventListener('click', onClick);
  window.addEventListener('resize', queueResize);
  // The printed page is narrower than the screen: redraw at print width.
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
