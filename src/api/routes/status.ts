/** /api/alerts, /api/summary and /api/health: the state of the whole installation. */
import { statSync } from 'node:fs';
import type { Polka } from 'polka';
import { displayStatus } from '../../monitors/entry.js';
import { summarise, WINDOWS } from '../../monitors/stats.js';
import { emptyAggregate, mergeAggregate } from '../../storage/rollups.js';
import { schemaVersion } from '../../storage/db.js';
import type { Route } from '../app.js';
import type { ApiDeps } from '../context.js';
import { sendJson } from '../errors.js';
import { intParam, monitorParam, stringParam, timeParam } from '../query.js';
import { iso } from '../../util/time.js';

export function registerStatusRoutes(app: Polka, route: Route, deps: ApiDeps): void {
  const { service, store, clock } = deps;

  app.get('/api/alerts', route((req, res) => {
    const monitorId = monitorParam(req.query, (id) => service.get(id) !== undefined || store.monitors.get(id) !== null);
    const since = timeParam(req.query, 'since');
    const limit = intParam(req.query, 'limit', 100, 1, 1000);
    const before = intParam(req.query, 'cursor', Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);
    const rows = store.stateChanges.list({ monitorId, since, before, limit: limit + 1 });
    const page = rows.slice(0, limit);
    // The alert sent for each change (or why it was held back) and its deliveries per channel.
    const notifications = deps.alerts?.notificationsFor(page.map((change) => change.id)) ?? new Map();
    sendJson(res, 200, {
      alerts: page.map((change) => {
        const notification = notifications.get(change.id);
        return {
          id: change.id, monitor: change.monitorId, at: iso(change.at), from: change.from, to: change.to, reason: change.reason,
          event: notification?.event ?? null,
          suppressed: notification?.suppressed ?? null,
          deliveries: notification?.deliveries ?? [],
        };
      }),
      next: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    });
  }));

  app.get('/api/summary', route((_req, res) => {
    const now = clock.now();
    const counts = { up: 0, down: 0, degraded: 0, pending: 0, paused: 0 };
    const overall = emptyAggregate();
    const monitors = service.list();
    for (const entry of monitors) {
      counts[displayStatus(entry)]++;
      mergeAggregate(overall, store.rollups.window(entry.key, now - WINDOWS['24h'], now + 1));
    }
    const slowest = monitors
      .filter((entry) => entry.lastResult && entry.lastResult.status !== 'down' && !entry.spec.paused)
      .sort((a, b) => b.lastResult!.totalMs - a.lastResult!.totalMs)
      .slice(0, 5)
      .map((entry) => ({ id: entry.spec.id, name: entry.spec.name, totalMs: Math.round(entry.lastResult!.totalMs), status: displayStatus(entry) }));
    const failing = monitors
      .filter((entry) => !entry.spec.paused && (entry.state.status === 'down' || entry.state.status === 'degraded'))
      .map((entry) => ({ id: entry.spec.id, name: entry.spec.name, status: entry.state.status, since: iso(entry.state.statusSince), reason: entry.lastResult?.reason ?? null }));
    const stats = summarise(overall, 0);
    sendJson(res, 200, { total: monitors.length, counts, uptime24h: stats.uptime, checks24h: stats.checks, slowest, failing });
  }));

  app.get('/api/health', route((_req, res) => {
    const now = clock.now();
    const scheduler = service.scheduler.stats();
    const config = deps.configState();
    let database: Record<string, unknown>;
    try {
      store.db.prepare('SELECT 1').get();
      database = { ok: true, schemaVersion: schemaVersion(store.db), sizeBytes: fileSize(store.file) + fileSize(`${store.file}-wal`), pendingWrites: service.writer.pending() };
    } catch (error) {
      database = { ok: false, error: (error as Error).message };
    }
    const ok = database.ok === true && config.lastLoadedAt !== null;
    sendJson(res, ok ? 200 : 503, {
      status: ok ? (config.lastError ? 'degraded' : 'ok') : 'error',
      version: deps.version,
      uptimeSeconds: Math.round((now - deps.startedAt) / 1000),
      monitors: service.list().length,
      // What the process costs the machine: the figure people compare monitors by.
      memory: memory(),
      scheduler: {
        jobs: scheduler.jobs,
        running: scheduler.running,
        waiting: scheduler.waiting,
        checksStarted: scheduler.started,
        skippedOverlaps: scheduler.skipped,
        lagMs: { p50: round(scheduler.lag.p50), p99: round(scheduler.lag.p99), max: round(scheduler.lag.max), samples: scheduler.lag.samples },
      },
      database,
      config: {
        file: config.file,
        lastLoadedAt: iso(config.lastLoadedAt),
        lastErrorAt: iso(config.lastErrorAt),
        lastError: config.lastError,
        conflicts: config.conflicts,
      },
    });
  }));
}

function memory(): { rssBytes: number; heapUsedBytes: number } {
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
