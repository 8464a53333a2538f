/** /api/monitors: CRUD, check now, check history and statistics. */
import type { Polka } from 'polka';
import { displayStatus, type MonitorEntry } from '../../monitors/entry.js';
import { allWindowStats } from '../../monitors/stats.js';
import type { Route } from '../app.js';
import { readJsonObject } from '../body.js';
import type { ApiDeps } from '../context.js';
import { fromServiceError, HttpError, sendJson } from '../errors.js';
import { enumParam, intParam, stringParam, timeParam } from '../query.js';
import { checkView, monitorView, patchFromView } from '../views.js';
import { isoString } from '../../util/time.js';

const STATUSES = ['up', 'down', 'degraded', 'pending', 'paused'] as const;

export function registerMonitorRoutes(app: Polka, route: Route, deps: ApiDeps): void {
  const { service, store, clock } = deps;

  const view = (entry: MonitorEntry) => monitorView(entry, deps.alerts?.inMaintenance(entry.spec.id) ?? null);

  const find = (id: string) => {
    const entry = service.get(id);
    if (!entry) throw new HttpError(404, 'not_found', `no monitor with id "${id}"`);
    return entry;
  };

  app.get('/api/monitors', route((req, res) => {
    const tag = stringParam(req.query, 'tag');
    const status = enumParam(req.query, 'status', STATUSES);
    const monitors = service
      .list()
      .filter((entry) => (tag === undefined || entry.spec.tags.includes(tag)) && (status === undefined || displayStatus(entry) === status))
      .map(view);
    sendJson(res, 200, { monitors });
  }));

  app.post('/api/monitors', route(async (req, res) => {
    const body = await readJsonObject(req);
    const outcome = service.create(body);
    if (!outcome.ok) throw fromServiceError(outcome.error);
    sendJson(res, 201, view(outcome.value), { location: `/api/monitors/${outcome.value.spec.id}` });
  }));

  app.get('/api/monitors/:id', route((req, res) => {
    sendJson(res, 200, view(find(req.params.id!)));
  }));

  app.patch('/api/monitors/:id', route(async (req, res) => {
    const body = await readJsonObject(req);
    const outcome = service.update(req.params.id!, patchFromView(body));
    if (!outcome.ok) throw fromServiceError(outcome.error);
    sendJson(res, 200, view(outcome.value));
  }));

  app.delete('/api/monitors/:id', route((req, res) => {
    const outcome = service.remove(req.params.id!);
    if (!outcome.ok) throw fromServiceError(outcome.error);
    res.writeHead(204).end();
  }));

  app.post('/api/monitors/:id/check', route(async (req, res) => {
    const outcome = await service.checkNow(req.params.id!);
    if (!outcome.ok) throw fromServiceError(outcome.error);
    const entry = outcome.value;
    sendJson(res, 200, { check: entry.lastResult ? checkView(entry.lastResult) : null, tls: entry.lastResult?.tls ?? null, monitor: view(entry) });
  }));

  app.get('/api/monitors/:id/checks', route((req, res) => {
    const entry = find(req.params.id!);
    const since = timeParam(req.query, 'since');
    const cursor = stringParam(req.query, 'cursor');
    const until = cursor !== undefined ? timeParam(req.query, 'cursor') : timeParam(req.query, 'until');
    const limit = intParam(req.query, 'limit', 100, 1, 1000);
    // One extra row tells whether another page exists.
    const rows = store.results.list(entry.key, { since, until, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? String(page[page.length - 1]!.at) : null;
    sendJson(res, 200, { checks: page.map(checkView), next });
  }));

  app.get('/api/monitors/:id/stats', route((req, res) => {
    const entry = find(req.params.id!);
    const now = clock.now();
    sendJson(res, 200, { id: entry.spec.id, at: isoString(now), windows: allWindowStats(store, entry.key, now) });
  }));
}
