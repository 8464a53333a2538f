/** GET /api/openapi.json: the OpenAPI 3.1 document; its monitor schema is the file's schema. */
import type { Polka } from 'polka';
import { EVENT_KINDS } from '../../alerts/events.js';
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
  502: 'the channel refused the test message or could not be reached; details hold the delivery',
};
const SUMMARY = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    counts: { type: 'object', properties: Object.fromEntries(['up', 'down', 'degraded', 'pending', 'paused'].map((status) => [status, { type: 'integer' }])) },
    uptime24h: { type: ['number', 'null'] }, checks24h: { type: 'integer' },
    slowest: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, totalMs: { type: 'integer' }, status: { type: 'string' } } } },
    failing: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, status: { type: 'string' }, since: { type: ['string', 'null'], format: 'date-time' }, reason: { type: ['string', 'null'] } } } },
  },
};
const HEALTH = {
  type: 'object',
  properties: {
    status: { enum: ['ok', 'degraded', 'error'] }, version: { type: 'string' }, uptimeSeconds: { type: 'integer' }, monitors: { type: 'integer' },
    memory: { type: 'object', properties: { rssBytes: { type: 'integer' }, heapUsedBytes: { type: 'integer' } } },
    scheduler: { type: 'object', properties: { jobs: { type: 'integer' }, running: { type: 'integer' }, waiting: { type: 'integer' }, checksStarted: { type: 'integer' }, skippedOverlaps: { type: 'integer' }, lagMs: { type: 'object', properties: { p50: { type: 'number' }, p99: { type: 'number' }, max: { type: 'number' }, samples: { type: 'integer' } } } } },
    database: { type: 'object', properties: { ok: { type: 'boolean' }, schemaVersion: { type: 'integer' }, sizeBytes: { type: 'integer' }, pendingWrites: { type: 'integer' } } },
    config: { type: 'object', properties: { file: { type: 'string' }, lastLoadedAt: { type: ['string', 'null'], format: 'date-time' }, lastErrorAt: { type: ['string', 'null'], format: 'date-time' }, lastError: { type: ['array', 'null'], items: { type: 'string' } }, conflicts: { type: 'array', items: { type: 'string' } } } },
  },
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
        Monitor: {
          type: 'object',
          description: 'A monitor: its definition (secrets shown as "[redacted]": send that back and the stored value is kept) and live state. Durations in seconds.',
          required: ['id', 'name', 'url', 'interval', 'timeout', 'source', 'paused', 'status', 'lastCheck', 'tls'],
          properties: {
            id: { type: 'string' }, name: { type: 'string' }, description: { type: ['string', 'null'] }, url: { type: 'string' }, method: { type: 'string' },
            headers: { type: 'object', additionalProperties: { type: 'string' } }, body: { type: ['string', 'null'] },
            expect: { type: 'object', properties: { status: { type: 'array', items: { type: 'string' } }, contains: { type: ['string', 'null'] }, notContains: { type: ['string', 'null'] }, maxResponseTime: { type: ['number', 'null'] } } },
            followRedirects: { type: 'boolean' }, maxRedirects: { type: 'integer' }, interval: { type: 'number' }, timeout: { type: 'number' }, retries: { type: 'integer' }, retryInterval: { type: 'number' },
            tlsSettings: { type: 'object', description: 'the `tls` field of the input', properties: { verify: { type: 'boolean' }, expiryWarningDays: { type: 'array', items: { type: 'integer' } } } },
            alerts: { type: 'array', items: { type: 'string' } }, remindEvery: { type: ['number', 'null'] }, flapping: { type: 'object', properties: { changes: { type: 'integer' }, window: { type: 'number' } } },
            tags: { type: 'array', items: { type: 'string' } }, paused: { type: 'boolean' }, public: { type: 'boolean' }, showQuery: { type: 'boolean' },
            source: { enum: ['file', 'api'] }, status: { enum: ['up', 'down', 'degraded', 'pending', 'paused'] }, statusSince: { type: ['string', 'null'], format: 'date-time' },
            lastCheck: { oneOf: [ref('Check'), { type: 'null' }] }, tls: { oneOf: [ref('Certificate'), { type: 'null' }] },
            maintenance: { type: ['object', 'null'], properties: { name: { type: 'string' }, until: { type: 'string', format: 'date-time' } } },
            createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        Check: {
          type: 'object',
          properties: {
            at: { type: 'string', format: 'date-time' }, ok: { type: 'boolean' }, status: { enum: ['up', 'down', 'degraded'] }, httpStatus: { type: ['integer', 'null'] }, totalMs: { type: 'integer' },
            phases: { type: 'object', properties: Object.fromEntries(['dns', 'connect', 'tls', 'firstByte'].map((phase) => [phase, { type: ['integer', 'null'] }])) }, reason: { type: ['string', 'null'] },
          },
        },
        Certificate: {
          type: 'object',
          description: 'The certificate of the connection the last HTTPS check used',
          properties: {
            subject: { type: 'string' }, issuer: { type: 'string' }, sans: { type: 'array', items: { type: 'string' } }, validFrom: { type: 'string', format: 'date-time' }, validTo: { type: 'string', format: 'date-time' },
            daysRemaining: { type: 'integer' }, authorized: { type: 'boolean' }, error: { type: ['string', 'null'] }, fingerprint256: { type: 'string' }, serialNumber: { type: 'string' },
          },
        },
        Stats: {
          type: 'object',
          properties: {
            id: { type: 'string' }, at: { type: 'string', format: 'date-time' },
            windows: {
              type: 'object',
              properties: Object.fromEntries(['24h', '7d', '30d', '90d'].map((window) => [window, { type: 'object', properties: { uptime: { type: ['number', 'null'], description: 'percent' }, checks: { type: 'integer' }, avgMs: { type: ['number', 'null'] }, p95Ms: { type: ['number', 'null'] }, incidents: { type: 'integer' } } }])),
            },
          },
        },
        StateChange: {
          type: 'object',
          description: 'A change of a monitor\'s status, the alert it gave (or why it was held back) and its deliveries',
          properties: {
            id: { type: 'integer' }, monitor: { type: 'string' }, at: { type: 'string', format: 'date-time' }, from: { type: 'string' }, to: { type: 'string' }, reason: { type: ['string', 'null'] },
            event: { type: ['string', 'null'] }, suppressed: { enum: ['maintenance', 'flapping', null] }, deliveries: { type: 'array', items: ref('Delivery') },
          },
        },
        Delivery: {
          type: 'object',
          description: 'One alert to one channel: stored before the first attempt, retried with backoff',
          properties: {
            id: { type: 'integer' }, channel: { type: 'string' }, status: { enum: ['pending', 'sending', 'retrying', 'sent', 'failed'] },
            attempts: { type: 'integer' }, maxAttempts: { type: 'integer' }, lastError: { type: ['string', 'null'] },
            createdAt: { type: 'string', format: 'date-time' }, sentAt: { type: ['string', 'null'], format: 'date-time' }, nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
        AlertEvent: {
          type: 'object',
          description: 'An alert decided by Lookout (the generic webhook payload\'s facts), whether it was held back, and its deliveries',
          properties: {
            id: { type: 'integer' }, event: { enum: [...EVENT_KINDS] }, at: { type: 'string', format: 'date-time' },
            monitor: { type: ['object', 'null'] }, status: { type: ['string', 'null'] }, previousStatus: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] },
            downtimeSeconds: { type: ['number', 'null'] }, certificate: { type: ['object', 'null'] }, flapping: { type: ['object', 'null'] }, channel: { type: ['string', 'null'] },
            stateChange: { type: ['integer', 'null'] }, suppressed: { enum: ['maintenance', 'flapping', null] }, deliveries: { type: 'array', items: { $ref: '#/components/schemas/Delivery' } },
          },
        },
        Channel: {
          type: 'object',
          description: 'An alert channel from monitors.yaml; never its password, token, secret or secret URL',
          properties: {
            name: { type: 'string' }, type: { enum: ['email', 'webhook'] }, kind: { type: 'string', description: 'email, webhook or webhook/<preset>' }, target: { type: 'string' },
            signed: { type: 'boolean' }, events: { type: 'array', items: { type: 'string' } }, timeout: { type: 'number' }, attempts: { type: 'integer' }, backoff: { type: 'number' },
            lastDelivery: { type: ['object', 'null'] },
          },
        },
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
        patch: { summary: 'Partial update (JSON merge patch); {"paused": true} pauses. The whole Monitor object GET answered is accepted too: its state fields are ignored, tlsSettings is the input tls, "[redacted]" keeps the stored secret (same origin only)', security: secured, requestBody: { required: true, content: { 'application/json': { schema: ref('MonitorInput') }, 'application/merge-patch+json': { schema: ref('MonitorInput') } } }, responses: { 200: { description: 'updated', ...json(ref('Monitor')) }, ...errors(400, 401, 404, 409, 413, 415) } },
        delete: { summary: 'Delete an API monitor and its history', security: secured, responses: { 204: { description: 'deleted' }, ...errors(401, 404, 409) } },
      },
      '/api/monitors/{id}/check': {
        parameters: [idParam],
        post: { summary: 'Run a check now and return its result', security: secured, responses: { 200: { description: 'the result', ...json({ type: 'object', properties: { check: { oneOf: [ref('Check'), { type: 'null' }] }, tls: { type: ['object', 'null'] }, monitor: ref('Monitor') } }) }, ...errors(401, 404, 409) } },
      },
      '/api/monitors/{id}/checks': {
        parameters: [idParam, { name: 'since', in: 'query', schema: { type: 'string' } }, { name: 'until', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }],
        get: { summary: 'Check history, newest first; pass `next` back as `cursor`', responses: { 200: { description: 'checks', ...json({ type: 'object', properties: { checks: { type: 'array', items: ref('Check') }, next: { type: ['string', 'null'] } } }) }, ...errors(400, 404) } },
      },
      '/api/monitors/{id}/stats': {
        parameters: [idParam],
        get: { summary: 'Uptime, checks, average and p95 response time, incidents per window (24h, 7d, 30d, 90d)', responses: { 200: { description: 'statistics', ...json(ref('Stats')) }, ...errors(404) } },
      },
      '/api/alerts': { get: { summary: 'State changes, newest first (filter by monitor, since), each with the alert sent for it (`event`, or why it was held back: `suppressed`) and its `deliveries` per channel', parameters: [{ name: 'monitor', in: 'query', schema: { type: 'string' } }, { name: 'since', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'state changes with their deliveries', ...json({ type: 'object', properties: { alerts: { type: 'array', items: ref('StateChange') }, next: { type: ['string', 'null'] } } }) }, ...errors(400, 404) } } },
      '/api/alerts/events': { get: { summary: 'Every alert event (status changes, certificate warnings, reminders, flapping notices, tests) with its deliveries, newest first', parameters: [{ name: 'monitor', in: 'query', schema: { type: 'string' } }, { name: 'event', in: 'query', schema: { enum: [...EVENT_KINDS] } }, { name: 'since', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'events', ...json({ type: 'object', properties: { events: { type: 'array', items: ref('AlertEvent') }, next: { type: ['string', 'null'] } } }) }, ...errors(400, 404) } } },
      '/api/channels': { get: { summary: 'Alert channels from monitors.yaml, without secrets (needs the token: it names recipients)', security: secured, responses: { 200: { description: 'channels', ...json({ type: 'object', properties: { channels: { type: 'array', items: ref('Channel') } } }) }, ...errors(401) } } },
      '/api/channels/{name}/test': {
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        post: {
          summary: 'Send a test message through a channel now (one attempt, recorded) and report the outcome',
          security: secured,
          responses: {
            200: { description: 'sent', ...json({ type: 'object', properties: { delivery: { allOf: [ref('Delivery')], properties: { attemptLog: { type: 'array', items: { type: 'object', properties: { attempt: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, ms: { type: 'integer' }, ok: { type: 'boolean' }, error: { type: ['string', 'null'] } } } } } } } }) },
            ...errors(401, 502),
            404: { description: 'no channel of that name in monitors.yaml', ...json(ref('Error')) },
          },
        },
      },
      '/api/maintenance': { get: { summary: 'Maintenance windows, whether each is active now and the monitors it covers', responses: { 200: { description: 'windows', ...json({ type: 'object', properties: { windows: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, kind: { enum: ['once', 'recurring'] }, monitors: { type: ['array', 'null'], items: { type: 'string' } }, tags: { type: ['array', 'null'], items: { type: 'string' } }, active: { type: 'boolean' }, activeUntil: { type: ['string', 'null'], format: 'date-time' }, affects: { type: 'array', items: { type: 'string' } } } } } } }) } } } },
      '/api/summary': { get: { summary: 'Counts by status, overall 24h uptime, slowest and failing monitors', responses: { 200: { description: 'summary', ...json(SUMMARY) } } } },
      '/api/health': { get: { summary: 'Version, uptime, memory, scheduler lag, database and config state', responses: { 200: { description: 'healthy', ...json(HEALTH) }, 503: { description: 'database or config unusable', ...json(HEALTH) } } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
  };
}

export function registerOpenApiRoute(app: Polka, route: Route, deps: ApiDeps): void {
  const document = openApiDocument(deps.version);
  app.get('/api/openapi.json', route((_req, res) => sendJson(res, 200, document)));
}
