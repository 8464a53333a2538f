/**
 * The service definitions in deploy/: what they run must be able to write where it writes, under
 * the sandbox the unit itself sets up (systemd is not running here to try it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The unit's settings; a key set more than once keeps every value. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  return settings;
}

/** The value of a flag on a command line, or undefined. */
const flag = (args: string[], name: string): string | undefined => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};

describe('deploy/lookout.service', () => {
  const unit = unitSettings(readFileSync('deploy/lookout.service', 'utf8'));
  const args = unit.get('ExecStart')![0]!.split(/\s+/);
  const workDir = unit.get('WorkingDirectory')![0]!;
  const resolve = (value: string): string => path.resolve(workDir, value);

  it('runs serve with folders it may write to under ProtectSystem=strict', () => {
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    // strict: everything is read-only but these (see systemd.exec).
    const writable = [
      ...(unit.get('ReadWritePaths') ?? []).flatMap((value) => value.split(/\s+/)),
      ...(unit.get('StateDirectory') ?? []).map((name) => `/var/lib/${name}`),
      ...(unit.get('RuntimeDirectory') ?? []).map((name) => `/run/${name}`),
    ];
    const inside = (dir: string): boolean => writable.some((root) => dir === root || dir.startsWith(`${root}/`));
    expect(args).toContain('serve');
    // Where serve writes: the database and token, and the dashboard (its default, ./dist, when not given).
    const dataDir = resolve(flag(args, '--data-dir') ?? './data');
    const distDir = resolve(flag(args, '--dist') ?? './dist');
    expect(inside(dataDir), `${dataDir} in ${writable.join(' ')}`).toBe(true);
    expect(inside(distDir), `${distDir} in ${writable.join(' ')}`).toBe(true);
  });

  it('stops with SIGTERM and gives the shutdown time to finish', () => {
    expect(unit.get('KillSignal')).toEqual(['SIGTERM']);
    expect(Number.parseInt(unit.get('TimeoutStopSec')![0]!, 10)).toBeGreaterThanOrEqual(15);
  });
});
