/**
 * /api/alerts/events: every alert event (state changes, certificate warnings, reminders,
 * flapping notices, tests) with its deliveries per channel; /api/maintenance: the windows.
 */
import type { Polka } from 'polka';
import { EVENT_KINDS } from '../../alerts/events.js';
import type { Route } from '../app.js';
import type { ApiDeps } from '../context.js';
import { sendJson } from '../errors.js';
import { enumParam, intParam, monitorParam, stringParam, timeParam } from '../query.js';

export function registerNotificationRoutes(app: Polka, route: Route, deps: ApiDeps): void {
  const { alerts, service, store } = deps;

  app.get('/api/alerts/events', route((req, res) => {
    const monitorId = monitorParam(req.query, (id) => service.get(id) !== undefined || store.monitors.get(id) !== null);
    const kind = enumParam(req.query, 'event', EVENT_KINDS);
    const since = timeParam(req.query, 'since');
    const limit = intParam(req.query, 'limit', 100, 1, 1000);
    const before = intParam(req.query, 'cursor', Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);
    const rows = alerts?.listEvents({ monitorId, kind, since, before, limit: limit + 1 }) ?? [];
    const page = rows.slice(0, limit);
    sendJson(res, 200, { events: page, next: rows.length > limit ? String(page[page.length - 1]!.id) : null });
  }));

  app.get('/api/maintenance', route((_req, res) => {
    sendJson(res, 200, { windows: alerts?.maintenanceView() ?? [] });
  }));
}
