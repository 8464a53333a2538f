/**
 * The API shows a monitor's secrets as REDACTED, so a client that reads a monitor, edits it and
 * sends it back sends the marker where each secret was. Like any write-only secret, the marker
 * there means "keep what is stored"; stored as such, the monitor would send `Authorization:
 * [redacted]` to its target. Pure.
 */
import type { MonitorSpec } from '../config/schema.js';
import { isRecord } from '../config/kit.js';
import { isRedactedComponent, mapQuery, REDACTED } from '../util/redact.js';

export interface PlaceholderError {
  readonly field: string;
  readonly message: string;
}

const NOTHING_TO_KEEP = `is the redaction placeholder "${REDACTED}", with no stored value to keep (none stored, or the URL's host changed): send the real value`;


/**
 * The body with every marker replaced by the stored value it stands for, `stored` being the
 * monitor's current spec (null on create): a header whose value is the marker keeps the stored
 * header of that name (any case), a URL password or query value that is the marker keeps the
 * stored password or that parameter's stored value, a marker body keeps the stored body. A
 * marker with nothing stored to keep is an error naming its field; it is never stored.
 */
export function keepRedacted(body: Readonly<Record<string, unknown>>, stored: MonitorSpec | null): { ok: true; body: Record<string, unknown> } | { ok: false; errors: PlaceholderError[] } {
  const errors: PlaceholderError[] = [];
  const kept: Record<string, unknown> = { ...body };
  // Stored secrets go only where they went: with a new origin (scheme, host, port), keeping them
  // would let a token holder send them to a server of their choosing and read them there.
  if (stored !== null && typeof body.url === 'string' && parse(body.url)?.origin !== parse(stored.url)?.origin) stored = null;

  if (typeof body.url === 'string') {
    const url = keepInUrl(body.url, stored?.url ?? null);
    if (typeof url === 'string') kept.url = url;
    else errors.push(...url.map((part) => ({ field: 'url', message: `${part} ${NOTHING_TO_KEEP}` })));
  }

  if (isRecord(body.headers)) {
    const headers: Record<string, unknown> = { ...body.headers };
    const storedNames = new Set(Object.keys(stored?.headers ?? {}).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(headers)) {
      if (value !== REDACTED) continue;
      // Left out of the merge patch, the stored header stays as it is, under its own spelling,
      // and one that comes from `defaults:` keeps following them.
      if (storedNames.has(name.toLowerCase())) delete headers[name];
      else errors.push({ field: `headers.${name}`, message: NOTHING_TO_KEEP });
    }
    kept.headers = headers;
  }

  if (body.body === REDACTED) {
    if (stored?.body != null) delete kept.body;
    else errors.push({ field: 'body', message: NOTHING_TO_KEEP });
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, body: kept };
}

/**
 * The URL with a marker password or query value swapped for the stored one, or the parts that
 * have none to keep. Query parameters are matched by name and by order among those of the same
 * name; nothing else need match (the host or path may change). A URL without a marker, or not a
 * URL at all (validation reports that), comes back as sent.
 */
function keepInUrl(text: string, storedText: string | null): string | string[] {
  const url = parse(text);
  if (url === null) return text;
  const stored = parse(storedText);
  const missing: string[] = [];
  let changed = false;

  if (url.password !== '' && isRedactedComponent(url.password)) {
    if (stored && stored.password !== '') {
      url.password = stored.password;
      changed = true;
    } else {
      missing.push('the password');
    }
  }

  if (url.search.length > 1) {
    const storedValues = rawQueryValues(stored);
    const seen = new Map<string, number>();
    const search = mapQuery(url.search, (name, rawValue) => {
      const index = seen.get(name) ?? 0;
      seen.set(name, index + 1);
      if (!isRedactedComponent(rawValue)) return undefined;
      const value = storedValues.get(name)?.[index];
      if (value === undefined) missing.push(`query parameter "${name}"`);
      return value;
    });
    if (search !== url.search) {
      url.search = search;
      changed = true;
    }
  }

  if (missing.length > 0) return missing;
  return changed ? url.href : text;
}

/** Each parameter's raw values, in order, by decoded name. */
function rawQueryValues(url: URL | null): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (url === null) return values;
  mapQuery(url.search, (name, rawValue) => {
    values.set(name, [...(values.get(name) ?? []), rawValue]);
    return undefined;
  });
  return values;
}

function parse(text: string | null): URL | null {
  if (text === null) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
