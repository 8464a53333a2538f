/**
 * Logs are lines of `module: message key=value`, scrubbed of every known secret value before
 * they are written.
 */
import { scrub } from './redact.js';
import { isoString } from './time.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoggerOptions {
  readonly level?: Level;
  readonly write?: (line: string) => void;
  /** The current secret values (header values, URL passwords ...) to scrub. */
  readonly secrets?: () => Iterable<string>;
}

const ORDER: Readonly<Record<Level, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: Level, message: string): void => {
    if (ORDER[level] < threshold) return;
    const clean = options.secrets ? scrub(message, options.secrets()) : message;
    write(`${isoString(Date.now())} ${level.toUpperCase().padEnd(5)} ${clean}`);
  };
  return {
    debug: (message) => emit('debug', message),
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
