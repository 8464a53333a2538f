/**
 * The REST API (Polka). Auth and errors are handled once here: routes only return data or
 * throw an HttpError.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import polka, { type Polka } from 'polka';
import type { ApiDeps } from './context.js';
import { HttpError, sendError } from './errors.js';
import { requireToken } from './auth.js';
import { registerMonitorRoutes } from './routes/monitors.js';
import { registerStatusRoutes } from './routes/status.js';
import { registerOpenApiRoute } from './routes/openapi.js';
import { registerChannelRoutes } from './routes/channels.js';
import { registerNotificationRoutes } from './routes/notifications.js';

export type Request = IncomingMessage & { params: Record<string, string>; query: Record<string, string | string[] | undefined>; path: string };
export type Handler = (req: Request, res: ServerResponse) => Promise<void> | void;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Reads that need the token too: channel settings name recipients and mail servers. */
const PRIVATE_READS = /^\/api\/channels(\/|\?|$)/;

export function createApp(deps: ApiDeps): Polka {
  const onError = (error: unknown, _req: IncomingMessage, res: ServerResponse): void => sendError(res, error, (message) => deps.log.error(message));
  const app = polka({
    onError: onError as never,
    onNoMatch: (req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/api')) sendError(res, new HttpError(404, 'not_found', `no such endpoint: ${req.method} ${url.split('?')[0]}`));
      else sendError(res, new HttpError(404, 'not_found', 'not found'));
    },
  });

  app.use((req, res, next) => {
    const url = req.url ?? '';
    if (url.startsWith('/api/') && (!READ_METHODS.has(req.method ?? 'GET') || PRIVATE_READS.test(url))) {
      try {
        requireToken(req, deps.token);
      } catch (error) {
        sendError(res, error);
        return;
      }
    }
    next();
  });

  /** Wraps an async handler so a thrown error reaches the one error handler. */
  const route = (handler: Handler) => (req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve()
      .then(() => handler(req as Request, res))
      .catch((error: unknown) => onError(error, req, res));
  };

  registerMonitorRoutes(app, route, deps);
  registerStatusRoutes(app, route, deps);
  registerChannelRoutes(app, route, deps);
  registerNotificationRoutes(app, route, deps);
  registerOpenApiRoute(app, route, deps);
  return app;
}

export type Route = (handler: Handler) => (req: IncomingMessage, res: ServerResponse) => void;
