/** What the API shows of a monitor: its definition with secrets redacted, and its live state. */
import type { CheckResult } from '../checks/types.js';
import { formatRanges } from '../checks/reasons.js';
import type { MonitorSpec } from '../config/schema.js';
import { displayStatus, type MonitorEntry } from '../monitors/entry.js';
import type { StoredCheck } from '../storage/results.js';
import { REDACTED, redactHeaders, redactUrl } from '../util/redact.js';
import { iso } from '../util/time.js';

const wholeMs = (value: number | null): number | null => (value === null ? null : Math.round(value));

/** Times in whole ms, as stored: the last check (held in memory) and the same check in the history read alike. */
export function checkView(result: CheckResult | StoredCheck) {
  const { phases } = result;
  return {
    at: iso(result.at),
    ok: result.status !== 'down',
    status: result.status,
    httpStatus: result.httpStatus,
    totalMs: Math.round(result.totalMs),
    phases: { dns: wholeMs(phases.dns), connect: wholeMs(phases.connect), tls: wholeMs(phases.tls), firstByte: wholeMs(phases.firstByte) },
    reason: result.reason,
  };
}

export function specView(spec: MonitorSpec) {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    url: redactUrl(spec.url),
    method: spec.method,
    headers: redactHeaders(spec.headers),
    body: spec.body === null ? null : REDACTED,
    expect: {
      status: formatRanges(spec.expect.status).split(', '),
      contains: spec.expect.contains,
      notContains: spec.expect.notContains,
      maxResponseTime: spec.expect.maxResponseTime,
    },
    followRedirects: spec.followRedirects,
    maxRedirects: spec.maxRedirects,
    interval: spec.interval,
    timeout: spec.timeout,
    retries: spec.retries,
    retryInterval: spec.retryInterval,
    tlsSettings: spec.tls,
    alerts: spec.alerts,
    remindEvery: spec.remindEvery,
    flapping: spec.flapping,
    tags: spec.tags,
    paused: spec.paused,
    public: spec.public,
    showQuery: spec.showQuery,
  };
}

/** `maintenance`: the window holding back this monitor's alerts now, or null. */
export function monitorView(entry: MonitorEntry, maintenance: { name: string; until: string } | null = null) {
  return {
    ...specView(entry.spec),
    source: entry.source,
    status: displayStatus(entry),
    statusSince: iso(entry.state.statusSince),
    lastCheck: entry.lastResult ? checkView(entry.lastResult) : null,
    tls: entry.tls,
    maintenance,
    createdAt: iso(entry.createdAt),
    updatedAt: iso(entry.updatedAt),
  };
}

/** Fields of the monitor object that are state, not definition. */
const OUTPUT_ONLY = ['source', 'status', 'statusSince', 'lastCheck', 'maintenance', 'createdAt', 'updatedAt'] as const;

/**
 * A PATCH body as an edit of the monitor object GET answered: its state fields are dropped, and
 * `tlsSettings` is the input's `tls` (the object's `tls` being the certificate). So a monitor
 * read, edited and sent back whole is accepted, its "[redacted]" secrets kept. Pure.
 */
export function patchFromView(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...body };
  for (const field of OUTPUT_ONLY) delete patch[field];
  if ('tlsSettings' in patch) {
    patch.tls = patch.tlsSettings;
    delete patch.tlsSettings;
  }
  return patch;
}
