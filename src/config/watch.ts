/**
 * Watches monitors.yaml and hands each new *valid* config to `onConfig`. An invalid edit changes
 * nothing: `onError` gets the errors and the last good config keeps running.
 *
 * The parent directory is watched, not the file: editors that save by rename and `git checkout`
 * replace the file's inode, which a watch on the file itself can miss.
 */
import { watch, type FSWatcher } from 'chokidar';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FieldError } from './issues.js';
import type { Env } from './interpolate.js';
import { loadConfigText, type Config, type LoadResult } from './load.js';

export interface ConfigWatcherOptions {
  readonly file: string;
  readonly env: Env;
  readonly debounceMs?: number;
  /** The text already applied at start-up, so an event that changes nothing reloads nothing. */
  readonly initialText?: string;
  readonly onConfig: (config: Config) => void;
  readonly onError: (errors: readonly FieldError[]) => void;
}

export interface ConfigWatcher {
  /** Resolves once the watcher is ready to see changes. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * How long the file may be absent before that is reported: an editor's rename or a `git
 * checkout` puts it back within milliseconds.
 */
export const MISSING_GRACE_MS = 2000;

export function watchConfig(options: ConfigWatcherOptions): ConfigWatcher {
  const file = path.resolve(options.file);
  const directory = path.dirname(file);
  let lastText: string | null = options.initialText ?? null;
  let timer: NodeJS.Timeout | undefined;
  let missingTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const reload = async (): Promise<void> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // Mid-rename the file can be briefly absent; the add event that follows reloads it.
        // Still gone after the grace: say so (the health endpoint shows it), and apply the file
        // when it is back even if it comes back unchanged, which clears the error.
        clearTimeout(missingTimer);
        missingTimer = setTimeout(() => {
          if (closed || existsSync(file)) return;
          lastText = null;
          options.onError([{ path: [], message: `${file} is gone (removed or renamed); put it back to apply changes` }]);
        }, MISSING_GRACE_MS);
        return;
      }
      options.onError([{ path: [], message: `cannot read ${file}: ${(error as Error).message}` }]);
      return;
    }
    clearTimeout(missingTimer);
    if (closed || text === lastText) return;
    lastText = text;
    const result = loadConfigText(text, options.env);
    if (result.ok) options.onConfig(result.config);
    else options.onError(result.errors);
  };

  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), options.debounceMs ?? 150);
  };

  const watcher: FSWatcher = watch(directory, {
    depth: 0,
    ignoreInitial: true,
    ignored: (candidate: string) => candidate !== directory && path.resolve(candidate) !== file,
    awaitWriteFinish: false,
  });
  watcher.on('all', (_event, changed) => {
    if (path.resolve(changed) === file) schedule();
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(missingTimer);
      await watcher.close();
    },
  };
}

/** The text of a config file, or why it cannot be read. */
export async function readConfigFile(file: string): Promise<{ ok: true; text: string } | { ok: false; errors: FieldError[] }> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (error) {
    return { ok: false, errors: [{ path: [], message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}` }] };
  }
}

/** Reads and loads a config file once (start-up, render, notify-test). */
export async function loadConfigFile(file: string, env: Env): Promise<LoadResult & { text?: string }> {
  const read = await readConfigFile(file);
  return read.ok ? { ...loadConfigText(read.text, env), text: read.text } : read;
}
