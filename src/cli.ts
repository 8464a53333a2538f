#!/usr/bin/env node
/** The `lookout` command: serve, validate, notify-test, render. Flags have environment twins; flags win. */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { parseDuration } from './config/duration.js';
import { leanStart, tuneForFleet, tuneV8 } from './util/v8-tuning.js';
import { VERSION } from './version.js';

const HELP: Record<string, string> = {
  main: `lookout ${VERSION}: self-hosted uptime monitor

Usage: lookout <command> [options]

Commands:
  serve               run the monitor, the API and the dashboard (what \`npm start\` runs)
  validate [file...]  check monitors.yaml files; exits 1 listing every error
  notify-test <name>  send a test message through an alert channel of monitors.yaml
  render              write the static dashboard once from the database (for static hosting)

Run \`lookout <command> --help\` for the options of a command.`,
  serve: `Usage: lookout serve [options]

Options (each has an environment twin; the flag wins):
  --config <file>      monitors.yaml to load and watch   LOOKOUT_CONFIG    (./monitors.yaml)
  --data-dir <dir>     SQLite database and API token     LOOKOUT_DATA_DIR  (./data)
  --port <n>           HTTP port                          PORT              (8070)
  --host <addr>        address to listen on               HOST              (127.0.0.1)
  --retention <d>      keep raw results this long         LOOKOUT_RETENTION (7d)
  --dist <dir>         the dashboard, served at /         LOOKOUT_DIST_DIR  (./dist)
  --render-interval <d> regenerate it at most this often  LOOKOUT_RENDER_INTERVAL (5s; off: no dashboard)
  --title <text>       the dashboard's title              LOOKOUT_TITLE     (Service status)
  --ca <file>          PEM certificates of private CAs    LOOKOUT_CA_FILE   (none)
                       that checks trust besides the public ones
  -h, --help           show this help

Environment: LOOKOUT_API_TOKEN sets the API token (otherwise one is generated into the data
dir); LOOKOUT_LOG_LEVEL is debug, info, warn or error.`,
  validate: `Usage: lookout validate [file...] [--allow-missing-env]

Checks each monitors.yaml given (default: $LOOKOUT_CONFIG or ./monitors.yaml) and lists every
error with its path and line. Exit status 0 when all are valid, 1 when any is not: use it in a
pre-commit hook or CI.

  --allow-missing-env  do not fail on \${VARS} that are unset here (CI without secrets); the
                       format of a value that depends on one (URL, id, duration) is not checked
  -h, --help           show this help`,
  render: `Usage: lookout render [options]

Writes the dashboard (index.html, a page per public monitor, their JSON and assets) once, from
the database of a Lookout that ran before, for any static host (nginx, S3, GitHub Pages). Files
are replaced atomically; pages of monitors no longer public are removed.

Options (each has an environment twin; the flag wins):
  --out <dir>          where to write                     LOOKOUT_DIST_DIR  (./dist)
  --config <file>      monitors.yaml (which monitors, and their names)  LOOKOUT_CONFIG (./monitors.yaml)
  --data-dir <dir>     the SQLite database to read        LOOKOUT_DATA_DIR  (./data)
  --title <text>       the dashboard's title              LOOKOUT_TITLE     (Service status)
  --render-interval <d> how often you run this command (cron, CI): pages poll at that pace
                       and warn once their data is older than expected   LOOKOUT_RENDER_INTERVAL
                       (5s, as serve; off: a snapshot, no warning)
  -h, --help           show this help`,
  'notify-test': `Usage: lookout notify-test <channel> [--config <file>]

Sends one test message through a channel declared under channels: in monitors.yaml (default:
$LOOKOUT_CONFIG or ./monitors.yaml) and reports whether the SMTP server or webhook took it.
Exit status 0 when sent, 1 when the send failed, 2 when the config or channel name is wrong.

  --config <file>      monitors.yaml to read
  -h, --help           show this help`,
};

function fail(message: string): never {
  process.stderr.write(`lookout: ${message}\n`);
  process.exit(2);
}

/** A setting's text and where it came from: the flag, or the variable a bad value must be fixed in. */
interface Setting {
  readonly text: string;
  readonly from: string;
}

/**
 * The flag's value, else its environment twin's, else undefined. An empty variable counts as
 * unset: `PORT=` in a unit file or .env must not mean port 0 (a random port) or `HOST=` every
 * interface.
 */
function setting(flagValue: string | undefined, flag: string, variable: string): Setting | undefined {
  if (flagValue !== undefined) return { text: flagValue, from: flag };
  const value = envValue(variable);
  return value === undefined ? undefined : { text: value, from: variable };
}

/** A variable's value, empty counting as unset (see `setting`). */
function envValue(variable: string): string | undefined {
  const value = process.env[variable];
  return value === '' ? undefined : value;
}

/**
 * `--render-interval` of serve and render (default 5s) in ms, or null for 'off'; a bad value
 * exits, its message showing `example` (what each command is typically given).
 */
function renderInterval(given: Setting | undefined, example: string): number | null {
  const value = given?.text ?? '5s';
  if (value === 'off') return null;
  const seconds = parseDuration(value);
  if (seconds === null || seconds < 0.1) fail(`${given?.from ?? '--render-interval'}: expected a duration like "${example}" or "off", got "${value}"`);
  return seconds * 1000;
}

/** `--ca`: every certificate in a PEM file, each checked here so that a wrong file stops start-up with a reason. */
async function readCertificates(given: Setting): Promise<string[]> {
  const file = given.text;
  const { X509Certificate } = await import('node:crypto');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`${given.from}: cannot read ${path.resolve(file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) fail(`${given.from}: ${path.resolve(file)} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      fail(`${given.from}: certificate ${index + 1} in ${path.resolve(file)} is not valid (${(error as Error).message})`);
    }
  });
  return blocks;
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      retention: { type: 'string' },
      dist: { type: 'string' },
      'render-interval': { type: 'string' },
      title: { type: 'string' },
      ca: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${HELP.serve}\n`);
  const portSetting = setting(values.port, '--port', 'PORT') ?? { text: '8070', from: '--port' };
  // Decimal digits only: Number() would also take "0x4A67", "1e3" or " 80 ".
  const port = /^\d{1,5}$/.test(portSetting.text) ? Number(portSetting.text) : NaN;
  if (!(port >= 0 && port <= 65535)) fail(`${portSetting.from}: expected a port number from 0 to 65535, got "${portSetting.text}"`);
  const host = setting(values.host, '--host', 'HOST')?.text ?? '127.0.0.1';
  // Flags and their environment twins are one setting: monitors.yaml's ${PORT} sees the flag.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ...(values.host ? { HOST: values.host } : {}) };
  const retentionSetting = setting(values.retention, '--retention', 'LOOKOUT_RETENTION') ?? { text: '7d', from: '--retention' };
  const retention = parseDuration(retentionSetting.text);
  if (retention === null || retention < 3600) fail(`${retentionSetting.from}: expected a duration of at least 1h like "7d", got "${retentionSetting.text}"`);
  const configFile = setting(values.config, '--config', 'LOOKOUT_CONFIG')?.text ?? './monitors.yaml';
  const dataDir = path.resolve(setting(values['data-dir'], '--data-dir', 'LOOKOUT_DATA_DIR')?.text ?? './data');
  const distDir = path.resolve(setting(values.dist, '--dist', 'LOOKOUT_DIST_DIR')?.text ?? './dist');
  const renderIntervalMs = renderInterval(setting(values['render-interval'], '--render-interval', 'LOOKOUT_RENDER_INTERVAL'), '5s');
  const title = setting(values.title, '--title', 'LOOKOUT_TITLE')?.text;
  const dashboard = renderIntervalMs === null ? undefined : { dir: distDir, intervalMs: renderIntervalMs, title };
  const caSetting = setting(values.ca, '--ca', 'LOOKOUT_CA_FILE');
  const ca = caSetting?.text ? await readCertificates(caSetting) : undefined;

  // A reader of the log that goes away (`lookout serve | head`, a log shipper restarting) must
  // not stop the monitor: without a listener, the stream's EPIPE error ended the process.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }

  // Before the first check compiles undici's parser, and before the server's modules are
  // loaded, which a small fleet's lean start should see interpreted (see util/v8-tuning.ts).
  tuneV8();
  leanStart(statSync(configFile, { throwIfNoEntry: false })?.size ?? 0);
  // Loaded here so that `validate` in a pre-commit hook does not pay for the server's modules,
  // and so that they load under the V8 settings above.
  const { ConfigError, StartError, startLookout } = await import('./main.js');
  let lookout;
  try {
    lookout = await startLookout({ configFile, dataDir, port, env, host, retentionDays: retention / 86400, dashboard, ca });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`lookout: ${path.resolve(configFile)} is invalid:\n  ${error.errors.join('\n  ')}\n`);
      process.exit(1);
    }
    if (error instanceof StartError) {
      process.stderr.write(`lookout: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { service } = lookout;
  const fleet = () => ({ monitors: service.count(), checksPerSecond: service.checksPerSecond() });
  tuneForFleet(fleet());
  service.events.on('changed', () => tuneForFleet(fleet()));
  process.stdout.write(`lookout ${VERSION} listening on ${lookout.url}\n`);
  process.stdout.write(`  config:    ${path.resolve(configFile)} (watched)\n  data:      ${dataDir}\n`);
  process.stdout.write(dashboard ? `  dashboard: ${lookout.url}/ (files in ${distDir})\n` : '  dashboard: off\n');
  if (ca) process.stdout.write(`  trusted:   ${ca.length} private CA certificate${ca.length === 1 ? '' : 's'} from ${path.resolve(caSetting!.text)}\n`);
  process.stdout.write(lookout.tokenFile ? `  API token: ${lookout.tokenFile}\n` : '  API token: from LOOKOUT_API_TOKEN\n');

  let signals = 0;
  const shutdown = (signal: string): void => {
    if (++signals > 1) process.exit(1);
    process.stdout.write(`lookout: ${signal}, finishing in-flight checks and closing the database\n`);
    lookout.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`lookout: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function validate(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, 'allow-missing-env': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${HELP.validate}\n`);
  const files = positionals.length > 0 ? positionals : [envValue('LOOKOUT_CONFIG') ?? './monitors.yaml'];
  const [{ readConfigFile }, { checkConfigText }, { formatFieldError }] = await Promise.all([import('./config/watch.js'), import('./config/load.js'), import('./config/issues.js')]);
  // Every file is checked and reported, so that one run (a pre-commit hook over the staged files) shows them all.
  let invalid = false;
  for (const file of files.map((name) => path.resolve(name))) {
    const read = await readConfigFile(file);
    const result = read.ok ? checkConfigText(read.text, process.env, { allowMissingEnv: values['allow-missing-env'] }) : read;
    if (result.ok) {
      process.stdout.write(`${file}: valid, ${result.monitors} monitor${result.monitors === 1 ? '' : 's'}\n`);
      for (const warning of result.warnings) process.stderr.write(`  warning: ${warning} (fine if an API monitor has it)\n`);
      continue;
    }
    invalid = true;
    process.stderr.write(`${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}\n`);
    for (const error of result.errors) process.stderr.write(`  ${formatFieldError(error)}\n`);
  }
  if (invalid) process.exitCode = 1;
}

async function notifyTestCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${HELP['notify-test']}\n`);
  const channel = positionals[0];
  if (!channel) fail('notify-test needs a channel name; see lookout notify-test --help');
  const file = path.resolve(setting(values.config, '--config', 'LOOKOUT_CONFIG')?.text ?? './monitors.yaml');
  const { notifyTest } = await import('./alerts/notify-test.js');
  const write = (stream: NodeJS.WriteStream) => (line: string) => void stream.write(`${line}\n`);
  process.exitCode = await notifyTest({ file, env: process.env, channel, out: write(process.stdout), err: write(process.stderr) });
}

async function render(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      title: { type: 'string' },
      'render-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${HELP.render}\n`);
  const env = process.env;
  const intervalMs = renderInterval(setting(values['render-interval'], '--render-interval', 'LOOKOUT_RENDER_INTERVAL'), '5m');
  const outDir = path.resolve(setting(values.out, '--out', 'LOOKOUT_DIST_DIR')?.text ?? './dist');
  const { RenderError, renderOnce } = await import('./dashboard/offline.js');
  try {
    const result = await renderOnce({
      dataDir: path.resolve(setting(values['data-dir'], '--data-dir', 'LOOKOUT_DATA_DIR')?.text ?? './data'),
      configFile: path.resolve(setting(values.config, '--config', 'LOOKOUT_CONFIG')?.text ?? './monitors.yaml'),
      outDir,
      env,
      version: VERSION,
      title: setting(values.title, '--title', 'LOOKOUT_TITLE')?.text,
      intervalMs,
      warn: (message) => process.stderr.write(`lookout: ${message}\n`),
    });
    process.stdout.write(`${outDir}: ${result.monitors} public monitor${result.monitors === 1 ? '' : 's'}, ${(result.bytes / 1024).toFixed(0)} KB written in ${result.totalMs.toFixed(0)} ms\n`);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    process.stderr.write(`lookout: ${error.message}\n`);
    process.exit(1);
  }
}

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { serve, validate, 'notify-test': notifyTestCommand, render };

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') return void process.stdout.write(`${VERSION}\n`);
  if (!command || command === '--help' || command === '-h' || command === 'help') return void process.stdout.write(`${HELP.main}\n`);
  const run = COMMANDS[command];
  if (!run) fail(`unknown command "${command}"; see lookout --help`);
  try {
    await run(rest);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) fail(`${(error as Error).message}; see lookout ${command} --help`);
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`lookout: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
