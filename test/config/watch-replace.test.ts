/**
 * Files replaced as git and editors replace them, in quick succession, and a monitors.yaml
 * reached through a symlink: into a git checkout elsewhere, or a Kubernetes
 * ConfigMap mount (monitors.yaml -> ..data/monitors.yaml, ..data -> a folder swapped on update).
 * Real files, real links, real renames, as git and the kubelet make them.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load.js';
import { watchConfig, type ConfigWatcher } from '../../src/config/watch.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const dir = tempDir();
const yaml = (...ids: string[]) => `monitors:\n${ids.map((id) => `  - id: ${id}\n    url: http://127.0.0.1/${id}\n`).join('')}`;

/** Replaces a file the way git and rename-saving editors do: a new file renamed over the old. */
function replace(file: string, text: string): void {
  writeFileSync(`${file}.new`, text);
  renameSync(`${file}.new`, file);
}

let watcher: ConfigWatcher | null = null;
afterEach(async () => {
  await watcher?.close();
  watcher = null;
});

async function watchIds(file: string): Promise<{ ids: () => string[] | null }> {
  let last: Config | null = null;
  watcher = watchConfig({ file, env: {}, debounceMs: 20, onConfig: (config) => (last = config), onError: () => {} });
  await watcher.ready;
  return { ids: () => last?.monitors.map((monitor) => monitor.id) ?? null };
}

describe('a monitors.yaml replaced in quick succession', () => {
  it('applies the last version of a file written again right after a reload', async () => {
    // chokidar drops a second change within 50 ms of the first: the reload must read later.
    const file = path.join(dir, 'quick.yaml');
    writeFileSync(file, yaml('a'));
    const seen = await watchIds(file);
    for (const ids of [['a', 'b'], ['a'], ['a', 'c'], ['a', 'c', 'd']]) {
      replace(file, yaml(...ids));
      await waitFor(() => (JSON.stringify(seen.ids()) === JSON.stringify(ids) ? true : null), { timeoutMs: 2000, message: `monitors ${ids.join(', ')}` });
    }
  });
});

describe('a monitors.yaml that is a symlink', () => {
  it('keeps applying edits when the file behind the link is replaced again and again', async () => {
    const repo = path.join(dir, 'repo');
    const etc = path.join(dir, 'etc');
    mkdirSync(repo);
    mkdirSync(etc);
    writeFileSync(path.join(repo, 'monitors.yaml'), yaml('a'));
    symlinkSync(path.join(repo, 'monitors.yaml'), path.join(etc, 'monitors.yaml'));
    const seen = await watchIds(path.join(etc, 'monitors.yaml'));
    // A checkout, a stash, another checkout: each a new file behind the same link.
    for (const ids of [['a', 'b'], ['a'], ['a', 'c'], ['a', 'c', 'd']]) {
      replace(path.join(repo, 'monitors.yaml'), yaml(...ids));
      await waitFor(() => (JSON.stringify(seen.ids()) === JSON.stringify(ids) ? true : null), { timeoutMs: 2000, message: `monitors ${ids.join(', ')}` });
    }
  });

  it('follows a link in the middle of the chain re-pointed to another release, the old one kept', async () => {
    const releases = path.join(dir, 'releases');
    for (const [release, id] of [['r1', 'one'], ['r2', 'two']] as const) {
      mkdirSync(path.join(releases, release), { recursive: true });
      writeFileSync(path.join(releases, release, 'monitors.yaml'), yaml(id));
    }
    symlinkSync(path.join(releases, 'r1'), path.join(releases, 'current'));
    const etc = path.join(dir, 'etc-release');
    mkdirSync(etc);
    symlinkSync(path.join(releases, 'current', 'monitors.yaml'), path.join(etc, 'monitors.yaml'));
    const seen = await watchIds(path.join(etc, 'monitors.yaml'));
    // A deploy, some time later: `current` swapped to r2 by a rename; r1 stays as it was.
    await new Promise((resolve) => setTimeout(resolve, 300));
    symlinkSync(path.join(releases, 'r2'), path.join(releases, 'current.next'));
    renameSync(path.join(releases, 'current.next'), path.join(releases, 'current'));
    await waitFor(() => (JSON.stringify(seen.ids()) === JSON.stringify(['two']) ? true : null), { timeoutMs: 3000, message: 'the monitors of r2' });
  });

  it('follows a ConfigMap-style update, where a link in the chain is swapped to a new folder', async () => {
    const mount = path.join(dir, 'mount');
    mkdirSync(path.join(mount, '..v1'), { recursive: true });
    writeFileSync(path.join(mount, '..v1', 'monitors.yaml'), yaml('one'));
    symlinkSync('..v1', path.join(mount, '..data'));
    symlinkSync('..data/monitors.yaml', path.join(mount, 'monitors.yaml'));
    const seen = await watchIds(path.join(mount, 'monitors.yaml'));
    for (const [version, ids] of [['..v2', ['one', 'two']], ['..v3', ['three']]] as const) {
      mkdirSync(path.join(mount, version));
      writeFileSync(path.join(mount, version, 'monitors.yaml'), yaml(...ids));
      // The kubelet's swap: a new link renamed over ..data, then the old folder removed.
      symlinkSync(version, path.join(mount, '..data_tmp'));
      renameSync(path.join(mount, '..data_tmp'), path.join(mount, '..data'));
      await waitFor(() => (JSON.stringify(seen.ids()) === JSON.stringify(ids) ? true : null), { timeoutMs: 2000, message: `monitors ${ids.join(', ')}` });
      // Edits inside the folder now behind the link are seen too.
      replace(path.join(mount, version, 'monitors.yaml'), yaml(...ids, 'extra'));
      await waitFor(() => (seen.ids()?.includes('extra') ? true : null), { timeoutMs: 2000, message: `an edit in ${version}` });
    }
    rmSync(path.join(mount, '..v1'), { recursive: true });
  });
});
