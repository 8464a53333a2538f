/*
 * Lookout dashboard page script. A classic script (module scripts do not load from file://).
 *
 * Every page carries its data inline, so it works opened as a file. Served over HTTP it updates
 * in place: the index polls status.json and rewrites the text of fixed-size fields; a monitor's
 * page polls its own file (a 304 while unchanged) and swaps the regions whose markup changed
 * (HTML rendered and escaped by the server) and the chart data. When monitors are added,
 * removed or renamed, <main> is taken from a fresh copy of the page.
 * Formatting mirrors src/dashboard/format.ts.
 */
(function () {
  'use strict';
  var doc = document;
  var configElement = doc.getElementById('lookout-config');
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var pageElement = doc.getElementById('lookout-page');
  var pageData = pageElement ? JSON.parse(pageElement.textContent) : null;

  var DASH = '\u2014';
  var DAY = 86400000;
  var WORDS = { up: 'Up', degraded: 'Degraded', down: 'Down', pending: 'Pending', paused: 'Paused', maintenance: 'Maintenance' };
  var BANNER_ICONS = { ok: 'i-up', degraded: 'i-degraded', partial: 'i-degraded', major: 'i-down', maintenance: 'i-paused', pending: 'i-pending', empty: 'i-pending' };
  /*
   * The bar tooltips' formats, made on first use: the first Intl.DateTimeFormat of a page loads
   * ICU's locale data, 40-90 ms of the renderer's main thread in Chromium here, which the index
   * of a thousand monitors would otherwise spend before its first paint. Made when the page is
   * idle after loading, so the first hover does not wait either.
   */
  var formats = null;
  function intlFormats() {
    if (!formats) {
      formats = {
        day: new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
        hour: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
      };
    }
    return formats;
  }

  function formatMs(ms) {
    if (ms === null || ms === undefined) return DASH;
    if (ms >= 1000) return (ms / 1000).toFixed(ms >= 10000 ? 1 : 2) + ' s';
    if (ms > 0 && ms < 1) return '<1 ms';
    return Math.round(ms) + ' ms';
  }
  function formatPercent(value) {
    if (value === null || value === undefined) return DASH;
    return value === 100 ? '100%' : value.toFixed(2) + '%';
  }
  function formatAgo(at, now) {
    if (at === null || at === undefined || at === '') return DASH;
    var seconds = Math.max(0, Math.round((now - at) / 1000));
    if (seconds < 5) return 'just now';
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
    return Math.floor(seconds / 86400) + ' d ago';
  }
  function formatDays(days) {
    if (days === null || days === undefined) return DASH;
    if (days < 0) return 'expired';
    return days === 1 ? '1 day' : days + ' days';
  }
  /** Same thresholds as barLevel in src/dashboard/templates.ts. */
  function levelOf(uptime) {
    if (uptime === null || uptime === undefined || uptime === '') return 'b-none';
    if (uptime >= 100) return 'b-ok';
    return uptime >= 95 ? 'b-warn' : 'b-bad';
  }

  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }
  function field(root, name) {
    return root.querySelector('[data-f="' + name + '"]');
  }
  function setAgo(element, at) {
    if (!element) return;
    element.setAttribute('data-ago', at === null || at === undefined ? '' : String(at));
    setText(element, formatAgo(at, Date.now()));
  }

  function two(value) {
    return value < 10 ? '0' + value : String(value);
  }
  /*
   * "2024-03-05 15:03 UTC+1" (with seconds where the server wrote them): the server's format
   * (format.ts formatTime) in the reader's time zone, named by its offset on that date. Date's local fields rather than Intl (see above).
   */
  function localTime(ms, withSeconds) {
    var date = new Date(ms);
    var offset = -date.getTimezoneOffset();
    var zone = 'UTC';
    if (offset !== 0) {
      var minutes = Math.abs(offset) % 60;
      zone += (offset > 0 ? '+' : '-') + Math.floor(Math.abs(offset) / 60) + (minutes ? ':' + two(minutes) : '');
    }
    return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + ' ' + two(date.getHours()) + ':' + two(date.getMinutes()) + (withSeconds ? ':' + two(date.getSeconds()) : '') + ' ' + zone;
  }

  /* Times: the server writes UTC; readers see their own time zone. */
  function localize(root) {
    var times = root.querySelectorAll('time[data-time]');
    for (var index = 0; index < times.length; index++) {
      var ms = Number(times[index].getAttribute('data-time'));
      if (ms) {
        setText(times[index], localTime(ms, times[index].hasAttribute('data-seconds')));
        times[index].setAttribute('datetime', new Date(ms).toISOString());
      }
    }
  }

  function tick() {
    var now = Date.now();
    var times = doc.querySelectorAll('time[data-ago]');
    for (var index = 0; index < times.length; index++) {
      var at = times[index].getAttribute('data-ago');
      setText(times[index], formatAgo(at ? Number(at) : null, now));
    }
    var stale = config.staleAfterMs !== null && config.staleAfterMs !== undefined && now - config.generatedAt > config.staleAfterMs;
    doc.body.classList.toggle('is-stale', stale || gone);
  }

  /* Uptime bars. */
  function renderBar(element, bar) {
    var key = JSON.stringify(bar);
    if (element.getAttribute('data-key') === key) return;
    element.setAttribute('data-key', key);
    element.setAttribute('data-start', String(bar.start));
    element.setAttribute('data-step', String(bar.stepMs));
    var children = [];
    for (var index = 0; index < bar.runs.length; index++) {
      var run = bar.runs[index];
      var segment = doc.createElement('i');
      segment.className = levelOf(run[1]) + ' w' + run[0];
      segment.setAttribute('data-u', run[1] === null ? '' : String(run[1]));
      if (run[2] > 0) segment.setAttribute('data-n', String(run[2]));
      children.push(segment);
    }
    element.replaceChildren.apply(element, children);
  }

  var tip = doc.getElementById('tip');
  function showTip(event) {
    var bar = event.target && event.target.closest ? event.target.closest('[data-bar]') : null;
    if (!bar || !tip) {
      if (tip) tip.style.display = 'none';
      return;
    }
    var segments = bar.children;
    var total = 0;
    var widths = [];
    for (var index = 0; index < segments.length; index++) {
      var match = /\bw(\d+)\b/.exec(segments[index].className);
      widths.push(match ? Number(match[1]) : 1);
      total += widths[index];
    }
    var rect = bar.getBoundingClientRect();
    var position = Math.min(total - 1, Math.max(0, Math.floor(((event.clientX - rect.left) / rect.width) * total)));
    var offset = 0;
    var segment = null;
    for (var each = 0; each < segments.length; each++) {
      if (position < offset + widths[each]) {
        segment = segments[each];
        break;
      }
      offset += widths[each];
    }
    if (!segment) return;
    // Day bars that start where the page's 90 days start leave it to the config.
    var step = Number(bar.getAttribute('data-step') || DAY);
    var start = Number(bar.getAttribute('data-start') || config.dayStart) + position * step;
    var uptime = segment.getAttribute('data-u');
    var incidents = Number(segment.getAttribute('data-n') || 0);
    var title = step >= DAY ? intlFormats().day.format(start) : intlFormats().hour.format(start) + ' \u2013 ' + intlFormats().hour.format(start + step);
    var text = uptime === '' ? 'No data' : formatPercent(Number(uptime)) + ' up';
    if (incidents > 0) text += ' \u00b7 ' + incidents + (incidents === 1 ? ' incident' : ' incidents');
    tip.replaceChildren();
    var heading = doc.createElement('b');
    heading.textContent = title;
    tip.appendChild(heading);
    tip.appendChild(doc.createTextNode(text));
    tip.style.display = 'block';
    var width = tip.offsetWidth;
    var left = Math.min(window.innerWidth - width - 8, Math.max(8, event.clientX - width / 2));
    var top = rect.top - tip.offsetHeight - 8;
    tip.style.left = left + 'px';
    tip.style.top = (top < 4 ? rect.bottom + 8 : top) + 'px';
  }
  doc.addEventListener('pointermove', showTip);
  doc.addEventListener('pointerdown', showTip);
  doc.addEventListener('scroll', function () {
    if (tip) tip.style.display = 'none';
  }, { passive: true });

  /* Live fields of a card (index) or of the monitor page's head. */
  function applyLive(root, live) {
    root.className = root.className.replace(/\bs-[a-z]+\b/, 's-' + live.status);
    setText(field(root, 'word'), WORDS[live.status] || live.status);
    setText(field(root, 'reason'), live.reason || '');
    setText(field(root, 'ms'), formatMs(live.ms));
    setText(field(root, 'tls'), formatDays(live.tlsDays));
    setAgo(field(root, 'at'), live.at);
    setAgo(field(root, 'since'), live.since);
    for (var index = 0; index < 4; index++) setText(field(root, 'u' + index), formatPercent(live.uptime[index]));
    var bar = root.classList.contains('card') ? root.querySelector('[data-bar]') : null;
    if (bar) renderBar(bar, live.bar);
  }

  function applyBanner(overall) {
    var banner = doc.querySelector('[data-banner]');
    if (!banner) return;
    banner.className = banner.className.replace(/\bl-[a-z]+\b/, 'l-' + overall.level);
    var icon = field(banner, 'icon');
    if (icon) icon.setAttribute('href', '#' + (BANNER_ICONS[overall.level] || 'i-pending'));
    setText(field(banner, 'title'), overall.title);
    setText(field(banner, 'detail'), overall.detail);
    doc.title = overall.title + ' \u00b7 ' + doc.title.replace(/^.*? \u00b7 /, '');
  }

  function readJson(root, id) {
    var element = root.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  /** Newer data arrived: when it was made, and what "stale" means for it. */
  function setFreshness(fresh) {
    config.generatedAt = fresh.generatedAt;
    config.staleAfterMs = fresh.staleAfterMs;
    config.pollMs = fresh.pollMs;
    config.dayStart = fresh.dayStart;
    var updated = doc.querySelector('.updated time');
    setAgo(updated, fresh.generatedAt);
    if (updated) updated.setAttribute('datetime', new Date(fresh.generatedAt).toISOString());
    // The footer's "Generated ... at" follows too, so that it never contradicts "Updated just now".
    var footer = doc.querySelector('footer');
    var made = footer && footer.querySelector('time[data-time]');
    if (made) {
      made.setAttribute('data-time', String(fresh.generatedAt));
      localize(footer);
    }
  }

  /* Index: status.json carries the banner and each card's fields. */
  function applyIndex(data) {
    setFreshness(data);
    applyBanner(data.overall);
    for (var index = 0; index < data.monitors.length; index++) {
      var live = data.monitors[index];
      var card = doc.querySelector('.card[data-m="' + CSS.escape(live.id) + '"]');
      if (card) applyLive(card, live);
    }
  }

  /*
   * Each region's markup as the server wrote it, before localize() rewrote its times: a fresh
   * copy of the page swaps a region only when its markup differs.
   */
  var served = {};
  function remember(root) {
    var regions = root.querySelectorAll('[data-region]');
    for (var index = 0; index < regions.length; index++) served[regions[index].getAttribute('data-region')] = regions[index].innerHTML;
  }

  /* Monitor page: a fresh copy of the page itself; regions are swapped when their markup changed. */
  function applyPage(fresh) {
    var freshConfig = readJson(fresh, 'lookout-config');
    if (!freshConfig) return;
    if (freshConfig.layout !== config.layout) return replaceMain(fresh);
    if (freshConfig.generatedAt === config.generatedAt) return;
    var data = readJson(fresh, 'lookout-page');
    setFreshness(freshConfig);
    var head = doc.querySelector('.head[data-m]');
    if (head && data) applyLive(head, data.live);
    var regions = fresh.querySelectorAll('[data-region]');
    for (var index = 0; index < regions.length; index++) {
      var name = regions[index].getAttribute('data-region');
      var mine = doc.querySelector('[data-region="' + name + '"]');
      var markup = regions[index].innerHTML;
      if (mine && served[name] !== markup) {
        // A copy first: adopting a node takes it out of the live childNodes being walked.
        mine.replaceChildren.apply(mine, Array.prototype.slice.call(regions[index].childNodes).map(function (node) { return doc.adoptNode(node); }));
        served[name] = markup;
        localize(mine);
      }
    }
    if (data) {
      pageData = data;
      drawChart();
    }
  }

  /* Monitors added, removed or renamed: take <main> (and the config) from the fresh page. */
  function replaceMain(fresh) {
    var main = fresh.querySelector('main');
    var freshConfig = readJson(fresh, 'lookout-config');
    if (!main || !freshConfig) return;
    served = {};
    remember(main);
    doc.querySelector('main').replaceWith(doc.adoptNode(main));
    config = freshConfig;
    pageData = readJson(fresh, 'lookout-page');
    doc.title = fresh.title;
    setAgo(doc.querySelector('.updated time'), config.generatedAt);
    localize(doc);
    setupChart();
  }

  function fetchPage() {
    return fetch(location.href.split('#')[0], { cache: 'no-cache' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.text();
    }).then(function (html) {
      return new DOMParser().parseFromString(html, 'text/html');
    });
  }

  var gone = false;
  var lastTag = null;
  var staleText = (doc.querySelector('[data-stale]') || {}).textContent;
  function poll() {
    var url = config.kind === 'index' ? config.poll : location.href.split('#')[0];
    fetch(url, { cache: 'no-cache' })
      .then(function (response) {
        if (response.status === 404 && config.kind === 'monitor') {
          gone = true;
          setText(doc.querySelector('[data-stale]'), 'This monitor is no longer on the dashboard');
          return null;
        }
        if (!response.ok) throw new Error('HTTP ' + response.status);
        // Back (made public again): the warning, when it next shows, is about stale data again.
        if (gone) setText(doc.querySelector('[data-stale]'), staleText);
        gone = false;
        // Unchanged since the last poll (the server answered 304): nothing to read.
        var tag = response.headers.get('etag');
        if (tag && tag === lastTag) return null;
        lastTag = tag;
        if (config.kind === 'monitor') return response.text().then(function (html) { applyPage(new DOMParser().parseFromString(html, 'text/html')); });
        return response.json().then(function (data) {
          if (data.layout !== config.layout) return fetchPage().then(replaceMain);
          if (data.generatedAt !== config.generatedAt) applyIndex(data);
        });
      })
      .catch(function () {
        // The server may be restarting; the stale warning tells the reader when it lasts.
      })
      .then(function () {
        tick();
        setTimeout(poll, config.pollMs || 5000);
      });
  }

  /* The chart lives in lookout-chart.js, loaded on monitor pages only. */
  function drawChart() {
    if (window.LookoutChart && pageData) window.LookoutChart.draw(pageData.charts);
  }
  function setupChart() {
    if (!window.LookoutChart || !pageData) return;
    window.LookoutChart.timeFormat = localTime;
    window.LookoutChart.reset(pageData.charts);
  }

  /*
   * Cards off screen are not drawn (content-visibility) and take a placeholder height: the
   * content height of the first card, measured here in the reader's fonts, so that none moves
   * the page when it comes into view.
   */
  function measureCard() {
    var card = doc.querySelector('.cards .card');
    if (!card) return;
    var style = getComputedStyle(card);
    var content = card.getBoundingClientRect().height - ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'].reduce(function (sum, key) { return sum + parseFloat(style[key]); }, 0);
    if (content > 0) doc.documentElement.style.setProperty('--card-content', content + 'px');
  }

  remember(doc);
  localize(doc);
  measureCard();
  setupChart();
  tick();
  setInterval(tick, 5000);
  if (window.requestIdleCallback) window.requestIdleCallback(intlFormats, { timeout: 5000 });
  else setTimeout(intlFormats, 1000);
  if (location.protocol === 'http:' || location.protocol === 'https:') setTimeout(poll, config.pollMs || 5000);
})();
