/** Wiring only: config -> storage -> monitors (scheduler, checks) -> API. */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createAlertService, type AlertService } from './alerts/service.js';
import { unmatchedScopes } from './alerts/maintenance.js';
import { createApp } from './api/app.js';
import { loadOrCreateToken } from './api/auth.js';
import type { ConfigState } from './api/context.js';
import { createHttpChecker } from './checks/http.js';
import type { Checker } from './checks/types.js';
import { formatFieldError } from './config/issues.js';
import type { Config } from './config/load.js';
import type { Dashboard } from './dashboard/dashboard.js';
import type { Env } from './config/interpolate.js';
import { loadConfigFile, watchConfig, type ConfigWatcher } from './config/watch.js';
import { createMonitorService, type MonitorService } from './monitors/service.js';
import { databaseFile } from './storage/db.js';
import { startRetention } from './storage/retention.js';
import { openStore, type Store } from './storage/store.js';
import { systemClock, type Clock } from './util/clock.js';
import { withDateHeader } from './util/http-date.js';
import { createLogger, type Logger } from './util/log.js';
import { unwritableDir } from './util/writable.js';
import { VERSION } from './version.js';

export interface LookoutOptions {
  readonly configFile: string;
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  readonly env?: Env;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly checker?: Checker;
  /** Certificates (PEM) of private CAs that checks trust besides the public ones (`serve --ca`). */
  readonly ca?: readonly string[];
  readonly retentionDays?: number;
  readonly rollupRetentionDays?: number;
  readonly maxConcurrent?: number;
  readonly flushMs?: number;
  readonly configDebounceMs?: number;
  /** Render the static dashboard into `dir` (regenerated at most every `intervalMs`) and serve it at /. */
  readonly dashboard?: { readonly dir: string; readonly intervalMs?: number; readonly title?: string };
}

export interface Lookout {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly tokenFile: string | null;
  readonly service: MonitorService;
  /** Alerting; `alerts.inMaintenance(id)` says whether a monitor's alerts are held back now. */
  readonly alerts: AlertService;
  readonly store: Store;
  readonly server: Server;
  readonly dashboard: Dashboard | null;
  configState(): ConfigState;
  stop(): Promise<void>;
}

/** Thrown at start-up for a setting that cannot work (a dist/ folder that cannot be written): the message says what to change. */
export class StartError extends Error {}

/** Thrown at start-up when monitors.yaml is invalid: fail fast with every error listed. */
export class ConfigError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid config:\n  ${errors.join('\n  ')}`);
  }
}

export async function startLookout(options: LookoutOptions): Promise<Lookout> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const configFile = path.resolve(options.configFile);
  const startedAt = clock.now();
  let service: MonitorService | null = null;
  let alerting: AlertService | null = null;
  const secrets = (): string[] => [...(service?.secrets() ?? []), ...(alerting?.secrets() ?? [])];
  const log = options.log ?? createLogger({ level: (env.LOOKOUT_LOG_LEVEL as 'info') ?? 'info', secrets });

  const initial = await loadConfigFile(configFile, env);
  if (!initial.ok) throw new ConfigError(initial.errors.map(formatFieldError));
  const dataProblem = unwritableDir(path.resolve(options.dataDir));
  if (dataProblem) throw new StartError(`cannot write the data folder (${dataProblem}): set --data-dir (LOOKOUT_DATA_DIR) to a writable folder`);
  const distProblem = options.dashboard ? unwritableDir(path.resolve(options.dashboard.dir)) : null;
  if (distProblem) throw new StartError(`cannot write the dashboard (${distProblem}): set --dist (LOOKOUT_DIST_DIR) to a writable folder, or --render-interval off`);

  const store = openStore(databaseFile(options.dataDir));
  const token = loadOrCreateToken(options.dataDir, env.LOOKOUT_API_TOKEN);
  const monitors = createMonitorService({
    store,
    checker: options.checker ?? createHttpChecker({ now: () => clock.now(), ...(options.ca ? { ca: options.ca } : {}) }),
    clock,
    log,
    maxConcurrent: options.maxConcurrent,
    flushMs: options.flushMs,
  });
  service = monitors;

  let configState: Omit<ConfigState, 'conflicts'> = { file: configFile, lastLoadedAt: clock.now(), lastErrorAt: null, lastError: null };
  // Checks wait until the API listens (see Scheduler.hold): monitors never checked before go out
  // within milliseconds of the start.
  monitors.scheduler.hold();
  monitors.start(initial.config);
  // Before the dashboard reads every monitor's history through the cache.
  store.fitCache(monitors.count());
  monitors.events.on('changed', () => store.fitCache(monitors.count()));
  const alerts = createAlertService({ store, monitors, clock, log, config: initial.config });
  alerting = alerts;
  alerts.start();
  // A window naming an id or tag no monitor (file or API) has: most likely a typo, alerts would fire through the work.
  const warnUnmatchedWindows = (config: Config): void => {
    const all = monitors.list().map((entry) => ({ id: entry.spec.id, tags: entry.spec.tags }));
    for (const warning of unmatchedScopes(config.maintenance, all)) log.warn(`config: ${warning}`);
  };
  warnUnmatchedWindows(initial.config);

  const watcher: ConfigWatcher = watchConfig({
    file: configFile,
    env,
    initialText: initial.text,
    debounceMs: options.configDebounceMs,
    onConfig: (config) => {
      const applied = monitors.applyConfig(config);
      alerts.applyConfig(config);
      warnUnmatchedWindows(config);
      configState = { ...configState, lastLoadedAt: clock.now(), lastError: null, lastErrorAt: null };
      log.info(`config: reloaded added=${applied.added.length} changed=${applied.changed.length} removed=${applied.removed.length}`);
    },
    onError: (errors) => {
      const lines = errors.map(formatFieldError);
      configState = { ...configState, lastError: lines, lastErrorAt: clock.now() };
      log.error(`config: ${configFile} cannot be applied; the last good config keeps running:\n  ${lines.join('\n  ')}`);
    },
  });
  await watcher.ready;

  const stopRetention = startRetention({
    store,
    rawDays: options.retentionDays ?? 7,
    rollupDays: options.rollupRetentionDays ?? 400,
    now: () => clock.now(),
    log: (message) => log.info(message),
  });

  // Conflicts change with the file and with API deletes: the service knows them.
  const currentConfigState = (): ConfigState => ({ ...configState, conflicts: monitors.conflicts() });
  const app = createApp({ service: monitors, alerts, store, token: token.token, clock, log, version: VERSION, startedAt, configState: currentConfigState });
  // Loaded only when the dashboard is on: with `--render-interval off` its modules (Eta,
  // the page models) would only take memory.
  const dashboard = options.dashboard
    ? await (await import('./dashboard/dashboard.js')).startDashboard({
        ...options.dashboard,
        outDir: path.resolve(options.dashboard.dir),
        version: VERSION,
        store,
        service: monitors,
        clock,
        log,
        maintenance: (id, now) => alerts.inMaintenance(id, now),
      })
    : null;
  const handler = dashboard ? (await import('./dashboard/mount.js')).withDashboard(dashboard.outDir, app.handler as never) : app.handler;
  const server = createServer(withDateHeader(handler as never));

  /** Stops what runs, server aside, and closes the database (stop(), or a start that cannot listen). */
  async function stopServices(): Promise<void> {
    stopRetention();
    await watcher.close();
    await monitors.stop();
    // After the last commit was dispatched: its deliveries are stored and wait for the next start.
    await alerts.stop();
    await dashboard?.stop();
  }

  const port = options.port ?? 8070;
  const listenHost = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, listenHost, () => resolve());
    });
  } catch (error) {
    await stopServices();
    store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartError(`port ${port} on ${listenHost} is in use (another Lookout?): choose another with --port (PORT)`);
    if (code === 'EACCES') throw new StartError(`no permission to listen on port ${port} on ${listenHost}: ports below 1024 need privileges; choose another with --port (PORT)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartError(`cannot listen on ${listenHost}: no such address on this machine; choose another with --host (HOST)`);
    throw error;
  }
  monitors.scheduler.release();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  let stopping: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    token: token.token,
    tokenFile: token.generated || token.file ? token.file : null,
    service: monitors,
    alerts,
    store,
    server,
    dashboard,
    configState: currentConfigState,
    stop() {
      stopping ??= (async () => {
        server.closeIdleConnections();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await stopServices();
        server.closeAllConnections();
        await closed;
        store.close();
        log.info('lookout: stopped; database closed');
      })();
      return stopping;
    },
  };
}
