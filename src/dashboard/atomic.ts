/**
 * Atomic file writes for dist/: each file is written to a temporary name in the same directory
 * and renamed over the old one, so a reader (a browser, sirv, rsync) sees the old file or the
 * new one, never half of one. Temporary names start with a dot (sirv does not serve dotfiles).
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
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

/**
 * Writes files in the order given, a few at a time: callers put pages that others link to
 * first and the index last.
 */
export async function writeAll(directory: string, files: readonly OutputFile[], parallel = 32): Promise<void> {
  const folders = new Set(files.map((file) => path.dirname(path.join(directory, file.name))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (let index = 0; index < files.length; index += parallel) {
    await Promise.all(files.slice(index, index + parallel).map((file) => writeFileAtomic(path.join(directory, file.name), file.data)));
  }
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
