/**
 * Zod issues -> field errors people can act on: `monitors[2].interval: expected a duration
 * like "30s", got "fast"`. Shared by the file loader (which adds line numbers) and the API.
 */
import type { z } from 'zod';
import { formatPath, suggest } from './paths.js';
import { expectInput, monitorFields, tlsInput } from './schema.js';

export interface FieldError {
  /** Path of the offending value, e.g. ["monitors", 2, "interval"]. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** 1-based line in the YAML file, when the error comes from a file. */
  readonly line?: number;
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['defaults', 'monitors', 'channels', 'maintenance'],
  expect: Object.keys(expectInput.shape),
  tls: Object.keys(tlsInput.shape),
  monitor: Object.keys(monitorFields),
};

function knownKeysAt(path: readonly PropertyKey[], root: Root): readonly string[] {
  if (path.length === 0) return root === 'file' ? KNOWN_KEYS['']! : KNOWN_KEYS.monitor!;
  const last = String(path[path.length - 1]);
  return KNOWN_KEYS[last] ?? KNOWN_KEYS.monitor!;
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = issue.input === null ? 'null' : Array.isArray(issue.input) ? 'a list' : typeof issue.input;
    if (issue.input === undefined) return `required (expected ${issue.expected})`;
    return `expected ${issue.expected}, got ${received}`;
  }
  if (issue.code === 'invalid_union' && issue.message === 'Invalid input') return 'invalid value';
  return issue.message.replace(/^Invalid input: /, '');
}

/** Flattens zod issues into field errors; unknown keys become one error each with a hint. */
/** What the validated value is: the whole file, or one monitor (an API body). */
export type Root = 'file' | 'monitor';

export function fieldErrorsFromZod(issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[] = [], root: Root = 'file'): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union' && 'errors' in issue) {
      // Report the branch that got furthest (say, the list whose item is wrong), not "invalid".
      const branch = bestBranch(issue.errors as z.core.$ZodIssue[][]);
      if (branch) {
        errors.push(...fieldErrorsFromZod(branch, path, root));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = suggest(key, knownKeysAt(path, root));
        errors.push({ path: [...path, key], message: `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
      continue;
    }
    errors.push({ path, message: plainMessage(issue) });
  }
  return errors;
}

/** The one union branch whose issues are about the value's content rather than its type. */
function bestBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] | null {
  const specific = branches.filter((issues) => issues.some((issue) => issue.path.length > 0 || (issue.code !== 'invalid_type' && issue.code !== 'invalid_union')));
  return specific.length === 1 ? specific[0]! : null;
}

export function formatFieldError(error: FieldError): string {
  const where = formatPath(error.path);
  const line = error.line ? ` (line ${error.line})` : '';
  return `${where ? `${where}: ` : ''}${error.message}${line}`;
}
