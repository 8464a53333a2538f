/**
 * Watches monitors.yaml and hands each new *valid* config to `onConfig`. An invalid edit changes
 * nothing: `onError` gets the errors and the last good config keeps running.
 *
 * The parent directory is watched, not the file: editors that save by rename and `git checkout`
 * replace the file's inode, which a watch on the file itself can miss. A monitors.yaml that is
 * a symlink (/etc/lookout/monitors.yaml into a git checkout, a Kubernetes ConfigMap's
 * `..data` link) also has the folder of the file it points to watched, followed when the link
 * moves: the link's own folder never sees a checkout replace the file behind it.
 */
import { watch, type FSWatcher } from 'chokidar';
import { existsSync, realpathSync } from 'node:fs';
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

/** How often a symlinked monitors.yaml's target is looked up again, for links the watchers cannot see. */
export const LINK_POLL_MS = 1000;

/** chokidar reports at most one change of a path per this many ms (its `_throttle` in `_emit`). */
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

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

  // chokidar drops a second change of a path within 50 ms of the first: the read must come
  // later than that, or a file written twice in quick succession (a script's checkout and
  // edit) would be applied in its first version and the second never seen.
  const debounceMs = Math.max(options.debounceMs ?? 150, CHOKIDAR_CHANGE_THROTTLE_MS + 20);
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void reload().then(followLink);
    }, debounceMs);
  };

  /** A watcher of one folder (not below it) that reports changes to `target`, or to anything in the folder. */
  const watchFolder = (folder: string, target: string | null): { watcher: FSWatcher; ready: Promise<void> } => {
    const watcher = watch(folder, {
      depth: 0,
      ignoreInitial: true,
      // Not following links: the folder's own entries are what changes (a link in the chain re-pointed).
      followSymlinks: false,
      ignored: (candidate: string) => target !== null && candidate !== folder && path.resolve(candidate) !== target,
      awaitWriteFinish: false,
    });
    watcher.on('all', (_event, changed) => {
      if (target === null || path.resolve(changed) === target) schedule();
    });
    return { watcher, ready: new Promise<void>((resolve) => watcher.once('ready', () => resolve())) };
  };

  const realFile = (): string | null => {
    try {
      const real = realpathSync(file);
      return real === file ? null : real;
    } catch {
      return null;
    }
  };

  // Where the config is a link, any change in its folder may be a link of the chain moving.
  let linked = realFile();
  const own = watchFolder(directory, linked === null ? file : null);
  let behind = linked === null ? null : watchFolder(path.dirname(linked), linked);
  // A link in the middle of the chain (a release's `current` link re-pointed, the old release
  // kept) lies in a folder neither watcher sees: where the config is a link, where it leads is
  // also asked every LINK_POLL_MS (one realpath call).
  const linkPoll = setInterval(() => {
    if (linked !== null && realFile() !== linked) schedule();
  }, LINK_POLL_MS);
  linkPoll.unref();

  /** After a reload: the link now points elsewhere (a ConfigMap update, a re-pointed symlink)? Watch there. */
  async function followLink(): Promise<void> {
    const now = realFile();
    if (closed || now === linked) return;
    linked = now;
    const previous = behind;
    behind = now === null ? null : watchFolder(path.dirname(now), now);
    await previous?.watcher.close();
  }

  return {
    ready: Promise.all([own.ready, behind?.ready]).then(() => undefined),
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(missingTimer);
      clearInterval(linkPoll);
      await Promise.all([own.watcher.close(), behind?.watcher.close()]);
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
