/**
 * The files of one rendering: index.html and status.json for the overview (an open index polls
 * status.json, which carries the fields its cards show), and m/<id>.html per public monitor.
 */
import type { OutputFile } from './atomic.js';
import { BAR_DAYS, DAY } from './history.js';
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

/**
 * The regions of a monitor page that updates replace as a whole, and their templates. The page
 * swaps a region when its markup in the fresh copy differs from what it was served (lookout.js):
 * no version per region here, where hashing five fragments of a thousand pages cost a twentieth
 * of a full rendering.
 */
const REGIONS = { stats: '_stats', bars: '_bars', cert: '_cert', checks: '_checks', incidents: '_incidents' } as const;

const json = (value: unknown): string => JSON.stringify(value);

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

/**
 * A card's markup and its live data as JSON, kept per card object: card-cache.ts hands the same
 * card to every regeneration until something it shows changes, so at 1,000 monitors a
 * regeneration renders the 83 cards checked in the last 5 s rather than all of them. The markup
 * depends on the card and the page's days (dayStart), nothing else (no "42 s ago").
 */
const cardMarkup = new WeakMap<Card, { readonly dayStart: number; readonly html: string }>();
const liveJson = new WeakMap<Card, string>();

function liveText(card: Card): string {
  let text = liveJson.get(card);
  if (text === undefined) {
    text = json(card.live);
    liveJson.set(card, text);
  }
  return text;
}

export function indexFiles(templates: Templates, info: SiteInfo, groups: readonly Group[], overall: Overall, cards: readonly Card[]): OutputFile[] {
  const layout = indexLayout(groups);
  const base = common(info);
  const cardHtml = (card: Card): string => {
    const kept = cardMarkup.get(card);
    if (kept !== undefined && kept.dayStart === base.dayStart) return kept.html;
    const html = templates.render('_card', { ...base, card });
    // Kept for many regenerations: flattened first (V8 flattens a concatenated string when it
    // is indexed), as the template's tree of pieces took twice the memory (2 MB at 1,000 cards).
    html.charCodeAt(0);
    cardMarkup.set(card, { dayStart: base.dayStart, html });
    return html;
  };
  const html = templates.render('index', {
    ...base,
    pageTitle: `${overall.title} \u00b7 ${info.title}`,
    root: '',
    overall,
    groups,
    config: pollConfig(info, 'index', 'status.json', layout),
    pageData: null,
    cardHtml,
  });
  // status.json is {layout, freshness, overall, monitors: [live, ...]}, each card's part as kept.
  const head = json({ layout, ...freshness(info), overall });
  const status = `${head.slice(0, -1)},"monitors":[${cards.map(liveText).join(',')}]}`;
  return [
    { name: 'status.json', data: status },
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
  for (const [region, template] of Object.entries(REGIONS)) fragments[region] = templates.render(template, base);
  const html = templates.render('monitor', {
    ...base,
    pageTitle: `${page.name} \u00b7 ${info.title}`,
    root: '../',
    config: pollConfig(info, 'monitor', null, page.layout),
    fragments,
    pageData: `{"live":${scriptJson(page.live)},"charts":${page.charts}}`,
  });
  return [{ name: `m/${page.id}.html`, data: html }];
}
