/**
 * The Eta templates of templates/dashboard/, compiled once, and the helpers they call as `h`.
 * Every interpolation is escaped (`<%= %>`); the only raw outputs are other templates and
 * JSON made safe for a <script> element by `h.json`.
 */
import { Eta, type TemplateFunction } from 'eta';
import { fileURLToPath } from 'node:url';
import type { Bar } from './figures.js';
import type { CheckView } from './model.js';
import { BAR_DAYS, DAY } from './history.js';
import { DASH, formatAgo, formatCheckedAt, formatCount, formatDaysLeft, formatMs, formatPercent, formatSpan, formatTime } from './format.js';
import { isoString } from '../util/time.js';
import type { OverallLevel } from './overview.js';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/dashboard/', import.meta.url));

const WORDS: Readonly<Record<string, string>> = { up: 'Up', degraded: 'Degraded', down: 'Down', pending: 'Pending', paused: 'Paused', maintenance: 'Maintenance' };
const BANNER_ICONS: Readonly<Record<OverallLevel, string>> = {
  ok: 'i-up',
  degraded: 'i-degraded',
  partial: 'i-degraded',
  major: 'i-down',
  maintenance: 'i-paused',
  pending: 'i-pending',
  empty: 'i-pending',
};

/** Bar colour of a bucket: the browser script (levelOf) uses the same thresholds. */
export function barLevel(uptime: number | null): string {
  if (uptime === null) return 'b-none';
  if (uptime >= 100) return 'b-ok';
  return uptime >= 95 ? 'b-warn' : 'b-bad';
}

/**
 * An uptime bar: one element per run of equal buckets (see figures.ts). Built here rather than
 * in a template because a thousand cards each have one; it holds only numbers and fixed class
 * names, nothing to escape. Day bars that start where the page's 90 days start (`dayStart`)
 * leave the start to the page config. The figures beside the bar say the same in words, so
 * screen readers skip it.
 */
export function barHtml(bar: Bar, dayStart: number): string {
  const hourly = bar.stepMs === 3_600_000;
  let html = `<div class="bar${hourly ? ' h24' : ''}" data-bar${bar.start === dayStart && !hourly ? '' : ` data-start="${bar.start}" data-step="${bar.stepMs}"`} aria-hidden="true">`;
  for (const [count, uptime, incidents] of bar.runs) {
    html += `<i class="${barLevel(uptime)} w${count}" data-u="${uptime ?? ''}"${incidents > 0 ? ` data-n="${incidents}"` : ''}></i>`;
  }
  return `${html}</div>`;
}

/**
 * JSON that cannot end its <script> element or open a comment: <, > and & as \u escapes, and
 * every character outside ASCII too, so that the page stays ASCII text (see htmlEscape).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const entity = (char: string): string => ENTITIES[char] ?? `&#${char.codePointAt(0)};`;

/**
 * Eta's escaping, and every character outside ASCII as a numeric reference (a pair of
 * surrogates as one). The browser shows the same text, and the page stays ASCII. V8 holds
 * it in one byte per character rather than two, so a page with one em dash (or one name in
 * Japanese) does not double what is concatenated, copied to the writer thread and encoded
 * (measured: about a third of a full rendering's time); and ASCII is its own UTF-8, written
 * out with a copy (see textBytes in atomic.ts) where encoding one \u00fc made Node encode the
 * whole page character by character.
 */
export function htmlEscape(value: unknown): string {
  // Numbers are most of what a page interpolates (times, status codes) and never need it.
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return /[&<>"'\u0080-\uffff]/.test(text) ? text.replace(/[\ud800-\udbff][\udc00-\udfff]|[&<>"'\u0080-\uffff]/g, entity) : text;
}

const word = (status: string): string => WORDS[status] ?? status;

/**
 * The rows of a page's latest-checks table. Built here rather than in _checks.eta: a thousand
 * pages of a dozen rows of ten cells each were the templates' largest loop, each cell a call
 * through Eta's escape; here each is one template literal, escaped as the template escaped it.
 */
export function checkRowsHtml(checks: readonly CheckView[]): string {
  let html = '';
  for (const check of checks) {
    html +=
      `<tr class="s-${htmlEscape(check.status)}"><td><time data-time="${htmlEscape(check.at)}" data-seconds>${htmlEscape(formatTime(check.at, true))}</time></td>` +
      `<td><span class="dot"></span>${htmlEscape(word(check.status))}</td>` +
      `<td class="num">${htmlEscape(check.httpStatus ?? DASH)}</td>` +
      // A failed check that got an answer (a 503, a missing keyword) took a real time; one that got none (a timeout, a refusal) did not.
      `<td class="num">${htmlEscape(check.status === 'down' && check.httpStatus === null ? DASH : formatMs(check.totalMs))}</td>` +
      `<td class="num">${htmlEscape(formatMs(check.dns))}</td><td class="num">${htmlEscape(formatMs(check.connect))}</td>` +
      `<td class="num">${htmlEscape(formatMs(check.tls))}</td><td class="num">${htmlEscape(formatMs(check.firstByte))}</td>` +
      `<td class="why">${htmlEscape(check.reason ?? '')}</td></tr>`;
  }
  return html;
}

export const helpers = {
  word,
  bannerIcon: (level: OverallLevel): string => BANNER_ICONS[level],
  level: barLevel,
  bar: barHtml,
  ms: formatMs,
  pct: formatPercent,
  count: formatCount,
  ago: formatAgo,
  /** A card's last check time; `dayStart` is the first of the page's 90 days, so today is the last. */
  checkedAt: (at: number | null, dayStart: number): string => formatCheckedAt(at, dayStart + (BAR_DAYS - 1) * DAY),
  days: formatDaysLeft,
  span: formatSpan,
  time: formatTime,
  iso: isoString,
  json: scriptJson,
  checkRows: checkRowsHtml,
};

export interface Templates {
  /** Renders a page or fragment template by name ("index", "monitor", "_stats" ...). */
  render(name: string, data: object): string;
}

export function createTemplates(directory: string = TEMPLATE_DIR): Templates {
  const eta = new Eta({
    views: directory,
    cache: true,
    autoEscape: true,
    escapeFunction: htmlEscape,
    rmWhitespace: true,
    functionHeader: 'const h = it.h;',
    // Line breaks between tags would each become a text node: a thousand cards, thousands of
    // nodes. Removed from the template source, once, rather than from every page.
    plugins: [{ processTemplate: (source: string) => source.replace(/>[ \t]*\n\s*</g, '><') }],
  });
  // Includes and layouts resolve their names to paths on every call (a join, a relative and a
  // JSON key each: about 5 % of a full rendering); the answer never changes, so keep it.
  const resolvePath = eta.resolvePath.bind(eta);
  const resolved = new Map<string, string>();
  eta.resolvePath = (template: string, options?: { filepath?: string }): string => {
    const key = `${options?.filepath ?? ''}\0${template}`;
    let file = resolved.get(key);
    if (file === undefined) {
      file = resolvePath(template, options);
      resolved.set(key, file);
    }
    return file;
  };
  // Compiled once per name: rendering by name resolves and checks the file path every time,
  // about a quarter of the templates' time. Includes and layouts inside resolve from the views
  // directory, where every template lives.
  const compiled = new Map<string, TemplateFunction>();
  const compiledFor = (name: string): TemplateFunction => {
    let template = compiled.get(name);
    if (!template) {
      template = eta.compile(eta.readFile(eta.resolvePath(`./${name}`)));
      compiled.set(name, template);
    }
    return template;
  };
  return {
    render: (name, data) => eta.render(compiledFor(name), { ...data, h: helpers }),
  };
}
