/**
 * Cards kept between regenerations. The index shows every monitor's card each time, but in one
 * 5 s window only the monitors checked since have new figures: at 1,000 monitors and 60 s,
 * 83 of them. The other cards are the ones built last time, reused while nothing they show
 * can have changed: the same spec, state, last result, certificate, maintenance window and
 * history (its version), within the same hour (uptime windows roll by the hour, day bars by
 * the day) and before the TLS days left tick over. Rebuilding all of them was about a third of
 * a regeneration's time. Their HTML and JSON are kept per card object in pages.ts.
 */
import { HOUR, type MonitorHistory } from './history.js';
import { buildCard, tlsDaysChangeAt, type Card, type DashboardMonitor, type MaintenanceLookup } from './model.js';

type Maintenance = ReturnType<MaintenanceLookup>;

interface Entry {
  readonly card: Card;
  readonly spec: DashboardMonitor['spec'];
  readonly status: DashboardMonitor['state']['status'];
  readonly since: number | null;
  readonly lastResult: DashboardMonitor['lastResult'];
  readonly tls: DashboardMonitor['tls'];
  readonly history: MonitorHistory;
  readonly version: number;
  readonly maintenanceName: string | null;
  readonly maintenanceUntil: number | null;
  /** The card holds from the time it was built until this time (exclusive). */
  readonly from: number;
  readonly until: number;
}

export interface CardCache {
  /** The monitor's card at `now`: the one kept if nothing it shows has changed, else a new one. */
  card(monitor: DashboardMonitor, history: MonitorHistory, now: number, maintenance: Maintenance): Card;
  /** Keeps a card built elsewhere (from the monitor's page) at `now`. */
  keep(monitor: DashboardMonitor, history: MonitorHistory, now: number, maintenance: Maintenance, card: Card): void;
  /** Ends a rendering: cards of monitors it did not show are dropped. */
  swap(): void;
}

export function createCardCache(): CardCache {
  let kept = new Map<string, Entry>();
  let next = new Map<string, Entry>();

  function keep(monitor: DashboardMonitor, history: MonitorHistory, now: number, maintenance: Maintenance, card: Card): void {
    next.set(monitor.spec.id, {
      card,
      spec: monitor.spec,
      status: monitor.state.status,
      since: monitor.state.statusSince,
      lastResult: monitor.lastResult,
      tls: monitor.tls,
      history,
      version: history.version,
      maintenanceName: maintenance?.name ?? null,
      maintenanceUntil: maintenance?.until ?? null,
      from: now,
      until: Math.min((Math.floor(now / HOUR) + 1) * HOUR, tlsDaysChangeAt(monitor, now)),
    });
  }

  return {
    card(monitor, history, now, maintenance) {
      const entry = kept.get(monitor.spec.id);
      if (
        entry !== undefined &&
        now >= entry.from &&
        now < entry.until &&
        entry.spec === monitor.spec &&
        entry.status === monitor.state.status &&
        entry.since === monitor.state.statusSince &&
        entry.lastResult === monitor.lastResult &&
        entry.tls === monitor.tls &&
        entry.history === history &&
        entry.version === history.version &&
        entry.maintenanceName === (maintenance?.name ?? null) &&
        entry.maintenanceUntil === (maintenance?.until ?? null)
      ) {
        next.set(monitor.spec.id, entry);
        return entry.card;
      }
      const card = buildCard(monitor, history, now, maintenance);
      keep(monitor, history, now, maintenance, card);
      return card;
    },
    keep,
    swap() {
      kept = next;
      next = new Map();
    },
  };
}
