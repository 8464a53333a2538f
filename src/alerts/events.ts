/**
 * What an alert says: the event kinds, the facts an event carries (stored with it, so a retry
 * after a restart sends exactly what was decided), and the documented generic JSON payload.
 *
 * No runtime import of config/: the config schema imports EVENT_KINDS from here.
 */
import type { MonitorStatus } from '../storage/monitors.js';
import { isoString } from '../util/time.js';

export const EVENT_KINDS = ['down', 'up', 'degraded', 'tls-expiring', 'tls-expired', 'tls-renewed', 'flapping', 'reminder', 'test'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  readonly daysRemaining: number;
  /** The warning threshold just crossed (tls-expiring), else null. */
  readonly thresholdDays: number | null;
}

export interface AlertEvent {
  /** The alert_events row id: receivers can de-duplicate on it. */
  readonly id: number;
  readonly kind: EventKind;
  /** When it happened (ms since the epoch). */
  readonly at: number;
  /** Null for a test message. The URL is redacted (no passwords or tokens). */
  readonly monitor: { readonly id: string; readonly name: string; readonly url: string } | null;
  readonly status: MonitorStatus | null;
  readonly previousStatus: MonitorStatus | null;
  readonly reason: string | null;
  readonly httpStatus: number | null;
  readonly responseTimeMs: number | null;
  /** On recovery from down: how long the monitor was down. */
  readonly downtimeSeconds: number | null;
  readonly certificate: CertificateFacts | null;
  /** On a flapping notice: what was seen, and how long it must be quiet to count as stable. */
  readonly flapping: { readonly changes: number; readonly windowSeconds: number } | null;
  /** The channel a test message was sent to; null otherwise. */
  readonly channel: string | null;
}

/** An event before it has a row id. */
export type NewAlertEvent = Omit<AlertEvent, 'id'>;

/** The generic webhook payload (documented in README "Alerts"). */
export function genericPayload(event: AlertEvent) {
  return {
    id: event.id,
    event: event.kind,
    monitor: event.monitor,
    status: event.status,
    previousStatus: event.previousStatus,
    reason: event.reason,
    at: isoString(event.at),
    httpStatus: event.httpStatus,
    responseTimeMs: event.responseTimeMs,
    downtimeSeconds: event.downtimeSeconds,
    certificate: event.certificate,
    flapping: event.flapping,
    message: `${headline(event)}${detail(event) ? ` — ${detail(event)}` : ''}`,
  };
}

/** "2h 5m", "42s": durations as people read them in alerts. */
export function humanDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes && days === 0) parts.push(`${minutes}m`);
  if (secs && days === 0 && hours === 0) parts.push(`${secs}s`);
  return parts.length > 0 ? parts.join(' ') : '0s';
}

const TAGS: Readonly<Record<EventKind, string>> = {
  down: 'DOWN',
  up: 'UP',
  degraded: 'DEGRADED',
  'tls-expiring': 'TLS',
  'tls-expired': 'TLS EXPIRED',
  'tls-renewed': 'TLS RENEWED',
  flapping: 'FLAPPING',
  reminder: 'STILL DOWN',
  test: 'TEST',
};

/** The bracketed tag of a subject line: DOWN, UP, TLS ... */
export function subjectTag(kind: EventKind): string {
  return TAGS[kind];
}

function monitorName(event: AlertEvent): string {
  return event.monitor?.name ?? 'Lookout';
}

/** One line saying what happened: "Shop API is down". */
export function headline(event: AlertEvent): string {
  const name = monitorName(event);
  switch (event.kind) {
    case 'down':
      return `${name} is down`;
    case 'up':
      return event.previousStatus === 'degraded' ? `${name} is responding normally again` : `${name} is up again`;
    case 'degraded':
      return event.previousStatus === 'down' ? `${name} is back, but degraded` : `${name} is degraded`;
    case 'tls-expiring':
      return `${name}: certificate expires in ${event.certificate?.daysRemaining ?? '?'} days`;
    case 'tls-expired':
      return `${name}: certificate expired`;
    case 'tls-renewed':
      return `${name}: certificate renewed`;
    case 'flapping':
      return `${name} is flapping`;
    case 'reminder':
      return `${name} is still down`;
    case 'test':
      return `Test message from Lookout${event.channel ? ` (channel ${event.channel})` : ''}`;
  }
}

/** The detail after the headline: the reason, the downtime, the expiry date ... */
export function detail(event: AlertEvent): string {
  switch (event.kind) {
    case 'down':
    case 'degraded':
      return event.reason ?? '';
    case 'up':
      return event.downtimeSeconds !== null ? `back after ${humanDuration(event.downtimeSeconds)} down` : (event.reason ?? '');
    case 'tls-expiring':
    case 'tls-expired':
    case 'tls-renewed':
      return event.certificate ? `valid until ${event.certificate.validTo.slice(0, 10)} (${event.certificate.subject})` : '';
    case 'flapping':
      return event.flapping
        ? `${event.flapping.changes} status changes within ${humanDuration(event.flapping.windowSeconds)}; alerts are held back until it is stable for ${humanDuration(event.flapping.windowSeconds)}`
        : '';
    case 'reminder':
      return [event.downtimeSeconds !== null ? `down for ${humanDuration(event.downtimeSeconds)}` : '', event.reason ?? ''].filter(Boolean).join(', ');
    case 'test':
      return 'if you can read this, the channel works';
  }
}

/** The subject line of an email, and the title of chat messages: "[DOWN] Shop API — status 503, expected 200-399". */
export function subjectLine(event: AlertEvent): string {
  const name = monitorName(event);
  const text = detail(event);
  switch (event.kind) {
    case 'down':
    case 'degraded':
    case 'reminder':
      return `[${subjectTag(event.kind)}] ${name}${text ? ` — ${text}` : ''}`;
    case 'test':
      return `[TEST] ${headline(event)}`;
    default:
      return `[${subjectTag(event.kind)}] ${headline(event)}`;
  }
}

/** Labelled facts shown in emails and chat cards (only those that are known). */
export function facts(event: AlertEvent): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = [];
  if (event.monitor) rows.push({ label: 'Monitor', value: `${event.monitor.name} (${event.monitor.id})` }, { label: 'URL', value: event.monitor.url });
  if (event.status) rows.push({ label: 'Status', value: event.previousStatus ? `${event.previousStatus} → ${event.status}` : event.status });
  if (event.reason && event.kind !== 'up') rows.push({ label: 'Reason', value: event.reason });
  if (event.httpStatus !== null) rows.push({ label: 'HTTP status', value: String(event.httpStatus) });
  if (event.responseTimeMs !== null && event.status !== 'down') rows.push({ label: 'Response time', value: `${Math.round(event.responseTimeMs)} ms` });
  if (event.downtimeSeconds !== null) rows.push({ label: event.kind === 'reminder' ? 'Down for' : 'Downtime', value: humanDuration(event.downtimeSeconds) });
  if (event.certificate) {
    rows.push(
      { label: 'Certificate', value: event.certificate.subject },
      { label: 'Issuer', value: event.certificate.issuer },
      { label: 'Valid until', value: event.certificate.validTo },
      { label: 'Days remaining', value: String(event.certificate.daysRemaining) },
    );
  }
  rows.push({ label: 'Time', value: isoString(event.at) });
  return rows;
}

/** A colour per kind for chat cards: red, green, amber, grey. */
export function colour(kind: EventKind): string {
  switch (kind) {
    case 'down':
    case 'tls-expired':
    case 'reminder':
      return '#d93025';
    case 'up':
    case 'tls-renewed':
      return '#1e8e3e';
    case 'degraded':
    case 'tls-expiring':
    case 'flapping':
      return '#f29900';
    case 'test':
      return '#5f6368';
  }
}

/** The certificate's own events, apart from the monitor's status (PagerDuty keys them apart). */
export function isCertificateEvent(kind: EventKind): boolean {
  return kind === 'tls-expiring' || kind === 'tls-expired' || kind === 'tls-renewed';
}

/** True for events that announce a problem (PagerDuty trigger), false for good news. */
export function isProblem(kind: EventKind): boolean {
  return kind !== 'up' && kind !== 'tls-renewed' && kind !== 'test';
}
