/** GET /api/openapi.json: the OpenAPI 3.1 document; its monitor schema is the file's schema. */
import type { Polka } from 'polka';
import { monitorInputJsonSchema } from '../../config/json-schema.js';
import type { Route } from '../app.js';
import type { ApiDeps } from '../context.js';
import { sendJson } from '../errors.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code] ?? 'error', ...json(ref('Error')) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid body or parameter; details name the field',
  401: 'missing or wrong API token',
  404: 'unknown monitor',
  409: 'duplicate id, a monitor declared in monitors.yaml, or a paused monitor',
  413: 'body too large',
  415: 'body is not application/json',
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const secured = [{ bearer: [] }];

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Lookout API', version, description: 'Monitors, their checks, statistics and state changes. Write requests need a Bearer token.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        MonitorInput: monitorInputJsonSchema(),
        Monitor: { type: 'object', description: 'A monitor: its definition (secrets redacted) and live state', required: ['id', 'name', 'url', 'interval', 'timeout', 'source', 'paused', 'status', 'lastCheck', 'tls'] },
        Check: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, ok: { type: 'boolean' }, status: { enum: ['up', 'down', 'degraded'] }, httpStatus: { type: ['integer', 'null'] }, totalMs: { type: 'number' }, phases: { type: 'object' }, reason: { type: ['string', 'null'] } } },
        Error: { type: 'object', properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
      },
    },
    paths: {
      '/api/monitors': {
        get: { summary: 'List monitors', parameters: [{ name: 'tag', in: 'query', schema: { type: 'string' } }, { name: 'status', in: 'query', schema: { enum: ['up', 'down', 'degraded', 'pending', 'paused'] } }], responses: { 200: { description: 'monitors', ...json({ type: 'object', properties: { monitors: { type: 'array', items: ref('Monitor') } } }) }, ...errors(400) } },
        post: { summary: 'Create an API monitor', security: secured, requestBody: { required: true, ...json(ref('MonitorInput')) }, responses: { 201: { description: 'created', ...json(ref('Monitor')) }, ...errors(400, 401, 409, 413, 415) } },
      },
      '/api/monitors/{id}': {
        parameters: [idParam],
        get: { summary: 'One monitor', responses: { 200: { description: 'the monitor', ...json(ref('Monitor')) }, ...errors(404) } },
        patch: { summary: 'Partial update (JSON merge patch); {"paused": true} pauses', security: secured, requestBody: { required: true, ...json(ref('MonitorInput')) }, responses: { 200: { description: 'updated', ...json(ref('Monitor')) }, ...errors(400, 401, 404, 409, 413, 415) } },
        delete: { summary: 'Delete an API monitor and its history', security: secured, responses: { 204: { description: 'deleted' }, ...errors(401, 404, 409) } },
      },
      '/api/monitors/{id}/check': {
        parameters: [idParam],
        post: { summary: 'Run a check now and return its result', security: secured, responses: { 200: { description: 'the result', ...json({ type: 'object', properties: { check: ref('Check'), tls: { type: ['object', 'null'] }, monitor: ref('Monitor') } }) }, ...errors(401, 404, 409) } },
      },
      '/api/monitors/{id}/checks': {
        parameters: [idParam, { name: 'since', in: 'query', schema: { type: 'string' } }, { name: 'until', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }],
        get: { summary: 'Check history, newest first; pass `next` back as `cursor`', responses: { 200: { description: 'checks', ...json({ type: 'object', properties: { checks: { type: 'array', items: ref('Check') }, next: { type: ['string', 'null'] } } }) }, ...errors(400, 404) } },
      },
      '/api/monitors/{id}/stats': {
        parameters: [idParam],
        get: { summary: 'Uptime, checks, average and p95 response time, incidents per window (24h, 7d, 30d, 90d)', responses: { 200: { description: 'statistics' }, ...errors(404) } },
      },
      '/api/alerts': { get: { summary: 'State changes, newest first (filter by monitor, since)', parameters: [{ name: 'monitor', in: 'query', schema: { type: 'string' } }, { name: 'since', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'state changes' }, ...errors(400, 404) } } },
      '/api/summary': { get: { summary: 'Counts by status, overall 24h uptime, slowest and failing monitors', responses: { 200: { description: 'summary' } } } },
      '/api/health': { get: { summary: 'Version, uptime, scheduler lag, database and config state', responses: { 200: { description: 'healthy' }, 503: { description: 'database or config unusable' } } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
  };
}

export function registerOpenApiRoute(app: Polka, route: Route, deps: ApiDeps): void {
  const document = openApiDocument(deps.version);
  app.get('/api/openapi.json', route((_req, res) => sendJson(res, 200, document)));
}
