/**
 * The thread that writes dist/: the main thread renders the next pages while this one writes
 * the last ones, each atomically (see atomic.ts), in the order they were handed over. Used by
 * `lookout render` for a thousand pages; serve, which would keep what the thread leaves behind
 * for good, writes in turn.
 *
 * A thread rather than async fs: a small file through libuv's pool is four round trips (open,
 * write, close, rename), each waiting for a turn of the main thread, and measured slower than
 * writing synchronously between pages. Here a few files are one message, and the writes run
 * on the other core while the main thread renders.
 */
import type { WriteSession } from './atomic.js';

/**
 * Bytes handed over but not yet written, at most: enough to keep rendering while the thread
 * starts (about 30 ms, 150 pages of a thousand-monitor site), little enough to bound memory
 * when the disk is slower than the rendering. A bound of 64 files made every full rendering
 * wait for the thread's start-up: its first 100 pages took 35-55 ms instead of 15-20.
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** Files per message to the thread: one message per page cost the main thread about 75 ms in all. */
const BATCH_FILES = 8;

interface Batch {
  /** Pages as text: the thread encodes them, so the main thread spends nothing on UTF-8. */
  readonly files: readonly { readonly name: string; readonly data: string | Uint8Array }[];
  /** Their size as counted by the sender (characters or bytes), reported back once written. */
  readonly sent: number;
}

interface Report {
  readonly count: number;
  readonly sent: number;
  readonly bytes: number;
  readonly error: { readonly message: string; readonly code: string | undefined } | null;
}

/**
 * The writer thread's program. It runs from its source text (`eval`), so it uses nothing from
 * this module's scope: builtins only. After a failed write every later file is skipped, so the
 * index that would link to the missing page is not written either.
 */
function writerThread(): void {
  const fs = process.getBuiltinModule('node:fs');
  const path = process.getBuiltinModule('node:path');
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const directory = (workerData as { directory: string }).directory;
  let counter = 0;
  let failed = false;

  function writeAtomic(file: string, data: string | Uint8Array): void {
    // Temporary names start with a dot (static.ts never serves dotfiles) and end with .tmp (prune removes leftovers).
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.w${counter++}.tmp`);
    try {
      try {
        fs.writeFileSync(temp, data);
      } catch (error) {
        // The folder is made on first use (or again, when someone removed it).
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(temp, data);
      }
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }

  parentPort!.on('message', (batch: Batch) => {
    let bytes = 0;
    let error: Report['error'] = null;
    for (const file of batch.files) {
      if (failed) break;
      try {
        // atomic.ts textBytes, repeated here (this thread runs from source text): ASCII pages are copied, not encoded.
        const data = typeof file.data !== 'string' ? file.data : Buffer.byteLength(file.data) === file.data.length ? Buffer.from(file.data, 'latin1') : Buffer.from(file.data);
        writeAtomic(path.join(directory, file.name), data);
        bytes += data.length;
      } catch (thrown) {
        failed = true;
        error = { message: (thrown as Error).message, code: (thrown as NodeJS.ErrnoException).code };
      }
    }
    parentPort!.postMessage({ count: batch.files.length, sent: batch.sent, bytes, error } satisfies Report);
  });
}

class WriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

/**
 * Starts a writer thread for one rendering; finish() waits for it and stops it. Its start-up
 * (about 30 ms, measured) runs on the other core while the first pages are rendered; it costs
 * about 12 MB more peak RSS during a full rendering of 1,000 monitors, which a running `serve`
 * does not keep between full renderings.
 */
export function startWriterThread(directory: string): WriteSession {
  // Loaded here: a small fleet never starts the thread, and need not load worker_threads.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const thread = new Worker(`(${writerThread.toString()})()`, { eval: true, workerData: { directory } });
  /** Files and bytes sent and not yet reported written. */
  let queued = 0;
  let queuedBytes = 0;
  let bytes = 0;
  let failure: Error | null = null;
  let waited = 0;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  thread.on('message', (report: Report) => {
    queued -= report.count;
    queuedBytes -= report.sent;
    bytes += report.bytes;
    if (report.error && !failure) failure = new WriteError(report.error.message, report.error.code);
    notify();
  });
  const died = (error: Error): void => {
    failure ??= error;
    queued = 0;
    queuedBytes = 0;
    notify();
  };
  thread.on('error', died);
  thread.on('exit', (code) => died(new Error(`dashboard writer thread exited early (code ${code})`)));

  /** Files added but not yet sent. */
  let batch: { name: string; data: string | Uint8Array }[] = [];
  let batchBytes = 0;
  function send(): void {
    if (batch.length === 0) return;
    // Strings are copied into the message as they are (a memcpy); the thread encodes them.
    // Sending them beat encoding into a shared buffer here: main-thread time for 1,000 pages
    // 224-254 ms against 265-312 ms (tmpfs, three runs each).
    thread.postMessage({ files: batch, sent: batchBytes } satisfies Batch);
    queued += batch.length;
    queuedBytes += batchBytes;
    batch = [];
    batchBytes = 0;
  }

  /** Waits, giving the event loop its turns, until at most `limit` bytes are queued (none: every file written) or a write failed. */
  async function waitFor(limit: number): Promise<void> {
    send();
    const begun = performance.now();
    while ((limit === 0 ? queued > 0 : queuedBytes > limit) && !failure) await new Promise<void>((resolve) => (wake = resolve));
    waited += performance.now() - begun;
  }

  return {
    async add(file) {
      if (failure) throw failure;
      // Bytes are copied, not transferred: the caller keeps them (the assets are written again).
      batch.push({ name: file.name, data: file.data });
      batchBytes += file.data.length;
      if (batch.length >= BATCH_FILES) send();
      if (queuedBytes > MAX_QUEUED_BYTES) await waitFor(MAX_QUEUED_BYTES / 2);
    },
    async finish() {
      await waitFor(0);
      thread.removeAllListeners('exit');
      // After a failure the thread may still be skipping files; stopping it drops them.
      await thread.terminate();
      if (failure) throw failure;
      return bytes;
    },
    writingMs: () => waited,
  };
}
