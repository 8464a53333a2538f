/**
 * Schema issues -> field errors people can act on: `monitors[2].interval: expected a duration
 * like "30s", got "fast"`. Shared by the file loader (which adds line numbers) and the API.
 */
import type { Issue } from './kit.js';
import { formatPath } from './paths.js';

export interface FieldError {
  /** Path of the offending value, e.g. ["monitors", 2, "interval"]. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** 1-based line in the YAML file, when the error comes from a file. */
  readonly line?: number;
}

export function fieldErrors(issues: readonly Issue[], prefix: readonly (string | number)[] = []): FieldError[] {
  return issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message }));
}

export function formatFieldError(error: FieldError): string {
  const where = formatPath(error.path);
  const line = error.line ? ` (line ${error.line})` : '';
  return `${where ? `${where}: ` : ''}${error.message}${line}`;
}
