import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Why files cannot be written into `dir` (made if missing), or null when they can. `serve`
 * checks its data and dashboard folders at start-up, so that one inside a read-only tree
 * (systemd's ProtectSystem, a read-only mount) stops it with one clear message rather than a
 * stack trace, or a failed rendering every 5 s.
 */
export function unwritableDir(dir: string): string | null {
  const probe = path.join(dir, `.lookout-${process.pid}.probe.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe);
    return null;
  } catch (error) {
    // A recursive mkdir under a read-only or forbidden folder reports ENOENT: name the
    // folder that refuses, with its own reason.
    let existing = dir;
    while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    try {
      accessSync(existing, constants.W_OK);
    } catch (denied) {
      return `${existing}: ${(denied as NodeJS.ErrnoException).code ?? (denied as Error).message}`;
    }
    return `${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}
