/**
 * Atomic file writes for dist/: each file is written to a temporary name in the same directory
 * and renamed over the old one, so a reader (a browser, sirv, rsync) sees the old file or the
 * new one, never half of one. Temporary names start with a dot (sirv does not serve dotfiles).
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
 * Writes files in the order given and returns the bytes written: callers put pages that others
 * link to first and the index last. Synchronously, one after the other: a small file costs a few
 * system calls, and each through the thread pool cost more than the call itself. Callers pass a
 * few files at a time (render.ts: one page, and yields every 50) so the event loop keeps its turns.
 */
export async function writeAll(directory: string, files: readonly OutputFile[]): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data) : file.data;
    writeFileAtomicSync(path.join(directory, file.name), data);
    bytes += data.length;
  }
  return bytes;
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
