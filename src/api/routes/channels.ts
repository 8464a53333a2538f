/** /api/channels: the alert channels (never their secrets) and a test send to one of them. */
import type { Polka } from 'polka';
import { deliveryView } from '../../alerts/views.js';
import type { Route } from '../app.js';
import type { ApiDeps } from '../context.js';
import { HttpError, sendJson } from '../errors.js';
import { iso } from '../../util/time.js';

export function registerChannelRoutes(app: Polka, route: Route, deps: ApiDeps): void {
  const { alerts } = deps;

  app.get('/api/channels', route((_req, res) => {
    sendJson(res, 200, { channels: alerts?.channels() ?? [] });
  }));

  app.post('/api/channels/:name/test', route(async (req, res) => {
    const name = req.params.name!;
    if (!alerts?.hasChannel(name)) throw new HttpError(404, 'not_found', `no channel named "${name}" in monitors.yaml`);
    const delivery = await alerts.sendTest(name);
    if (!delivery) throw new HttpError(404, 'not_found', `no channel named "${name}" in monitors.yaml`);
    // `attempts` stays the count every delivery view gives; what each attempt met is `attemptLog`.
    const attemptLog = alerts.attempts(delivery.id).map((attempt) => ({ attempt: attempt.attempt, at: iso(attempt.at), ms: attempt.ms, ok: attempt.ok, error: attempt.error }));
    const view = { ...deliveryView(delivery), attemptLog };
    if (delivery.status !== 'sent') {
      throw new HttpError(502, 'delivery_failed', `test message to "${name}" failed: ${delivery.lastError ?? delivery.status}`, { delivery: view });
    }
    sendJson(res, 200, { delivery: view });
  }));
}
