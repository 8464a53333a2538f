/**
 * Atomic file writes for dist/: each file is written to a temporary name in the same directory
 * and renamed over the old one, so a reader (a browser, the server, rsync) sees the old file or the
 * new one, never half of one. Temporary names start with a dot (static.ts never serves dotfiles).
 * A full rendering's files go through the writer thread (writer.ts), which writes them the same way.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = tempName(file);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export interface OutputFile {
  /** Path relative to the output directory, with forward slashes. */
  readonly name: string;
  readonly data: string | Uint8Array;
}

export interface WriteSession {
  /**
   * Writes `file` after every file added before it: at once (writeSynchronously), or hands it
   * to the writer thread (writer.ts) and resolves when few enough files wait. Strings are
   * written as UTF-8.
   */
  add(file: OutputFile): Promise<void>;
  /**
   * Resolves with the bytes written once every file added is on disk; rejects with the first
   * failed write (the files added after it were skipped). Call it once, also after a failure.
   */
  finish(): Promise<number>;
  /** Time the caller's thread spent writing, or waiting in add() and finish() for the writer thread, in ms. */
  writingMs(): number;
}

/**
 * A page as UTF-8 bytes. Pages are ASCII (templates.ts escapes everything else), which is its
 * own UTF-8: copied byte for byte ('latin1'), where Node's UTF-8 encoder walks a one-byte string
 * character by character (a tenth of a regeneration's time at 1,000 monitors). The UTF-8 length
 * equals the length only for ASCII text; anything else (an asset) is encoded as UTF-8.
 */
export function textBytes(text: string): Buffer {
  return Buffer.byteLength(text) === text.length ? Buffer.from(text, 'latin1') : Buffer.from(text);
}

function writeFileAtomicSync(file: string, data: Uint8Array): void {
  const temp = tempName(file);
  try {
    try {
      writeFileSync(temp, data);
    } catch (error) {
      // The folder is made on first use (or again, when someone removed it).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(temp, data);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Writes each file as it is added, synchronously: for a regeneration's few dozen files, where
 * a thread's start-up would cost more than it saves, and each file through libuv's pool costs
 * more than the call itself. Callers add a few files at a time (render.ts: one page, and yields
 * every 50) so the event loop keeps its turns.
 */
export function writeSynchronously(directory: string): WriteSession {
  let bytes = 0;
  let spent = 0;
  return {
    async add(file) {
      const begun = performance.now();
      const data = typeof file.data === 'string' ? textBytes(file.data) : file.data;
      writeFileAtomicSync(path.join(directory, file.name), data);
      bytes += data.length;
      spent += performance.now() - begun;
    },
    finish: async () => bytes,
    writingMs: () => spent,
  };
}

/** Deletes files in `folder` whose names `keep` rejects; also stale temporary files of this process's kind. */
export async function prune(folder: string, keep: (name: string) => boolean): Promise<number> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  const doomed = names.filter((name) => !keep(name));
  await Promise.all(doomed.map((name) => rm(path.join(folder, name), { force: true })));
  return doomed.length;
}
