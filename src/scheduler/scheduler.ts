/**
 * Runs each job at its own interval, at a stable offset within it, so a thousand 60s monitors
 * are spread over the minute instead of firing together, and a restart puts every monitor back
 * on its slot within one interval (those whose slot passed during the restart sooner: see
 * firstRun in timing.ts). Never runs two checks of one job at once; a check still
 * running at its next slot makes that slot be skipped (counted), not queued.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../util/clock.js';
import { DueHeap } from './heap.js';
import { LagRecorder, type LagSummary } from './lag.js';
import { firstRun, firstRunInTurn, nextSlot, stableOffset } from './timing.js';

export interface JobTiming {
  /** Seconds between checks. */
  readonly interval: number;
}

/** What a run tells the scheduler: re-run after this many seconds instead of the next slot. */
export interface RunOutcome {
  readonly retryAfter: number | null;
}

export type RunJob = (id: string, signal: AbortSignal) => Promise<RunOutcome>;

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly run: RunJob;
  /** Checks in flight at once; more wait (and their lag shows it). */
  readonly maxConcurrent?: number;
  readonly log?: (message: string) => void;
}

interface Job {
  interval: number;
  offset: number;
  generation: number;
  running: boolean;
  current: Promise<RunOutcome> | null;
}

export interface SchedulerStats {
  readonly jobs: number;
  readonly running: number;
  readonly waiting: number;
  readonly started: number;
  readonly skipped: number;
  readonly lag: LagSummary;
}

export interface Scheduler {
  /**
   * Adds or re-times a job. `immediately`: first run now (a monitor added at run time).
   * `lastRunAt`: when it last ran before this process took it on (see firstRun in timing.ts),
   * 'soon' for a first run at once but in turn (firstRunInTurn: a monitor never checked, or
   * one added while running), null for its next slot.
   */
  schedule(id: string, timing: JobTiming, immediately?: boolean, lastRunAt?: number | 'soon' | null): void;
  unschedule(id: string): void;
  has(id: string): boolean;
  /**
   * Starts no run until release(); runs that came due meanwhile start then (their lag shows the
   * wait). serve holds its checks until it listens: a monitor of its own API must not find the
   * port closed on its first check.
   */
  hold(): void;
  release(): void;
  /** Runs a job now, outside its slot; joins the run in flight if there is one. Null if unknown. */
  runNow(id: string): Promise<RunOutcome> | null;
  stats(): SchedulerStats;
  /** Stops timing new runs, aborts nothing, and resolves once in-flight runs have finished. */
  stop(abortAfterMs?: number): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock } = options;
  const maxConcurrent = options.maxConcurrent ?? 500;
  const jobs = new Map<string, Job>();
  const heap = new DueHeap();
  /** Where the last first run in turn was placed (firstRunInTurn). */
  let queuedUntil = 0;
  let held = false;
  const lag = new LagRecorder();
  const waiting: { id: string; due: number; generation: number }[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const shutdown = new AbortController();
  // Every check in flight listens for shutdown: hundreds at once is normal, not a leak.
  setMaxListeners(0, shutdown.signal);
  let running = 0;
  let started = 0;
  let skipped = 0;
  let timer: unknown = null;
  let timerDue = Infinity;
  let stopped = false;
  let generations = 0;

  function arm(): void {
    const top = heap.peek();
    if (stopped || held || !top) return;
    if (timer !== null && timerDue <= top.due) return;
    if (timer !== null) clock.clearTimeout(timer);
    timerDue = top.due;
    timer = clock.setTimeout(tick, Math.max(0, top.due - clock.now()));
  }

  function tick(): void {
    timer = null;
    timerDue = Infinity;
    const now = clock.now();
    for (let top = heap.peek(); top && top.due <= now; top = heap.peek()) {
      heap.pop();
      const job = jobs.get(top.id);
      if (!job || job.generation !== top.generation) continue; // re-timed or removed since
      if (job.running) {
        skipped++;
        push(top.id, job, nextSlot(now, job.interval * 1000, job.offset));
        continue;
      }
      if (running >= maxConcurrent) waiting.push(top);
      else start(top.id, job, top.due);
    }
    arm();
  }

  function push(id: string, job: Job, due: number): void {
    heap.push({ due, id, generation: job.generation });
  }

  function start(id: string, job: Job, due: number | null): Promise<RunOutcome> {
    job.running = true;
    running++;
    started++;
    if (due !== null) lag.record(Math.max(0, clock.now() - due));
    const generation = job.generation;
    const runStart = clock.now();
    const promise = options
      .run(id, shutdown.signal)
      .catch((error: unknown): RunOutcome => {
        options.log?.(`scheduler: run failed id=${id} error=${(error as Error).message}`);
        return { retryAfter: null };
      })
      .then((outcome) => {
        running--;
        const current = jobs.get(id);
        if (current) {
          current.running = false;
          current.current = null;
        }
        // Re-time only if the job was not changed while it ran (schedule() already pushed it).
        if (current && current.generation === generation && !stopped) {
          const now = clock.now();
          // A check that outlived its interval cost the slots it overran: count them.
          skipped += Math.floor((now - runStart) / (current.interval * 1000));
          const next = outcome.retryAfter !== null ? now + outcome.retryAfter * 1000 : nextSlot(now, current.interval * 1000, current.offset);
          current.generation = ++generations;
          push(id, current, next);
          arm();
        }
        drain();
        return outcome;
      });
    job.current = promise;
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  function drain(): void {
    while (!stopped && running < maxConcurrent && waiting.length > 0) {
      const entry = waiting.shift()!;
      const job = jobs.get(entry.id);
      if (job && job.generation === entry.generation && !job.running) start(entry.id, job, entry.due);
    }
  }

  return {
    schedule(id, timing, immediately = false, lastRunAt = null) {
      const intervalMs = timing.interval * 1000;
      const existing = jobs.get(id);
      const job: Job = existing ?? { interval: timing.interval, offset: 0, generation: 0, running: false, current: null };
      job.interval = timing.interval;
      job.offset = stableOffset(id, intervalMs);
      job.generation = ++generations;
      jobs.set(id, job);
      const now = clock.now();
      let at: number;
      if (immediately) at = now;
      else if (lastRunAt === 'soon') ({ at, queuedUntil } = firstRunInTurn(now, intervalMs, job.offset, queuedUntil));
      else at = firstRun(now, intervalMs, job.offset, lastRunAt);
      push(id, job, at);
      arm();
    },
    unschedule(id) {
      jobs.delete(id);
    },
    hold() {
      held = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      timerDue = Infinity;
    },
    release() {
      held = false;
      arm();
    },
    has(id) {
      return jobs.has(id);
    },
    runNow(id) {
      const job = jobs.get(id);
      if (!job || stopped) return null;
      return job.current ?? start(id, job, null);
    },
    stats() {
      return { jobs: jobs.size, running, waiting: waiting.length, started, skipped, lag: lag.summary() };
    },
    async stop(abortAfterMs = 10_000) {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      waiting.length = 0;
      const abort = setTimeout(() => shutdown.abort(new Error('shutting down')), abortAfterMs);
      await Promise.allSettled([...inFlight]);
      clearTimeout(abort);
    },
  };
}
