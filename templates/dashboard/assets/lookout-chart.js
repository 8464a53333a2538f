/*
 * The response-time chart of a monitor page (Chart.js, loaded before this file): the average
 * per bucket split into DNS, connect, TLS, first byte and the rest, stacked, with failed checks
 * as red bars on their own axis. lookout.js hands it the page's data: LookoutChart.reset(charts)
 * for a new page body, LookoutChart.draw(charts) for new data, and its time format
 * (LookoutChart.timeFormat), so the tooltip reads like the page's tables. Formatting mirrors
 * src/dashboard/format.ts.
 */
(function () {
  'use strict';
  var doc = document;
  var DAY = 86400000;
  var hourFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  var tickDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });
  var charts = null;

  function formatMs(ms) {
    if (ms === null || ms === undefined) return '\u2014';
    if (ms >= 1000) return (ms / 1000).toFixed(ms >= 10000 ? 1 : 2) + ' s';
    if (ms > 0 && ms < 1) return '<1 ms';
    return Math.round(ms) + ' ms';
  }

  var chart = null;
  var range = 'h24';
  var PHASES = [['DNS', 'dns', '--c-dns'], ['Connect', 'connect', '--c-connect'], ['TLS', 'tls', '--c-tls'], ['First byte', 'firstByte', '--c-ttfb'], ['Rest', 'rest', '--c-rest']];

  /** A value with no neighbour draws no line or area: show it as a dot. */
  function isolated(context) {
    var data = context.dataset.data;
    var index = context.dataIndex;
    var before = data[index - 1];
    var after = data[index + 1];
    return (!before || before.y === null) && (!after || after.y === null) ? 2.5 : 0;
  }

  function cssVar(name) {
    return getComputedStyle(doc.documentElement).getPropertyValue(name).trim();
  }

  function chartConfig(series) {
    var points = function (values) {
      var out = [];
      for (var index = 0; index < values.length; index++) out.push({ x: series.start + index * series.stepMs, y: values[index] });
      return out;
    };
    var datasets = PHASES.map(function (phase, index) {
      var color = cssVar(phase[2]);
      return {
        type: 'line', label: phase[0], data: points(series[phase[1]]), borderColor: color, backgroundColor: color + 'b3',
        fill: index === 0 ? 'origin' : '-1', pointRadius: isolated, pointHitRadius: 4, borderWidth: 1, tension: 0.25, yAxisID: 'y', stack: 'ms',
      };
    });
    var failures = series.failed.some(function (count) { return count > 0; });
    if (failures) datasets.push({ type: 'bar', label: 'Failed checks', data: points(series.failed), backgroundColor: cssVar('--down'), yAxisID: 'y2', stack: 'failed', barPercentage: 1, categoryPercentage: 1 });
    var muted = cssVar('--muted');
    var grid = cssVar('--border');
    var end = series.start + series.dns.length * series.stepMs;
    return {
      data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, normalized: true,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            // A bar dataset would pad the axis by half a bar (offset) and shift the areas inwards.
            type: 'linear', min: series.start, max: end, offset: false, grid: { color: grid },
            ticks: {
              color: muted, maxRotation: 0, autoSkipPadding: 12, stepSize: series.stepMs >= 3600000 ? DAY : 3 * 3600000,
              callback: function (value) { return series.stepMs >= 3600000 ? tickDayFormat.format(value) : hourFormat.format(value); },
            },
          },
          // Steps of whole ms: with nothing answered in the range (every check failed), or a
          // target answering in under a millisecond, Chart.js steps by 0.1 and every label read "<1 ms".
          y: { stacked: true, beginAtZero: true, grid: { color: grid }, ticks: { color: muted, precision: 0, callback: function (value) { return formatMs(value); } } },
          y2: { position: 'right', beginAtZero: true, display: failures, grid: { drawOnChartArea: false }, ticks: { color: cssVar('--down'), precision: 0 }, title: { display: true, text: 'failed checks', color: cssVar('--down') } },
        },
        plugins: {
          legend: { labels: { color: cssVar('--text'), boxWidth: 12, boxHeight: 12 } },
          tooltip: {
            // DNS and TLS read 0 where nothing was looked up or negotiated (an IP address, plain
            // HTTP): the tooltip leaves them out rather than saying "DNS: 0 ms".
            filter: function (item) {
              return !(item.dataset.type === 'line' && (item.dataset.label === 'DNS' || item.dataset.label === 'TLS') && item.raw && item.raw.y === 0);
            },
            callbacks: {
              title: function (items) { return items.length ? api.timeFormat(items[0].parsed.x) : ''; },
              label: function (item) {
                var value = item.raw && item.raw.y;
                return item.dataset.type === 'bar' ? ' ' + value + ' failed' : ' ' + item.dataset.label + ': ' + formatMs(value);
              },
              footer: function (items) {
                var total = 0;
                var any = false;
                items.forEach(function (item) {
                  if (item.dataset.type === 'line' && item.raw && item.raw.y !== null) {
                    total += item.raw.y;
                    any = true;
                  }
                });
                return any ? 'Total: ' + formatMs(total) : 'No answer';
              },
            },
          },
        },
      },
    };
  }

  /** Draws (or redraws in place) the selected range of `next`, or of the last charts given. */
  function draw(next) {
    if (next) charts = next;
    var canvas = doc.getElementById('chart');
    if (!canvas || !charts || !window.Chart) return;
    var settings = chartConfig(charts[range]);
    if (chart && chart.canvas === canvas) {
      chart.data = settings.data;
      chart.options = settings.options;
      chart.update('none');
    } else {
      destroy();
      chart = new window.Chart(canvas, settings);
    }
  }
  function destroy() {
    if (chart) chart.destroy();
    chart = null;
  }
  /** A new page body (its canvas and buttons): bind the range buttons, draw from scratch. */
  function reset(next) {
    destroy();
    var buttons = doc.querySelectorAll('[data-range]');
    for (var index = 0; index < buttons.length; index++) {
      buttons[index].setAttribute('aria-pressed', String(buttons[index].getAttribute('data-range') === range));
      buttons[index].addEventListener('click', function (event) {
        range = event.currentTarget.getAttribute('data-range');
        for (var each = 0; each < buttons.length; each++) buttons[each].setAttribute('aria-pressed', String(buttons[each] === event.currentTarget));
        draw();
      });
    }
    draw(next);
  }
  if (window.matchMedia) {
    window.matchMedia('(prefers-color-scheme: light)').addEventListener('change', function () {
      destroy();
      draw();
    });
  }

  var api = { draw: draw, reset: reset, timeFormat: function (ms) { return new Date(ms).toISOString(); } };
  window.LookoutChart = api;
})();
