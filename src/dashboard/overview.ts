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
 * then slow answers, then monitors in maintenance (a window, or paused). A monitor in a
 * maintenance window counts as in maintenance, not as down.
 */
export function overallStatus(statuses: readonly ShownStatus[]): Overall {
  const count = (status: ShownStatus): number => statuses.filter((each) => each === status).length;
  const total = statuses.length;
  const down = count('down');
  const degraded = count('degraded');
  const paused = count('paused') + count('maintenance');
  const active = total - paused;
  const notes = [degraded > 0 ? `${degraded} slow` : '', paused > 0 ? `${paused} in maintenance` : ''].filter(Boolean).join(' \u00b7 ');
  const withNotes = (text: string): string => (notes ? `${text} \u00b7 ${notes}` : text);
  if (total === 0) return { level: 'empty', title: 'No monitors to show yet', detail: 'Public monitors appear here once they are declared.' };
  if (down > 0) {
    const detail = withNotes(`${down} of ${plural(active, 'monitor')} down`);
    return down * 2 >= active ? { level: 'major', title: 'Major outage', detail } : { level: 'partial', title: 'Partial outage', detail };
  }
  if (degraded > 0) return { level: 'degraded', title: 'Degraded performance', detail: withNotes(`${plural(active - degraded, 'monitor')} up`) };
  if (paused > 0) return { level: 'maintenance', title: 'Under maintenance', detail: `${plural(paused, 'monitor')} in maintenance \u00b7 ${active} up` };
  if (count('pending') === total) return { level: 'pending', title: 'Checking\u2026', detail: 'The first checks are running.' };
  return { level: 'ok', title: 'All systems operational', detail: `${plural(total, 'monitor')} up` };
}

const byName = (a: Card, b: Card): number => a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : 1);

/**
 * Cards grouped by their first tag (tags sorted by name, untagged last as "Other"); one
 * unnamed group when no monitor has tags. Names sort within a group, so order never jumps as
 * statuses change.
 */
export function groupCards(cards: readonly Card[]): Group[] {
  if (!cards.some((card) => card.tags.length > 0)) return [{ name: null, cards: [...cards].sort(byName) }];
  const groups = new Map<string, Card[]>();
  for (const card of cards) {
    const name = card.tags[0] ?? '';
    const list = groups.get(name) ?? [];
    list.push(card);
    groups.set(name, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'en')))
    .map(([name, list]) => ({ name: name === '' ? 'Other' : name, cards: list.sort(byName) }));
}
