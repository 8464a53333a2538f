#!/usr/bin/env node
/** The `lookout` command: serve, validate. Flags have environment twins; flags win. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { parseDuration } from './config/duration.js';
import { formatFieldError } from './config/issues.js';
import { loadConfigFile } from './config/watch.js';
import { VERSION } from './version.js';

const HELP: Record<string, string> = {
  main: `lookout ${VERSION}: self-hosted uptime monitor

Usage: lookout <command> [options]

Commands:
  serve               run the monitor, the API and the dashboard (what \`npm start\` runs)
  validate [file]     check a monitors.yaml; exits 1 listing every error

Run \`lookout <command> --help\` for the options of a command.`,
  serve: `Usage: lookout serve [options]

Options (each has an environment twin; the flag wins):
  --config <file>      monitors.yaml to load and watch   LOOKOUT_CONFIG    (./monitors.yaml)
  --data-dir <dir>     SQLite database and API token     LOOKOUT_DATA_DIR  (./data)
  --port <n>           HTTP port                          PORT              (8070)
  --host <addr>        address to listen on               HOST              (127.0.0.1)
  --retention <d>      keep raw results this long         LOOKOUT_RETENTION (7d)
  -h, --help           show this help

Environment: LOOKOUT_API_TOKEN sets the API token (otherwise one is generated into the data
dir); LOOKOUT_LOG_LEVEL is debug, info, warn or error.`,
  validate: `Usage: lookout validate [file] [--allow-missing-env]

Checks a monitors.yaml (default: $LOOKOUT_CONFIG or ./monitors.yaml) and lists every error with
its path and line. Exit status 0 when valid, 1 when not: use it in a pre-commit hook or CI.

  --allow-missing-env  do not fail on \${VARS} that are unset here (CI without secrets)
  -h, --help           show this help`,
};

function fail(message: string): never {
  process.stderr.write(`lookout: ${message}\n`);
  process.exit(2);
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
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${HELP.serve}\n`);
  const portText = values.port ?? process.env.PORT ?? '8070';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: expected a port number, got "${portText}"`);
  // Flags and their environment twins are one setting: monitors.yaml's ${PORT} sees the flag.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ...(values.host ? { HOST: values.host } : {}) };
  const retentionText = values.retention ?? env.LOOKOUT_RETENTION ?? '7d';
  const retention = parseDuration(retentionText);
  if (retention === null || retention < 3600) fail(`--retention: expected a duration of at least 1h like "7d", got "${retentionText}"`);
  const configFile = values.config ?? env.LOOKOUT_CONFIG ?? './monitors.yaml';
  const dataDir = path.resolve(values['data-dir'] ?? env.LOOKOUT_DATA_DIR ?? './data');

  // Loaded here so that `validate` in a pre-commit hook does not pay for the server's modules.
  const { ConfigError, startLookout } = await import('./main.js');
  let lookout;
  try {
    lookout = await startLookout({ configFile, dataDir, port, env, host: values.host ?? env.HOST ?? '127.0.0.1', retentionDays: retention / 86400 });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`lookout: ${path.resolve(configFile)} is invalid:\n  ${error.errors.join('\n  ')}\n`);
      process.exit(1);
    }
    throw error;
  }
  process.stdout.write(`lookout ${VERSION} listening on ${lookout.url}\n`);
  process.stdout.write(`  config:    ${path.resolve(configFile)} (watched)\n  data:      ${dataDir}\n`);
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
  const file = path.resolve(positionals[0] ?? process.env.LOOKOUT_CONFIG ?? './monitors.yaml');
  const result = await loadConfigFile(file, process.env, { allowMissingEnv: values['allow-missing-env'] });
  if (!result.ok) {
    process.stderr.write(`${file}: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}\n`);
    for (const error of result.errors) process.stderr.write(`  ${formatFieldError(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${file}: valid, ${result.config.monitors.length} monitor${result.config.monitors.length === 1 ? '' : 's'}\n`);
}

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { serve, validate };

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

await main(process.argv.slice(2));
