/**
 * Alerting, wired: channels from the config, the dispatcher listening to committed results, the
 * delivery worker, and what the API, the CLI and the dashboard ask of it.
 */
import type { MonitorService } from '../monitors/service.js';
import { createAlertEventRepository, type StoredAlertEvent } from '../storage/alert-events.js';
import { createDeliveryRepository, type Delivery } from '../storage/deliveries.js';
import type { Store } from '../storage/store.js';
import type { CommittedWrite } from '../storage/writer.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import type { AlertingConfig } from './config.js';
import { createDispatcher } from './dispatcher.js';
import type { EventKind, NewAlertEvent } from './events.js';
import { activeRange, activeWindow, appliesTo, type MaintenanceWindow } from './maintenance.js';
import { deliverySettings } from './notifiers/fields.js';
import { kindOf, pluginFor } from './notifiers/registry.js';
import { channelView, eventView, type ChannelInfo } from './views.js';
import { createDeliveryWorker, type ChannelRuntime } from './worker.js';
import { isoString } from '../util/time.js';

export interface AlertServiceOptions {
  readonly store: Store;
  readonly monitors: MonitorService;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: AlertingConfig;
  /** Deliveries attempted at once; default 4. */
  readonly concurrency?: number;
  /** Alert events (and their deliveries) are kept this long; default 400 days, like rollups. */
  readonly keepDays?: number;
}

const DAY_MS = 86_400_000;

type Channel = ChannelInfo & ChannelRuntime & { readonly secrets: readonly string[] };

function buildChannels(config: AlertingConfig): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  for (const [name, channelConfig] of Object.entries(config.channels)) {
    const plugin = pluginFor(channelConfig);
    channels.set(name, {
      name,
      config: channelConfig,
      kind: kindOf(channelConfig),
      target: plugin.target(channelConfig),
      settings: deliverySettings(channelConfig),
      notifier: plugin.create(channelConfig),
      secrets: plugin.secrets(channelConfig).filter((secret) => secret.length >= 4),
    });
  }
  return channels;
}

export type AlertService = ReturnType<typeof createAlertService>;

export function createAlertService(options: AlertServiceOptions) {
  const { store, monitors, clock, log } = options;
  const events = createAlertEventRepository(store.db);
  const deliveries = createDeliveryRepository(store.db);
  let channels = buildChannels(options.config);
  let windows: readonly MaintenanceWindow[] = options.config.maintenance;

  const secrets = (): string[] => [...channels.values()].flatMap((channel) => channel.secrets);

  const worker = createDeliveryWorker({ deliveries, events, channels: () => channels, clock, log, secrets, concurrency: options.concurrency });

  const dispatcher = createDispatcher({
    db: store.db,
    events,
    deliveries,
    monitor: (id) => {
      const entry = monitors.get(id);
      return entry ? { key: entry.key, spec: entry.spec } : null;
    },
    channels: () => channels,
    maintenance: () => windows,
    clock,
    log,
    onQueued: () => worker.kick(),
  });

  const onCommitted = (writes: readonly CommittedWrite[]): void => dispatcher.handle(writes);
  const onRemoved = (key: number): void => dispatcher.forget(key);
  let pruneTimer: ReturnType<typeof setInterval> | null = null;
  const prune = (): void => {
    try {
      const removed = events.prune(clock.now() - (options.keepDays ?? 400) * DAY_MS);
      if (removed > 0) log.info(`alerts: pruned events=${removed}`);
    } catch (error) {
      log.error(`alerts: pruning failed error=${(error as Error).message}`);
    }
  };

  const withDeliveries = (event: StoredAlertEvent) => eventView(event, deliveries.forEvent(event.id));

  return {
    worker,

    /** Dispatches what a previous run left, then follows commits and sends. Call after monitors.start(). */
    start(): void {
      dispatcher.recover();
      monitors.events.on('committed', onCommitted);
      monitors.events.on('removed', onRemoved);
      worker.start();
      prune();
      pruneTimer = setInterval(prune, DAY_MS);
      pruneTimer.unref();
    },

    /** A reloaded monitors.yaml: new channels and windows (attempts in flight finish with the old ones). */
    applyConfig(config: AlertingConfig): void {
      channels = buildChannels(config);
      windows = config.maintenance;
      worker.kick();
    },

    /**
     * The maintenance window holding back this monitor's alerts at `now`, or null. For the
     * dashboard: a monitor in maintenance is still checked; show "maintenance" beside its status.
     */
    inMaintenance(monitorId: string, now: number = clock.now()): { name: string; until: string } | null {
      const entry = monitors.get(monitorId);
      if (!entry) return null;
      const window = activeWindow(windows, entry.spec, now);
      return window ? { name: window.name, until: isoString(window.until) } : null;
    },

    /** The configured windows, whether each is active now, and the monitors each covers (GET /api/maintenance). */
    maintenanceView(now: number = clock.now()) {
      const all = monitors.list();
      return windows.map((window) => {
        const range = activeRange(window, now);
        const schedule =
          window.kind === 'once'
            ? { start: isoString(window.start), end: isoString(window.end) }
            : {
                at: `${String(Math.floor(window.minuteOfDay / 60)).padStart(2, '0')}:${String(window.minuteOfDay % 60).padStart(2, '0')}`,
                days: window.days.map((day) => ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][day]),
                timezone: window.timezone,
                durationSeconds: window.durationMs / 1000,
              };
        return {
          name: window.name,
          kind: window.kind,
          monitors: window.monitors,
          tags: window.tags,
          ...schedule,
          active: range !== null,
          activeUntil: range ? isoString(range.end) : null,
          affects: all.filter((entry) => appliesTo(window, entry.spec)).map((entry) => entry.spec.id),
        };
      });
    },

    /** Channels for the API: kind, target and settings, never a secret. */
    channels() {
      return [...channels.values()].map((channel) => channelView(channel, deliveries.lastForChannel(channel.name)));
    },

    hasChannel(name: string): boolean {
      return channels.has(name);
    },

    /**
     * Sends a test message to a channel now (one attempt, recorded like any delivery); resolves
     * with the delivery after the attempt, or null for an unknown channel.
     */
    async sendTest(name: string): Promise<Delivery | null> {
      if (!channels.has(name)) return null;
      const now = clock.now();
      const event: NewAlertEvent = {
        kind: 'test', at: now, monitor: null, status: null, previousStatus: null, reason: null, httpStatus: null,
        responseTimeMs: null, downtimeSeconds: null, certificate: null, flapping: null, channel: name,
      };
      const deliveryId = store.db.transaction(() => {
        const eventId = events.insert(event, { key: null, stateChangeId: null, suppressed: null });
        return deliveries.insert(eventId, null, name, 1, now)!;
      })();
      return worker.deliverNow(deliveryId);
    },

    /** For GET /api/alerts: the event and deliveries of each state change. */
    notificationsFor(stateChangeIds: readonly number[]): Map<number, ReturnType<typeof eventView>> {
      const found = new Map<number, ReturnType<typeof eventView>>();
      for (const [id, event] of events.forStateChanges(stateChangeIds)) found.set(id, withDeliveries(event));
      return found;
    },

    /** Alert events (all kinds) with their deliveries, newest first. */
    listEvents(query: { monitorId?: string; kind?: EventKind; since?: number; before?: number; limit: number }) {
      return events.list(query).map(withDeliveries);
    },

    attempts(deliveryId: number) {
      return deliveries.attempts(deliveryId);
    },

    /** Every secret a channel holds (passwords, tokens, secret URLs), for scrubbing logs. */
    secrets,

    /** Stops following commits; waits briefly for attempts in flight (then aborts and records them). */
    async stop(graceMs?: number): Promise<void> {
      monitors.events.off('committed', onCommitted);
      monitors.events.off('removed', onRemoved);
      if (pruneTimer) clearInterval(pruneTimer);
      await worker.stop(graceMs);
    },
  };
}
