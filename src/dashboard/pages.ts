/**
 * The files of one rendering: index.html and status.json for the overview (an open index polls
 * status.json, which carries the fields its cards show), and m/<id>.html per public monitor.
 */
import { hash } from 'node:crypto';
import type { OutputFile } from './atomic.js';
import { BAR_DAYS, DAY } from './history.js';
import type { Series } from './figures.js';
import type { Card, Page } from './model.js';
import { layoutKey } from './model.js';
import type { Group, Overall } from './overview.js';
import { scriptJson, type Templates } from './templates.js';

export interface SiteInfo {
  readonly title: string;
  readonly version: string;
  readonly generatedAt: number;
  /** Pages warn when the data they show is older than this; null when no update is expected. */
  readonly staleAfterMs: number | null;
  readonly pollMs: number;
}

/** The regions of a monitor page that updates replace as a whole, and their templates. */
const REGIONS = { stats: '_stats', bars: '_bars', cert: '_cert', checks: '_checks', incidents: '_incidents' } as const;

const json = (value: unknown): string => JSON.stringify(value);

/** Characters of JSON text as bytes: a series' text is written into a scratch buffer and read out once. */
const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
/** A series has at most 169 values of at most 24 characters each, plus their commas. */
const scratch = Buffer.allocUnsafe(8192);

/**
 * A series as a JSON array, the same text JSON.stringify writes for it with NaN (a bucket with
 * nothing to show) as null. Written byte by byte into a scratch buffer: whole ms up to 999 and
 * the tenths below 10 ms (see figures.ts) are most values, and a page has about 1,900 of them.
 * Built as a string one value at a time, they were a tenth of a full rendering's time.
 */
function arrayJson(values: Float64Array): string {
  if (values.length * 25 + 2 > scratch.length) return JSON.stringify(Array.from(values, (value) => (Number.isNaN(value) ? null : value)));
  let at = 0;
  scratch[at++] = 0x5b; // [
  for (let index = 0; index < values.length; index++) {
    if (index > 0) scratch[at++] = COMMA;
    const value = values[index]!;
    const whole = value | 0;
    if (value !== value) {
      // NaN
      scratch[at++] = 0x6e;
      scratch[at++] = 0x75;
      scratch[at++] = 0x6c;
      scratch[at++] = 0x6c;
    } else if (whole === value && whole >= 0 && whole < 1000) {
      if (whole >= 100) scratch[at++] = ZERO + ((whole / 100) | 0);
      if (whole >= 10) scratch[at++] = ZERO + (((whole / 10) | 0) % 10);
      scratch[at++] = ZERO + (whole % 10);
    } else {
      const tenths = value > 0 && value < 10 ? Math.round(value * 10) : -1;
      if (tenths >= 0 && tenths / 10 === value) {
        scratch[at++] = ZERO + ((tenths / 10) | 0);
        scratch[at++] = DOT;
        scratch[at++] = ZERO + (tenths % 10);
      } else {
        at += scratch.write(String(value), at, 'latin1');
      }
    }
  }
  scratch[at++] = 0x5d; // ]
  return scratch.toString('latin1', 0, at);
}

/** The JSON text of a series, its NaNs as nulls: numbers, nulls and fixed keys only. */
function seriesJson(series: Series): string {
  return `{"start":${series.start},"stepMs":${series.stepMs},"dns":${arrayJson(series.dns)},"connect":${arrayJson(series.connect)},"tls":${arrayJson(series.tls)},"firstByte":${arrayJson(series.firstByte)},"rest":${arrayJson(series.rest)},"failed":${arrayJson(series.failed)}}`;
}

export function chartsJson(charts: Page['charts']): string {
  return `{"h24":${seriesJson(charts.h24)},"d7":${seriesJson(charts.d7)}}`;
}

/**
 * A short fingerprint of a fragment: pages replace a region only when it changed. Hashed
 * natively: a loop over the characters in JavaScript cost a tenth of a full rendering.
 */
function fingerprint(text: string): string {
  return hash('sha1', text, 'base64url').slice(0, 8);
}

/** Start of the first of the 90 days every day bar shows: bars that start there do not repeat it. */
function dayStart(now: number): number {
  return (Math.floor(now / DAY) - (BAR_DAYS - 1)) * DAY;
}

function common(info: SiteInfo) {
  return { title: info.title, version: info.version, generatedAt: info.generatedAt, now: info.generatedAt, dayStart: dayStart(info.generatedAt) };
}

/** What a page needs to poll and to judge staleness; the JSON files repeat it with each update. */
function freshness(info: SiteInfo) {
  return { generatedAt: info.generatedAt, staleAfterMs: info.staleAfterMs, pollMs: info.pollMs, dayStart: dayStart(info.generatedAt) };
}

function pollConfig(info: SiteInfo, kind: 'index' | 'monitor', poll: string | null, layout: string) {
  return { kind, poll, layout, ...freshness(info) };
}

export function indexLayout(groups: readonly Group[]): string {
  return layoutKey(groups.map((group) => [group.name, group.cards.map((card) => [card.id, card.name, card.url])]));
}

export function indexFiles(templates: Templates, info: SiteInfo, groups: readonly Group[], overall: Overall, cards: readonly Card[]): OutputFile[] {
  const layout = indexLayout(groups);
  const html = templates.render('index', {
    ...common(info),
    pageTitle: `${overall.title} \u00b7 ${info.title}`,
    root: '',
    overall,
    groups,
    config: pollConfig(info, 'index', 'status.json', layout),
    pageData: null,
  });
  const status = { layout, ...freshness(info), overall, monitors: cards.map((card) => card.live) };
  return [
    { name: 'status.json', data: json(status) },
    { name: 'index.html', data: html },
  ];
}

/**
 * A monitor's page: everything inline, so it works as a file. Served over HTTP, an open page
 * polls this same file (an ETag makes an unchanged one a 304) and swaps in what changed, so
 * each monitor costs one file per regeneration. The chart JSON holds only numbers, nulls and
 * fixed keys and sits in the <script> element as is; the rest is escaped by scriptJson.
 */
export function monitorFiles(templates: Templates, info: SiteInfo, page: Page): OutputFile[] {
  const base = { ...common(info), monitor: page };
  const fragments: Record<string, string> = {};
  const versions: Record<string, string> = {};
  for (const [region, template] of Object.entries(REGIONS)) {
    fragments[region] = templates.render(template, base);
    versions[region] = fingerprint(fragments[region]);
  }
  const html = templates.render('monitor', {
    ...base,
    pageTitle: `${page.name} \u00b7 ${info.title}`,
    root: '../',
    config: pollConfig(info, 'monitor', null, page.layout),
    fragments,
    versions,
    pageData: `{"live":${scriptJson(page.live)},"charts":${chartsJson(page.charts)}}`,
  });
  return [{ name: `m/${page.id}.html`, data: html }];
}
