/**
 * Parses monitors.yaml text into a complete Config, or every error found with its path and line.
 * Pure apart from reading `env`: the watcher, `lookout validate` and start-up all use it.
 */
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { crossFieldErrors } from './cross-checks.js';
import { fieldErrors, type FieldError } from './issues.js';
import { interpolate, type Env } from './interpolate.js';
import { resolveMonitor, type ParsedDefaults } from './resolve.js';
import { fileInput, type MonitorSpec } from './schema.js';
import { alertingConfig, type AlertingConfig } from '../alerts/config.js';

export interface Config extends AlertingConfig {
  readonly defaults: ParsedDefaults;
  readonly monitors: readonly MonitorSpec[];
}

export type LoadResult = { ok: true; config: Config } | { ok: false; errors: FieldError[] };

function lineOf(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
  // A missing field has no node: point at the closest ancestor that exists.
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
    if (length > 0) {
      // A key whose value is empty/null: find the pair's key node in its parent map.
      const parent = doc.getIn(path.slice(0, length - 1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
      const pair = parent?.items?.find((item) => isScalar(item.key) && item.key.value === path[length - 1]);
      if (pair?.key?.range) return counter.linePos(pair.key.range[0]).line;
    }
  }
  return undefined;
}

export interface LoadOptions {
  /** `lookout validate --allow-missing-env`: a placeholder instead of an error for unset variables. */
  readonly allowMissingEnv?: boolean;
}

export function loadConfigText(text: string, env: Env, options: LoadOptions = {}): LoadResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => ({
        path: [],
        message: `YAML syntax: ${error.message.split('\n')[0]}`,
        line: error.linePos?.[0]?.line ?? counter.linePos(error.pos[0]).line,
      })),
    };
  }

  const errors: FieldError[] = [];
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const { value, missing } = interpolate(node.value, env, options.allowMissingEnv);
      node.value = value;
      if (options.allowMissingEnv) return;
      for (const name of missing) {
        errors.push({
          path: pathOf(ancestors, node),
          message: `environment variable ${name} is not set (use \${${name}:-fallback} for a default)`,
          line: node.range ? counter.linePos(node.range[0]).line : undefined,
        });
      }
    },
  });

  const raw: unknown = doc.toJS() ?? {};
  const parsed = fileInput.safeParse(raw);
  if (!parsed.success) errors.push(...fieldErrors(parsed.issues));
  errors.push(...crossFieldErrors(raw));
  if (errors.length === 0 && parsed.success) {
    const defaults = parsed.data.defaults ?? {};
    const monitors: MonitorSpec[] = [];
    parsed.data.monitors.forEach((input, index) => {
      const resolved = resolveMonitor(input, defaults);
      if (resolved.ok) monitors.push(resolved.spec);
      else for (const issue of resolved.issues) errors.push({ path: ['monitors', index, ...issue.path], message: issue.message });
    });
    if (errors.length === 0) return { ok: true, config: { defaults, monitors, ...alertingConfig(parsed.data) } };
  }
  const located = errors.map((error) => ({ ...error, line: error.line ?? lineOf(doc, counter, error.path) }));
  // In file order, as one reads and fixes them; errors without a line concern the whole file.
  return { ok: false, errors: located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** Path of a scalar from the visitor's ancestors (Document, YAMLMap, Pair, YAMLSeq ...). */
function pathOf(ancestors: readonly unknown[], node: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  const chain = [...ancestors, node];
  for (let index = 1; index < chain.length; index++) {
    const parent = chain[index - 1] as { items?: unknown[]; key?: { value?: unknown } };
    const child = chain[index];
    if (parent && 'key' in parent && parent.key && typeof parent.key === 'object' && 'value' in parent.key) {
      if (child !== parent.key) path.push(String(parent.key.value));
    } else if (parent?.items) {
      const position = parent.items.indexOf(child);
      if (position >= 0 && !(child && typeof child === 'object' && 'key' in child)) path.push(position);
    }
  }
  return path;
}
