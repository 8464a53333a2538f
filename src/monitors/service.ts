/**
 * The running set of monitors: file monitors reconciled from monitors.yaml, API monitors from
 * SQLite, each scheduled and checked, each result run through the state machine and written.
 * Subscribers (alerts, dashboard) hear about commits through `events`.
 */
import { EventEmitter } from 'node:events';
import { evaluate } from '../alerts/state.js';
import type { Checker } from '../checks/types.js';
import { diffMonitors, sameSpec } from '../config/diff.js';
import { fieldErrors, formatFieldError } from '../config/issues.js';
import type { Config } from '../config/load.js';
import { resolveMonitor, type ParsedDefaults } from '../config/resolve.js';
import { monitorInput, type MonitorSpec } from '../config/schema.js';
import { createScheduler, type RunOutcome, type Scheduler } from '../scheduler/scheduler.js';
import type { MonitorRow } from '../storage/monitors.js';
import type { Store } from '../storage/store.js';
import { createWriter, type CommittedWrite, type Writer } from '../storage/writer.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import { redactUrlsIn, scrub, secretsOf } from '../util/redact.js';
import { failure, success, type MonitorEntry, type Outcome } from './entry.js';
import { mergePatch } from './merge-patch.js';
import { headersPatch } from '../config/header-names.js';
import { isRecord } from '../config/kit.js';
import { keepRedacted, type PlaceholderError } from './placeholders.js';
import { channelReferenceErrors } from '../alerts/config.js';

export interface MonitorServiceOptions {
  readonly store: Store;
  readonly checker: Checker;
  readonly clock: Clock;
  readonly log: Logger;
  readonly maxConcurrent?: number;
  readonly flushMs?: number;
}

export interface SyncSummary {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** File monitors skipped because an API monitor already has the id. */
  readonly conflicts: readonly string[];
}

export interface MonitorEvents {
  /** Results (and their transitions) just committed to the database. */
  committed: [writes: readonly CommittedWrite[]];
  /** The set of monitors or their definitions changed. */
  changed: [];
  /** An API monitor was deleted with its history: what is held under its key is to be dropped. */
  removed: [key: number, id: string];
}

export type MonitorService = ReturnType<typeof createMonitorService>;

function placeholderFailure(errors: readonly PlaceholderError[]): Outcome<never> {
  return failure('invalid', errors.map((error) => `${error.field}: ${error.message}`).join('; '), errors);
}

export function createMonitorService(options: MonitorServiceOptions) {
  const { store, checker, clock, log } = options;
  const entries = new Map<string, MonitorEntry>();
  const events = new EventEmitter<MonitorEvents>();
  let defaults: ParsedDefaults = {};
  let channelNames: readonly string[] = [];
  let fileIds: string[] = [];
  let started = false;

  const writer: Writer = createWriter({
    db: store.db,
    monitors: store.monitors,
    results: store.results,
    rollups: store.rollups,
    stateChanges: store.stateChanges,
    flushMs: options.flushMs,
    log: (message) => log.error(message),
    onCommitted: (writes) => events.emit('committed', writes),
  });

  const scheduler: Scheduler = createScheduler({
    clock,
    maxConcurrent: options.maxConcurrent,
    run: runJob,
    log: (message) => log.error(message),
  });

  async function runJob(id: string, signal: AbortSignal): Promise<RunOutcome> {
    const entry = entries.get(id);
    if (!entry) return { retryAfter: null };
    const spec = entry.spec;
    const raw = await checker.run(spec, signal);
    // A check cut short by shutdown says nothing about the target: do not record it.
    if (signal.aborted || entries.get(id) !== entry) return { retryAfter: null };
    // The monitor's own secrets, and credentials or secret parameters of any URL the reason quotes (a redirect's Location).
    const result = raw.reason ? { ...raw, reason: redactUrlsIn(scrub(raw.reason, secretsFor(spec))) } : raw;
    const evaluation = evaluate(entry.state, result, spec);
    entry.state = evaluation.state;
    entry.lastResult = result;
    if (result.tls) entry.tls = result.tls;
    writer.enqueue({ key: entry.key, monitorId: id, result, state: evaluation.state, transition: evaluation.transition });
    if (evaluation.transition) {
      log.info(`monitor: ${id} ${evaluation.transition.from} -> ${evaluation.transition.to}${result.reason ? ` reason="${result.reason}"` : ''}`);
    }
    return { retryAfter: evaluation.retry ? spec.retryInterval : null };
  }

  function entryFromRow(row: MonitorRow, spec: MonitorSpec): MonitorEntry {
    return {
      key: row.key,
      source: row.source,
      spec,
      input: row.source === 'api' ? row.input : null,
      state: { status: row.status, statusSince: row.statusSince, failStreak: row.failStreak },
      lastResult: row.lastResult,
      tls: row.tls,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  // Secret values per spec (specs are replaced, never changed), and of all monitors together for
  // the logger, which scrubs every line: recomputing them per line made each state change cost
  // O(monitors), minutes of CPU when 10,000 monitors start.
  const specSecrets = new WeakMap<MonitorSpec, readonly string[]>();
  let allSecrets: string[] | null = null;
  function secretsFor(spec: MonitorSpec): readonly string[] {
    let secrets = specSecrets.get(spec);
    if (!secrets) {
      secrets = secretsOf(spec);
      specSecrets.set(spec, secrets);
    }
    return secrets;
  }

  /** Puts a monitor on (or takes it off) the schedule to match its spec. */
  function reschedule(entry: MonitorEntry, previous: MonitorSpec | null): void {
    // Every added or changed spec passes here; removals reset the list where they happen.
    allSecrets = null;
    const id = entry.spec.id;
    if (entry.spec.paused) {
      scheduler.unschedule(id);
      return;
    }
    const isNew = previous === null || previous.paused || !scheduler.has(id);
    // At start-up every monitor goes to its slot (spread over one interval), or makes up the
    // slot it missed while Lookout was down; one never checked, and one added or resumed while
    // running, is checked at once, in turn (100 a second): its user sees a status without
    // waiting up to an interval, and a thousand added together do not start together.
    if (isNew) scheduler.schedule(id, entry.spec, false, started ? 'soon' : (entry.lastResult?.at ?? 'soon'));
    else if (previous.interval !== entry.spec.interval) scheduler.schedule(id, entry.spec, false);
  }

  /**
   * `checkChannels` on create and update only: a stored monitor whose channel was later removed
   * from monitors.yaml keeps being checked (its alert to that channel fails visibly instead).
   */
  function resolveApi(input: Record<string, unknown>, checkChannels = false): Outcome<MonitorSpec> {
    const parsed = monitorInput.safeParse(input);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.issues);
      return failure('invalid', errors.map(formatFieldError).join('; '), errors.map((error) => ({ field: error.path.join('.'), message: error.message })));
    }
    // An API monitor may only name channels monitors.yaml declares, like a file monitor.
    const unknown = channelReferenceErrors(channelNames, [{ path: ['alerts'], names: parsed.data.alerts }]).map((error) => ({
      field: error.path.join('.'),
      message: error.message,
    }));
    if (checkChannels && unknown.length > 0) return failure('invalid', unknown.map((error) => `${error.field}: ${error.message}`).join('; '), unknown);
    const resolved = resolveMonitor(parsed.data, defaults);
    if (!resolved.ok) {
      return failure('invalid', resolved.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '), resolved.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })));
    }
    return success(resolved.spec);
  }

  /** The config last applied, and the ids of its monitors that an API monitor holds. */
  let lastConfig: Config | null = null;
  let currentConflicts: readonly string[] = [];

  /** Reconciles file monitors with a newly loaded config; API monitors are only re-defaulted. */
  function applyConfig(config: Config): SyncSummary {
    lastConfig = config;
    const now = clock.now();
    channelNames = Object.keys(config.channels);
    const previousFile = fileIds.map((id) => entries.get(id)?.spec).filter((spec): spec is MonitorSpec => spec !== undefined);
    const diff = diffMonitors(previousFile, config.monitors);
    const conflicts: string[] = [];
    const touched: { entry: MonitorEntry; previous: MonitorSpec | null }[] = [];
    defaults = config.defaults;

    store.db.transaction(() => {
      for (const spec of [...diff.added, ...diff.changed]) {
        const existing = entries.get(spec.id);
        if (existing && existing.source === 'api') {
          conflicts.push(spec.id);
          continue;
        }
        const row = store.monitors.get(spec.id);
        if (row && row.source === 'api') {
          conflicts.push(spec.id);
          continue;
        }
        const saved = row ? store.monitors.update(spec.id, spec, now) : store.monitors.insert(spec.id, 'file', spec, now);
        const previous = existing?.spec ?? null;
        const entry = existing ?? entryFromRow(saved, spec);
        entry.spec = spec;
        entry.updatedAt = now;
        entries.set(spec.id, entry);
        touched.push({ entry, previous });
      }
      for (const id of diff.removed) {
        store.monitors.deactivate(id, now);
        entries.delete(id);
        allSecrets = null;
        scheduler.unschedule(id);
      }
    })();

    // New defaults may change API monitors too.
    for (const entry of entries.values()) {
      if (entry.source !== 'api' || !entry.input) continue;
      const resolved = resolveApi(entry.input);
      if (resolved.ok && !sameSpec(resolved.value, entry.spec)) {
        touched.push({ entry, previous: entry.spec });
        entry.spec = resolved.value;
      }
    }
    for (const { entry, previous } of touched) reschedule(entry, previous);
    fileIds = config.monitors.map((spec) => spec.id).filter((id) => !conflicts.includes(id));
    currentConflicts = conflicts;
    for (const id of conflicts) log.warn(`config: monitor "${id}" skipped: an API monitor already has this id`);
    const summary = { added: diff.added.map((spec) => spec.id).filter((id) => !conflicts.includes(id)), changed: diff.changed.map((spec) => spec.id), removed: [...diff.removed], conflicts };
    if (summary.added.length + summary.changed.length + summary.removed.length > 0) events.emit('changed');
    return summary;
  }

  return {
    events,
    scheduler,
    writer,

    /** Loads API monitors from the database, applies the file config, starts checking. */
    start(config: Config): SyncSummary {
      defaults = config.defaults;
      channelNames = Object.keys(config.channels);
      for (const row of store.monitors.list()) {
        if (row.source !== 'api') continue;
        const resolved = resolveApi(row.input);
        if (!resolved.ok) {
          log.error(`monitor: stored API monitor "${row.id}" is invalid and skipped: ${resolved.error.message}`);
          continue;
        }
        const entry = entryFromRow(row, resolved.value);
        entries.set(row.id, entry);
        reschedule(entry, null);
      }
      const summary = applyConfig(config);
      started = true;
      log.info(`monitor: started monitors=${entries.size} file=${fileIds.length} api=${entries.size - fileIds.length}`);
      return summary;
    },

    applyConfig,

    /** How many monitors there are, file and API, paused or not. */
    count(): number {
      return entries.size;
    },

    /** How many checks a second the active monitors ask for, retries aside. */
    checksPerSecond(): number {
      let rate = 0;
      for (const entry of entries.values()) if (!entry.spec.paused) rate += 1 / entry.spec.interval;
      return rate;
    },

    list(): MonitorEntry[] {
      return [...entries.values()].sort((a, b) => (a.spec.id < b.spec.id ? -1 : 1));
    },

    get(id: string): MonitorEntry | undefined {
      return entries.get(id);
    },

    create(sent: Record<string, unknown>): Outcome<MonitorEntry> {
      // A new monitor has nothing stored for a placeholder to keep.
      const kept = keepRedacted(sent, null);
      if (!kept.ok) return placeholderFailure(kept.errors);
      const body = kept.body;
      const resolved = resolveApi(body, true);
      if (!resolved.ok) return resolved;
      const spec = resolved.value;
      const row = store.monitors.get(spec.id);
      // A monitor removed from monitors.yaml keeps its row for its history: an API monitor
      // given its id takes it over and continues that history, as the file would on its return.
      const retired = row !== null && row.source === 'file' && !row.active && !entries.has(spec.id);
      if (entries.has(spec.id) || (row && !retired)) {
        const where = entries.get(spec.id)?.source === 'file' ? ' (declared in monitors.yaml)' : '';
        return failure('conflict', `a monitor with id "${spec.id}" already exists${where}`, { field: 'id' });
      }
      const input = { ...body, id: spec.id };
      const saved = retired ? store.monitors.adopt(spec.id, input, clock.now()) : store.monitors.insert(spec.id, 'api', input, clock.now());
      const entry = entryFromRow(saved, spec);
      entries.set(spec.id, entry);
      reschedule(entry, null);
      events.emit('changed');
      return success(entry);
    },

    update(id: string, patch: Record<string, unknown>): Outcome<MonitorEntry> {
      const entry = entries.get(id);
      if (!entry) return failure('not_found', `no monitor with id "${id}"`);
      if (entry.source === 'file') return failure('read_only', `monitor "${id}" is declared in monitors.yaml: edit the file to change it`);
      if ('id' in patch && patch.id !== id) return failure('invalid', 'id: cannot be changed; create a new monitor instead', [{ field: 'id', message: 'cannot be changed' }]);
      const kept = keepRedacted(patch, entry.spec);
      if (!kept.ok) return placeholderFailure(kept.errors);
      const body = isRecord(kept.body.headers) ? { ...kept.body, headers: headersPatch(isRecord(entry.input?.headers) ? entry.input.headers : undefined, kept.body.headers) } : kept.body;
      const merged = mergePatch(entry.input, body) as Record<string, unknown>;
      const resolved = resolveApi(merged, true);
      if (!resolved.ok) return resolved;
      const previous = entry.spec;
      entry.input = merged;
      entry.spec = resolved.value;
      entry.updatedAt = clock.now();
      store.monitors.update(id, merged, entry.updatedAt);
      reschedule(entry, previous);
      events.emit('changed');
      return success(entry);
    },

    remove(id: string): Outcome<null> {
      const entry = entries.get(id);
      if (!entry) return failure('not_found', `no monitor with id "${id}"`);
      if (entry.source === 'file') return failure('read_only', `monitor "${id}" is declared in monitors.yaml: remove it from the file`);
      scheduler.unschedule(id);
      entries.delete(id);
      allSecrets = null;
      writer.forget(entry.key);
      store.monitors.remove(id);
      events.emit('removed', entry.key, id);
      events.emit('changed');
      // A file monitor skipped for this id's sake starts now, without waiting for an edit.
      if (lastConfig && currentConflicts.includes(id)) applyConfig(lastConfig);
      return success(null);
    },

    /** Runs a check now (joining one in flight) and returns once its result is stored. */
    async checkNow(id: string): Promise<Outcome<MonitorEntry>> {
      const entry = entries.get(id);
      if (!entry) return failure('not_found', `no monitor with id "${id}"`);
      if (entry.spec.paused) return failure('paused', `monitor "${id}" is paused: resume it to check it`);
      const run = scheduler.runNow(id);
      if (run) await run;
      // Deleted meanwhile: its result went with it, and the one still held is an older check's.
      if (entries.get(id) !== entry) return failure('not_found', `monitor "${id}" was deleted while it was being checked`);
      writer.flush();
      return success(entry);
    },

    /** Ids in monitors.yaml that are not applied because an API monitor holds them. */
    conflicts(): readonly string[] {
      return currentConflicts;
    },

    /** Every secret value the monitors hold, for scrubbing logs. */
    secrets(): string[] {
      allSecrets ??= [...new Set([...entries.values()].flatMap((entry) => secretsFor(entry.spec)))];
      return allSecrets;
    },

    /** Stops scheduling, lets in-flight checks end, commits what is pending. */
    async stop(): Promise<void> {
      await scheduler.stop();
      writer.flush();
    },
  };
}
