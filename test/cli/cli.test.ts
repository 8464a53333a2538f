import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorsFileJsonSchema } from '../../src/config/json-schema.js';
import { monitorsReference } from '../../src/config/reference.js';
import { CA_NAME, testCa, validLeaf } from '../helpers/certs.js';
import { specFor, startTarget, type Target } from '../helpers/targets.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

// The built command, as users run it (`npm test` builds first).
const CLI = path.resolve('bin/lookout.js');
const dir = tempDir('lookout-cli-');
// With a timeout: a serve that should have refused its settings would run on.
const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 15_000 });

describe('lookout validate', () => {
  it('accepts a valid file', () => {
    const file = path.join(dir, 'good.yaml');
    writeFileSync(file, 'monitors:\n  - name: Shop\n    url: https://shop.test/health\n');
    const result = run(['validate', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file}: valid, 1 monitor\n`);
  });

  it('warns, and still passes, when a maintenance window names an id or tag no monitor of the file has', () => {
    const file = path.join(dir, 'window-typo.yaml');
    writeFileSync(file, 'monitors:\n  - id: shop\n    url: https://shop.test/\n    tags: [web]\nmaintenance:\n  - name: upgrade\n    monitors: [shpo, shop]\n    tags: [web]\n    start: 2026-12-01T00:00:00Z\n    duration: 1h\n');
    const result = run(['validate', file]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('  warning: maintenance[0] ("upgrade"): no monitor has the id "shpo" (fine if an API monitor has it)\n');
  });

  it('exits non-zero listing every error with its path and line', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'monitors:\n  - id: a\n    url: https://a.test/\n    interval: fast\n  - id: b\n    url: nope\n');
    const result = run(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${file}: 2 errors\n  monitors[0].interval: expected a duration like "30s", got "fast" (line 4)\n  monitors[1].url: expected an http:// or https:// URL, got "nope" (line 6)\n`,
    );
  });

  it('fails on unset variables unless told they are set elsewhere', () => {
    const file = path.join(dir, 'env.yaml');
    writeFileSync(file, 'monitors:\n  - id: a\n    url: https://${API_HOST}/health\n');
    expect(run(['validate', file]).stderr).toContain('monitors[0].url: environment variable API_HOST is not set');
    expect(run(['validate', file], { API_HOST: 'api.test' }).status).toBe(0);
    expect(run(['validate', '--allow-missing-env', file]).status).toBe(0);
  });

  it('with --allow-missing-env, accepts a URL, id or duration held entirely in an unset variable', () => {
    const file = path.join(dir, 'env-whole.yaml');
    // The README's Channels example, and the same for a monitor's fields.
    writeFileSync(file, 'channels:\n  slack:\n    type: webhook\n    preset: slack\n    url: "${SLACK_WEBHOOK_URL}"\nmonitors:\n  - id: ${MON_ID}\n    url: ${SHOP_URL}\n    interval: ${IVL}\n    alerts: [slack]\n');
    const result = run(['validate', '--allow-missing-env', file]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${file}: valid, 1 monitor\n`);
    expect(result.status).toBe(0);
  });

  it('checks every file given and fails when any is invalid', () => {
    const good = path.join(dir, 'many-good.yaml');
    const bad = path.join(dir, 'many-bad.yaml');
    writeFileSync(good, 'monitors:\n  - id: a\n    url: https://a.test/\n');
    writeFileSync(bad, 'monitors:\n  - id: b\n    url: nope\n');
    const result = run(['validate', bad, good]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${bad}: 1 error\n  monitors[0].url: expected an http:// or https:// URL, got "nope" (line 3)\n`);
    expect(result.stdout).toBe(`${good}: valid, 1 monitor\n`);
    expect(run(['validate', good, good]).stdout).toBe(`${good}: valid, 1 monitor\n${good}: valid, 1 monitor\n`);
    expect(run(['validate', good, bad]).status).toBe(1);
  });

  it('refuses an empty file', () => {
    const file = path.join(dir, 'empty.yaml');
    writeFileSync(file, '# only a comment\n');
    const result = run(['validate', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${file}: 1 error\n  monitors.yaml is empty: declare \`monitors: []\` for no monitors\n`);
  });

  it('says where a missing file was looked for', () => {
    const result = run(['validate', path.join(dir, 'absent.yaml')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no such file');
  });
});

describe('lookout --help', () => {
  it.each([[['--help']], [['serve', '--help']], [['validate', '--help']]])('%s prints usage and exits 0', (args) => {
    const result = run(args);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: lookout/);
  });

  it('documents every serve flag with its environment twin', () => {
    const help = run(['serve', '--help']).stdout;
    for (const pair of [['--config', 'LOOKOUT_CONFIG'], ['--data-dir', 'LOOKOUT_DATA_DIR'], ['--port', 'PORT'], ['--host', 'HOST'], ['--ca', 'LOOKOUT_CA_FILE']]) {
      expect(help).toMatch(new RegExp(`${pair[0]}.*${pair[1]}`));
    }
  });

  it('rejects an unknown flag with a pointer to help', () => {
    const result = run(['serve', '--prot', '9000']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--prot');
  });
});

describe('lookout serve', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('prints where the token is, checks monitors, and shuts down cleanly on SIGTERM', async () => {
    const configFile = path.join(dir, 'serve.yaml');
    const dataDir = path.join(dir, 'serve-data');
    writeFileSync(configFile, `monitors:\n  - id: target\n    url: ${target.urlFor('/')}\n    interval: 1s\n`);
    const env = { ...process.env, LOOKOUT_CONFIG: configFile, LOOKOUT_API_TOKEN: '' };
    const dist = path.join(dir, 'serve-dist');
    const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--dist', dist, '--render-interval', '200ms'], { env });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stdout += chunk));
    const url = (await waitFor(() => /listening on (http:\S+)/.exec(stdout)?.[1], { timeoutMs: 10_000, message: 'listening' }))!;
    // The start-up lines may arrive in more than one chunk: the token's line comes last.
    await waitFor(() => stdout.includes('API token:'), { timeoutMs: 10_000, message: 'the start-up lines' });
    expect(stdout).toContain(`API token: ${path.join(dataDir, 'api-token')}`);
    // The V8 settings of util/v8-tuning.ts exist in this Node.js (V8 would say "unrecognized flag").
    expect(stdout).not.toMatch(/unrecognized flag|bad option/i);
    expect(statSync(path.join(dataDir, 'api-token')).mode & 0o777).toBe(0o600);
    const token = readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
    const created = await fetch(`${url}/api/monitors`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'api-one', url: target.urlFor('/api'), interval: 1 }) });
    expect(created.status).toBe(201);
    const seen = await waitFor(async () => {
      const response = await fetch(`${url}/api/monitors/target/checks?limit=1000`);
      const { checks } = (await response.json()) as { checks: unknown[] };
      return checks.length >= 2 ? checks.length : 0;
    }, { timeoutMs: 10_000 });

    // The dashboard is served at / from the --dist folder it renders into.
    const index = await waitFor(async () => {
      const response = await fetch(`${url}/`);
      return response.status === 200 ? response.text() : null;
    }, { timeoutMs: 10_000, message: 'dashboard index' });
    expect(index).toContain('target');
    expect(readFileSync(path.join(dist, 'index.html'), 'utf8')).toBe(index);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('stopped; database closed');

    const db = new Database(path.join(dataDir, 'lookout.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = (db.prepare("SELECT COUNT(*) AS n FROM results r JOIN monitors m ON m.key = r.monitor WHERE m.id = 'target'").get() as { n: number }).n;
    expect(stored).toBeGreaterThanOrEqual(seen);
    expect((db.prepare("SELECT source FROM monitors WHERE id = 'api-one'").get() as { source: string }).source).toBe('api');
    db.close();
  });

  it('exits 1 with one line naming the port when it is taken, and leaves the database closed', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      const configFile = path.join(dir, 'port.yaml');
      const dataDir = path.join(dir, 'port-data');
      writeFileSync(configFile, `monitors:\n  - id: p\n    url: ${target.urlFor('/p')}\n`);
      const result = spawnSync(process.execPath, [CLI, 'serve', '--config', configFile, '--data-dir', dataDir, '--port', port, '--render-interval', 'off'], { encoding: 'utf8', timeout: 15_000 });
      expect(result.status).toBe(1);
      // The log's start-up lines, then the reason, and no stack trace.
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`lookout: port ${port} on 127.0.0.1 is in use (another Lookout?): choose another with --port (PORT)`);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      // Closed, not left to recovery: no write-ahead log beside the file.
      expect(() => statSync(path.join(dataDir, 'lookout.db-wal'))).toThrow();
      const db = new Database(path.join(dataDir, 'lookout.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      taken.close();
    }
  });

  it('takes an empty PORT or HOST as unset, not as a random port or every interface', async () => {
    const { createServer } = await import('node:net');
    // Held here so that the default port is taken whatever else runs on this machine.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.once('error', () => resolve()).listen(8070, '127.0.0.1', resolve));
    try {
      const configFile = path.join(dir, 'empty-env.yaml');
      writeFileSync(configFile, `monitors:\n  - id: p\n    url: ${target.urlFor('/p')}\n`);
      const result = spawnSync(process.execPath, [CLI, 'serve', '--config', configFile, '--data-dir', path.join(dir, 'empty-env-data'), '--render-interval', 'off'], {
        encoding: 'utf8',
        timeout: 10_000,
        env: { ...process.env, PORT: '', HOST: '' },
      });
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('lookout: port 8070 on 127.0.0.1 is in use (another Lookout?): choose another with --port (PORT)');
      expect(result.status).toBe(1);
    } finally {
      taken.close();
    }
  });

  it('accepts decimal ports only and names the variable a bad value came from', () => {
    expect(run(['serve', '--port', '0x4A67']).stderr).toBe('lookout: --port: expected a port number from 0 to 65535, got "0x4A67"\n');
    expect(run(['serve', '--port', '65536']).status).toBe(2);
    expect(run(['serve'], { PORT: '1e3' }).stderr).toBe('lookout: PORT: expected a port number from 0 to 65535, got "1e3"\n');
    expect(run(['serve', '--port', '0'], { LOOKOUT_RETENTION: '1m' }).stderr).toBe('lookout: LOOKOUT_RETENTION: expected a duration of at least 1h like "7d", got "1m"\n');
    expect(run(['serve', '--port', '0', '--retention', '1m']).stderr).toBe('lookout: --retention: expected a duration of at least 1h like "7d", got "1m"\n');
    expect(run(['serve', '--port', '0'], { LOOKOUT_RENDER_INTERVAL: 'fast' }).stderr).toBe('lookout: LOOKOUT_RENDER_INTERVAL: expected a duration like "5s" or "off", got "fast"\n');
  });

  it('exits 1 with one line naming the data folder when it cannot be written', () => {
    const configFile = path.join(dir, 'data-in-file.yaml');
    writeFileSync(configFile, `monitors:\n  - id: p\n    url: ${target.urlFor('/p')}\n`);
    writeFileSync(path.join(dir, 'a-file'), '');
    const result = spawnSync(process.execPath, [CLI, 'serve', '--config', configFile, '--data-dir', path.join(dir, 'a-file', 'data'), '--port', '0', '--render-interval', 'off'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`lookout: cannot write the data folder (${path.join(dir, 'a-file', 'data')}: ENOTDIR): set --data-dir (LOOKOUT_DATA_DIR) to a writable folder\n`);
  });

  it('loses no committed result and keeps the database intact when killed with SIGKILL', async () => {
    const configFile = path.join(dir, 'kill.yaml');
    const dataDir = path.join(dir, 'kill-data');
    writeFileSync(configFile, `defaults:\n  interval: 1s\nmonitors:\n${Array.from({ length: 20 }, (_, index) => `  - id: k${index}\n    url: ${target.urlFor(`/k${index}`)}\n`).join('')}`);
    const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile, '--data-dir', dataDir, '--port', '0', '--render-interval', 'off'], { env: { ...process.env, LOOKOUT_API_TOKEN: 'k' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const url = (await waitFor(() => /listening on (http:\S+)/.exec(output)?.[1], { timeoutMs: 10_000 }))!;
    // What the API shows has been committed; count it, then kill without warning.
    const committed = await waitFor(async () => {
      let total = 0;
      for (let index = 0; index < 20; index++) {
        const response = await fetch(`${url}/api/monitors/k${index}/checks?limit=1000`);
        total += ((await response.json()) as { checks: unknown[] }).checks.length;
      }
      return total >= 40 ? total : 0;
    }, { timeoutMs: 15_000 });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const db = new Database(path.join(dataDir, 'lookout.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n).toBeGreaterThanOrEqual(committed);
    db.close();
  });

  it('keeps running when the reader of its output goes away (`lookout serve | head -1`)', { timeout: 20_000 }, async () => {
    const configFile = path.join(dir, 'pipe.yaml');
    writeFileSync(configFile, `monitors:\n  - id: piped\n    url: ${target.urlFor('/piped')}\n    interval: 1s\n`);
    const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile, '--data-dir', path.join(dir, 'pipe-data'), '--port', '0', '--render-interval', 'off'], { env: { ...process.env, LOOKOUT_API_TOKEN: 'p', LOOKOUT_LOG_LEVEL: 'debug' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const url = (await waitFor(() => /listening on (http:\S+)/.exec(output)?.[1], { timeoutMs: 10_000 }))!;
    // As `head` does after its line: the pipe's reading end closes, and every later write fails with EPIPE.
    child.stdout.destroy();
    child.stderr.destroy();
    const before = target.requestsTo('/piped').length;
    await target.waitForRequests(before + 3, '/piped', 10_000);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('trusts the private CAs given with --ca in checks, and refuses a file that holds none', async () => {
    const secure = await startTarget({ tls: validLeaf() });
    try {
      const configFile = path.join(dir, 'ca.yaml');
      writeFileSync(configFile, `monitors:\n  - id: internal\n    url: ${secure.urlFor('/')}\n    interval: 1s\n`);
      const caFile = path.join(dir, 'internal-ca.pem');
      writeFileSync(caFile, `# the company CA\n${testCa().cert}`);
      const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile, '--data-dir', path.join(dir, 'ca-data'), '--port', '0', '--render-interval', 'off'], { env: { ...process.env, LOOKOUT_API_TOKEN: 'c', LOOKOUT_CA_FILE: caFile } });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const url = (await waitFor(() => /listening on (http:\S+)/.exec(output)?.[1], { timeoutMs: 10_000, message: 'listening' }))!;
      // The start-up lines may arrive in more than one chunk: the token's line comes last.
      await waitFor(() => output.includes('API token:'), { timeoutMs: 10_000, message: 'the start-up lines' });
      expect(output).toContain(`trusted:   1 private CA certificate from ${caFile}`);
      const monitor = await waitFor(async () => {
        const body = (await (await fetch(`${url}/api/monitors/internal`)).json()) as { status: string; tls: { authorized: boolean; issuer: string } | null };
        return body.tls ? body : null;
      }, { timeoutMs: 10_000, message: 'a check of the internal monitor' });
      expect(monitor).toMatchObject({ status: 'up', tls: { authorized: true, issuer: CA_NAME } });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    } finally {
      await secure.close();
    }

    const notPem = path.join(dir, 'not-a-ca.pem');
    writeFileSync(notPem, 'hello\n');
    const refused = run(['serve', '--ca', notPem, '--config', path.join(dir, 'ca.yaml'), '--data-dir', path.join(dir, 'ca-data'), '--port', '0']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`--ca: ${notPem} holds no PEM certificate`);
    const missing = run(['serve', '--ca', path.join(dir, 'nowhere.pem'), '--config', path.join(dir, 'ca.yaml'), '--data-dir', path.join(dir, 'ca-data'), '--port', '0']);
    expect(missing.stderr).toContain(`--ca: cannot read ${path.join(dir, 'nowhere.pem')} (ENOENT)`);
  });

  it('refuses to start on an invalid monitors.yaml and says why', () => {
    const configFile = path.join(dir, 'invalid.yaml');
    writeFileSync(configFile, 'monitors:\n  - id: a\n    url: https://a.test/\n    timeout: soon\n');
    const result = run(['serve', '--config', configFile, '--data-dir', path.join(dir, 'invalid-data'), '--port', '0', '--dist', path.join(dir, 'invalid-dist')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('monitors[0].timeout: expected a duration like "30s", got "soon" (line 4)');
  });
});

describe('lookout render', () => {
  it('writes dist/ for a fleet large enough for the writer thread, and exits', async () => {
    const { openStore } = await import('../../src/storage/store.js');
    const { seedHistory } = await import('../../bench/render-fixture.mjs');
    const { WRITER_THREAD_FROM } = await import('../../src/dashboard/render.js');
    const dataDir = path.join(dir, 'render-data');
    const out = path.join(dir, 'render-out');
    const count = WRITER_THREAD_FROM + 5;
    const store = openStore(path.join(dataDir, 'lookout.db'));
    seedHistory(store, { monitors: count, spec: (index: number) => specFor({ id: `svc-${index}`, url: 'https://svc.example.com/' }), days: 2, rawDays: 0 });
    store.close();
    // spawnSync's timeout: a writer thread left running would keep the command from exiting.
    const result = spawnSync(process.execPath, [CLI, 'render', '--data-dir', dataDir, '--config', path.join(dir, 'none.yaml'), '--out', out], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${out}: ${count} public monitors, \\d+ KB written in \\d+ ms\n$`));
    expect(readFileSync(path.join(out, 'm', `svc-${count - 1}.html`), 'utf8')).toContain('</html>');
  });

  it('tells the pages how often it runs: they poll at that pace and warn only when a run is overdue, or never for a snapshot', async () => {
    const { openStore } = await import('../../src/storage/store.js');
    const { seedHistory } = await import('../../bench/render-fixture.mjs');
    const dataDir = path.join(dir, 'render-every-data');
    const store = openStore(path.join(dataDir, 'lookout.db'));
    // Monitors checked every 60 s, the site rendered from cron every 5 minutes.
    seedHistory(store, { monitors: 2, spec: (index: number) => specFor({ id: `svc-${index}`, url: 'https://svc.example.com/', interval: 60 }), days: 1, rawDays: 0 });
    store.close();
    const freshness = (args: string[], env: Record<string, string> = {}) => {
      const out = path.join(dir, `render-every-${args.join('-') || 'default'}`);
      const result = run(['render', '--data-dir', dataDir, '--config', path.join(dir, 'none.yaml'), '--out', out, ...args], env);
      expect(result.stderr).toBe('');
      const status = JSON.parse(readFileSync(path.join(out, 'status.json'), 'utf8')) as { staleAfterMs: number | null; pollMs: number };
      const page = readFileSync(path.join(out, 'm', 'svc-0.html'), 'utf8');
      return { staleAfterMs: status.staleAfterMs, pollMs: status.pollMs, page };
    };
    // As serve: regenerated every 5 s, stale after two missed checks and a minute.
    expect(freshness([])).toMatchObject({ staleAfterMs: 2 * 60_000 + 5_000 + 60_000, pollMs: 5_000 });
    const cron = freshness(['--render-interval', '5m']);
    expect(cron).toMatchObject({ staleAfterMs: 2 * 60_000 + 300_000 + 60_000, pollMs: 30_000 });
    expect(cron.page).toContain(`"staleAfterMs":${2 * 60_000 + 300_000 + 60_000}`);
    expect(freshness([], { LOOKOUT_RENDER_INTERVAL: '5m' }).staleAfterMs).toBe(2 * 60_000 + 300_000 + 60_000);
    const snapshot = freshness(['--render-interval', 'off']);
    expect(snapshot.staleAfterMs).toBeNull();
    expect(snapshot.page).toContain('"staleAfterMs":null');
    const bad = run(['render', '--data-dir', dataDir, '--render-interval', 'hourly']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--render-interval: expected a duration like "5m" or "off", got "hourly"');
  });

  it('exits 1 naming the folder when --out cannot be written', async () => {
    const { openStore } = await import('../../src/storage/store.js');
    const dataDir = path.join(dir, 'render-out-data');
    openStore(path.join(dataDir, 'lookout.db')).close();
    writeFileSync(path.join(dir, 'out-file'), '');
    const result = run(['render', '--data-dir', dataDir, '--config', path.join(dir, 'none.yaml'), '--out', path.join(dir, 'out-file', 'site')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`lookout: cannot write the site (${path.join(dir, 'out-file', 'site')}: ENOTDIR): choose another folder with --out (LOOKOUT_DIST_DIR)\n`);
  });

  it('exits 1 saying what is missing when there is no database', () => {
    const result = run(['render', '--data-dir', path.join(dir, 'no-data'), '--out', path.join(dir, 'no-out')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no database at .*lookout\.db/);
  });
});

describe('generated docs', () => {
  it('monitors.schema.json is the schema generated from the code (run `npm run schema` after changing it)', () => {
    expect(JSON.parse(readFileSync('monitors.schema.json', 'utf8'))).toEqual(monitorsFileJsonSchema());
  });

  it('docs/monitors-reference.md is generated from the same schema (run `npm run schema`)', () => {
    expect(readFileSync('docs/monitors-reference.md', 'utf8')).toBe(monitorsReference());
  });
});
