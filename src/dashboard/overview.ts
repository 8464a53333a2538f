/** The index page's banner and its grouping of cards by tag. Pure. */
import type { Card, ShownStatus } from './model.js';

export type OverallLevel = 'ok' | 'degraded' | 'partial' | 'major' | 'maintenance' | 'pending' | 'empty';

export interface Overall {
  readonly level: OverallLevel;
  readonly title: string;
  readonly detail: string;
}

export interface Group {
  /** The tag, or null for the one group of an untagged installation. */
  readonly name: string | null;
  readonly cards: readonly Card[];
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Major outage when at least half of the checked monitors are down, partial when some are;
 * then slow answers, then monitors in a maintenance window. A monitor in a window counts as
 * in maintenance, not as down. A paused monitor is not watched at all: neither an outage nor
 * maintenance (visitors were told "Under maintenance" when an operator paused a noisy
 * monitor), only a note.
 */
export function overallStatus(statuses: readonly ShownStatus[]): Overall {
  const count = (status: ShownStatus): number => statuses.filter((each) => each === status).length;
  const total = statuses.length;
  const down = count('down');
  const degraded = count('degraded');
  const maintenance = count('maintenance');
  const paused = count('paused');
  const active = total - maintenance - paused;
  const pausedNote = paused > 0 ? `${paused} paused` : '';
  const notes = [degraded > 0 ? `${degraded} slow` : '', maintenance > 0 ? `${maintenance} in maintenance` : '', pausedNote].filter(Boolean).join(' \u00b7 ');
  const withNotes = (text: string): string => (notes ? `${text} \u00b7 ${notes}` : text);
  const withPaused = (text: string): string => (pausedNote ? `${text} \u00b7 ${pausedNote}` : text);
  if (total === 0) return { level: 'empty', title: 'No monitors to show yet', detail: 'Public monitors appear here once they are declared.' };
  if (down > 0) {
    const detail = withNotes(`${down} of ${plural(active, 'monitor')} down`);
    return down * 2 >= active ? { level: 'major', title: 'Major outage', detail } : { level: 'partial', title: 'Partial outage', detail };
  }
  if (degraded > 0) return { level: 'degraded', title: 'Degraded performance', detail: withNotes(`${plural(active - degraded, 'monitor')} up`) };
  if (maintenance > 0) return { level: 'maintenance', title: 'Under maintenance', detail: withPaused(`${plural(maintenance, 'monitor')} in maintenance \u00b7 ${active} up`) };
  if (active === 0) return { level: 'pending', title: 'Monitoring paused', detail: `${plural(paused, 'monitor')} paused` };
  if (count('pending') === active) return { level: 'pending', title: 'Checking\u2026', detail: withPaused('The first checks are running.') };
  return { level: 'ok', title: 'All systems operational', detail: withPaused(`${plural(active, 'monitor')} up`) };
}

/**
 * How names sort for a reader: case and accents aside ("émail" beside "email", "api" beside
 * "API"). Not Intl.Collator: the first collator of a process reads ICU's collation data, 3 MB of
 * RSS that a small fleet's serve (about 60 MB in all) keeps for good.
 */
export function nameKey(name: string): string {
  // NFD splits "é" into "e" and a combining accent (U+0300-U+036F), which is dropped.
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const DIGITS = /\d+/g;

/**
 * Runs of digits compare as numbers ("server 2" before "server 10", "node-9" before "node-10"),
 * the rest as text. Leading zeros aside, equal numbers fall back to the text.
 */
export function compareNatural(a: string, b: string): number {
  const partsA = a.split(DIGITS);
  const partsB = b.split(DIGITS);
  const numbersA = a.match(DIGITS) ?? [];
  const numbersB = b.match(DIGITS) ?? [];
  for (let index = 0; index < Math.max(partsA.length, partsB.length); index++) {
    const text = compareText(partsA[index] ?? '', partsB[index] ?? '');
    if (text !== 0) return text;
    const numberA = numbersA[index];
    const numberB = numbersB[index];
    if (numberA === undefined || numberB === undefined) {
      if (numberA !== numberB) return numberA === undefined ? -1 : 1;
      continue;
    }
    // Compared as digit strings (no overflow): without leading zeros, the longer is the larger.
    const trimmedA = numberA.replace(/^0+(?=\d)/, '');
    const trimmedB = numberB.replace(/^0+(?=\d)/, '');
    const number = trimmedA.length - trimmedB.length || compareText(trimmedA, trimmedB);
    if (number !== 0) return number;
  }
  return compareText(a, b);
}

/** Sorted by nameKey (numbers in it as numbers), then by name as written, then by id: the same order on every rendering. */
function sortByName<T>(items: readonly T[], name: (item: T) => string, id: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: nameKey(name(item)) }))
    .sort((a, b) => compareNatural(a.key, b.key) || compareText(name(a.item), name(b.item)) || compareText(id(a.item), id(b.item)))
    .map(({ item }) => item);
}

const sortCards = (cards: readonly Card[]): Card[] => sortByName(cards, (card) => card.name, (card) => card.id);

/**
 * Cards grouped by their first tag (tags sorted by name, untagged last as "Other"); one
 * unnamed group when no monitor has tags. Names sort within a group, so order never jumps as
 * statuses change.
 */
export function groupCards(cards: readonly Card[]): Group[] {
  if (!cards.some((card) => card.tags.length > 0)) return [{ name: null, cards: sortCards(cards) }];
  const groups = new Map<string, Card[]>();
  for (const card of cards) {
    const name = card.tags[0] ?? '';
    const list = groups.get(name) ?? [];
    list.push(card);
    groups.set(name, list);
  }
  const tagged = sortByName([...groups.keys()].filter((name) => name !== ''), (name) => name, (name) => name);
  if (groups.has('')) tagged.push('');
  return tagged.map((name) => ({ name: name === '' ? 'Other' : name, cards: sortCards(groups.get(name)!) }));
}
