/**
 * V8 settings for a long-running monitor, measured with 1,000 monitors at 60 s (RSS sampled every
 * 5 s for a minute; CPU unchanged at 1.9 % of a core):
 *
 *   --liftoff-only              undici's HTTP parser (WebAssembly) stays on V8's baseline compiler.
 *                               Optimising it briefly took 25 MB at the first check, and malloc
 *                               kept part of it: peak RSS 113 -> 92 MB, mean 84 -> 77 MB.
 *   --heap-growing-percent=20   a full collection once the heap has grown 20 % (V8's default lets a
 *                               small heap double or triple first). Every check's undici client
 *                               outlives a few young collections, so a monitor's old space fills
 *                               with short-lived garbage: mean 77 -> 75 MB, max 91 -> 79 MB.
 *
 * At 10,000 monitors both cost a little CPU (0.35 -> 0.39 ms per check) and save 7 MB (123 -> 116).
 *
 * Set at run time rather than on the command line, so that every way of starting `serve` gets
 * them, and a Node.js whose V8 lacks one prints a warning instead of refusing to start.
 * `--max-semi-space-size=2` cannot be set at run time: bin/lookout.js, `npm start` and the
 * service units pass it.
 */
import { setFlagsFromString } from 'node:v8';

export const V8_FLAGS = ['--liftoff-only', '--heap-growing-percent=20'] as const;

export function tuneV8(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}

/**
 * Small fleets run on V8's interpreter alone (--no-opt --no-sparkplug). At 50 monitors RSS is
 * mostly fixed cost, and the optimising and baseline compilers are a good part of it: their code
 * in the node binary, their zones and the machine code they make. Measured with 50 monitors at
 * 60 s (mean RSS of the last 30 s of a minute, two runs each): 63.0-64.3 -> 58.1 MB, peak
 * 65-68 -> 58-59 MB. The interpreter costs CPU that such a fleet does not notice (figures in
 * DEVELOPERS.md), so the line is drawn at what it does notice: many monitors (a dashboard of
 * thousands of pages) or many checks a second. The flags only help from the start, before
 * anything is optimised: turning them on once the fleet is known saved 1 MB of the 5.
 */
export const LEAN_UP_TO_MONITORS = 200;
export const LEAN_UP_TO_CHECKS_PER_SECOND = 5;
/** A monitors.yaml this small holds at most a few hundred monitors: start lean (see leanStart). */
export const LEAN_START_CONFIG_BYTES = 64 * 1024;
/**
 * --optimize-for-size comes with them for its collector setting: the old generation may grow 2 MB
 * past what the last full collection left rather than 8 MB. A small fleet promotes about 0.4 MB
 * of short-lived garbage a minute and has no other reason for a full collection, so without it
 * RSS climbed for ten minutes and more (58 -> 62 MB at 50 monitors, V8's old space 8.7 -> 12.5
 * MB, growing); with it a full collection every few minutes brings old space back to ~8 MB and
 * RSS stays at 59-60 MB (--trace-gc, ten-minute runs).
 */
const LEAN_FLAGS = ['--no-opt', '--no-sparkplug', '--optimize-for-size'] as const;

/**
 * Up to this many monitors, every full collection also compacts (--compact-on-every-full-gc):
 * survivors are moved together so that the pages short-lived garbage left half empty go back to
 * the system. At 1,000 monitors about 6 KB per check reach old space and die there
 * (--trace-gc-nvp: 3.2 MB in 30 s), and V8 compacts only pages it judges fragmented enough: old
 * space held 18 MB of pages for 11 MB of objects. Measured at 1,000 monitors (mean RSS of the
 * last 30 s, two alternating runs each): 75.0-76.2 -> 71.6-72.7 MB, CPU 3.4-3.9 -> 3.9 % of a
 * core. At 10,000 the cost grows with the heap: 0.65 -> 0.88 ms of CPU per check, lag p99
 * 5 -> 37 ms and peak RSS 136 -> 178 MB, for 10 MB less at rest; so large fleets go without.
 */
export const COMPACT_UP_TO_MONITORS = 2_000;

export interface Fleet {
  readonly monitors: number;
  readonly checksPerSecond: number;
}

let lean: boolean | null = null;
let compacting: boolean | null = null;

function setLean(on: boolean): void {
  if (on === lean) return;
  lean = on;
  for (const flag of LEAN_FLAGS) setFlagsFromString(on ? flag : flag.startsWith('--no-') ? flag.replace('--no-', '--') : flag.replace('--', '--no-'));
}

/**
 * Before the monitors are known: start lean when the config file is small. Parsing a 10,000
 * monitor file takes twice as long interpreted (2 -> 4 s), which a large fleet should not pay at
 * every start; a small file with thousands of API monitors runs interpreted only until they are
 * loaded, when tuneForFleet turns the compilers on.
 */
export function leanStart(configBytes: number): void {
  setLean(configBytes <= LEAN_START_CONFIG_BYTES);
}

/** Fits the compilers and the collector to the fleet; call at start and whenever it changes. */
export function tuneForFleet(fleet: Fleet): void {
  setLean(fleet.monitors <= LEAN_UP_TO_MONITORS && fleet.checksPerSecond <= LEAN_UP_TO_CHECKS_PER_SECOND);
  const compact = fleet.monitors <= COMPACT_UP_TO_MONITORS;
  if (compact === compacting) return;
  compacting = compact;
  setFlagsFromString(compact ? '--compact-on-every-full-gc' : '--no-compact-on-every-full-gc');
}
