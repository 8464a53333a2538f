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
import { unmatchedScopes } from '../alerts/maintenance.js';

export interface Config extends AlertingConfig {
  readonly defaults: ParsedDefaults;
  readonly monitors: readonly MonitorSpec[];
}

export type LoadResult = { ok: true; config: Config } | { ok: false; errors: FieldError[] };

function lineOf(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
  // A missing field has no node: point at the closest ancestor that exists.
  for (let length = path.length; length >= 0; length--) {
    // A field's line is its key's: a block value (`monitor:` then its items) starts a line
    // later, and an empty one has no node at all.
    if (length > 0 && typeof path[length - 1] === 'string') {
      const parent = doc.getIn(path.slice(0, length - 1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
      const pair = parent?.items?.find((item) => isScalar(item.key) && item.key.value === path[length - 1]);
      if (pair?.key?.range) return counter.linePos(pair.key.range[0]).line;
    }
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

export interface CheckOptions {
  /**
   * `lookout validate --allow-missing-env` (CI without the secrets): an unset variable is no
   * error, and a value that depends on one is not checked for its format, which cannot be known.
   */
  readonly allowMissingEnv?: boolean;
}

/**
 * What `lookout validate` needs: the errors, or how many monitors the file declares and its
 * warnings (valid, but likely a mistake: maintenance windows naming no monitor of the file).
 */
export type CheckResult = { ok: true; monitors: number; warnings: string[] } | { ok: false; errors: FieldError[] };

/** The complete Config of serve and render: every variable must be set. */
export function loadConfigText(text: string, env: Env): LoadResult {
  const { errors, config } = analyse(text, env, {});
  return config ? { ok: true, config } : { ok: false, errors };
}

export function checkConfigText(text: string, env: Env, options: CheckOptions = {}): CheckResult {
  const { errors, monitors, config } = analyse(text, env, options);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, monitors, warnings: config ? unmatchedScopes(config.maintenance, config.monitors) : [] };
}

/** The errors; the Config when there are none and every value is known. */
function analyse(text: string, env: Env, options: CheckOptions): { errors: FieldError[]; config: Config | null; monitors: number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => ({
      path: [],
      // The library's own text for it points at an API ("use parseAllDocuments()").
      message: error.code === 'MULTIPLE_DOCS' ? 'the file must hold one YAML document: remove the `---` separator' : `YAML syntax: ${error.message.split('\n')[0]}`,
      line: error.linePos?.[0]?.line ?? counter.linePos(error.pos[0]).line,
    }));
    return { errors, config: null, monitors: 0 };
  }

  const errors: FieldError[] = [];
  // Paths (as JSON) of the values that depend on an unset variable.
  const unknown = new Set<string>();
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const { value, missing } = interpolate(node.value, env, options.allowMissingEnv);
      node.value = value;
      if (missing.length === 0) return;
      // Its form cannot be judged either way: with the variable missing, `url: ${SHOP_URL}` also
      // read 'expected an http:// or https:// URL, got ""', a second error for one cause.
      unknown.add(JSON.stringify(pathOf(ancestors, node)));
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
  const known = (path: readonly (string | number)[]): boolean => !unknown.has(JSON.stringify(path));

  const raw: unknown = doc.toJS();
  // Nothing but comments is a truncated or half-written file far more often than a wish for no
  // monitors: applied, it would stop every file monitor.
  if (raw === null || raw === undefined) {
    return { errors: [{ path: [], message: 'monitors.yaml is empty: declare `monitors: []` for no monitors' }], config: null, monitors: 0 };
  }
  const parsed = fileInput.safeParse(raw);
  // A value of the wrong type (text where a number belongs) is wrong whatever the variable holds:
  // only the format of an unknown value is left unchecked.
  if (!parsed.success) errors.push(...fieldErrors(parsed.issues.filter((issue) => issue.shallow || known(issue.path))));
  errors.push(...crossFieldErrors(raw).filter((error) => known(error.path)));
  const monitors = Array.isArray((raw as { monitors?: unknown }).monitors) ? (raw as { monitors: unknown[] }).monitors.length : 0;
  if (errors.length === 0 && parsed.success) {
    const defaults = parsed.data.defaults ?? {};
    const specs: MonitorSpec[] = [];
    parsed.data.monitors.forEach((input, index) => {
      const resolved = resolveMonitor(input, defaults);
      if (resolved.ok) specs.push(resolved.spec);
      else for (const issue of resolved.issues) errors.push({ path: ['monitors', index, ...issue.path], message: issue.message });
    });
    if (errors.length === 0) return { errors, config: { defaults, monitors: specs, ...alertingConfig(parsed.data) }, monitors };
  }
  const located = errors.map((error) => ({ ...error, line: error.line ?? lineOf(doc, counter, error.path) }));
  // In file order, as one reads and fixes them; errors without a line concern the whole file.
  return { errors: located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), config: null, monitors };
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
