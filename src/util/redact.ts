/**
 * Secrets never leave the process: passwords in URLs, tokens in query strings and header
 * values are replaced before anything reaches an API answer, a log line or dist/.
 */
export const REDACTED = '[redacted]';
const ENCODED_REDACTED = encodeURIComponent(REDACTED);

/**
 * A query parameter is a secret when its name, in any case and without separators
 * (`X-Amz-Signature` -> `xamzsignature`), contains one of these words or is one of the short
 * names: an exact list missed client_secret, refresh_token, passwd, X-Amz-Credential and the
 * like. Redacting a harmless `author` too is the lesser mistake.
 */
const SECRET_QUERY_WORDS = /token|secret|passw|pwd|credential|signature|jwt|apikey|accesskey|privatekey|session|auth/;
const SECRET_QUERY_NAMES = new Set(['key', 'sig', 'code', 'pass']);

/** Whether a query parameter's value is to be treated as a secret, shown and logged as REDACTED. */
function isSecretQueryName(name: string): boolean {
  const folded = name.toLowerCase().replace(/[-_.\s]/g, '');
  return SECRET_QUERY_NAMES.has(folded) || SECRET_QUERY_WORDS.test(folded);
}
/** Header values that are never secrets and help a user recognise the monitor. */
const HARMLESS_HEADERS = new Set(['accept', 'accept-language', 'accept-encoding', 'content-type', 'user-agent', 'cache-control', 'host']);

export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.password) url.password = REDACTED;
  if (url.search !== '') {
    const search = redactQuery(url.search);
    if (search !== url.search) url.search = search;
  }
  // The password setter percent-encodes the marker's brackets.
  return url.href.replaceAll(ENCODED_REDACTED, REDACTED);
}

/** A query string (`url.search`) with the values of secret-looking parameters REDACTED. */
export function redactQuery(search: string): string {
  return mapQuery(search, (name) => (isSecretQueryName(name) ? REDACTED : undefined));
}

/**
 * Whether a raw (percent-encoded) URL component is the marker, as a client copying a redacted
 * URL back may send it: `[redacted]`, or `%5Bredacted%5D` once something has encoded it.
 */
export function isRedactedComponent(raw: string): boolean {
  return decodeQueryText(raw) === REDACTED;
}

/**
 * A query string (`?a=1&b=2`, as `url.search` gives it) with the raw value of each parameter
 * replaced by what `replace(name, rawValue)` returns, or kept when it returns undefined; `name`
 * is decoded as URLSearchParams would. Kept parameters stay byte for byte: re-serialising through
 * URLSearchParams would re-encode them (`%20` -> `+`), and a redacted URL sent back would no
 * longer be the URL it came from.
 */
export function mapQuery(search: string, replace: (name: string, rawValue: string) => string | undefined): string {
  if (search.length <= 1) return search;
  const parts = search.slice(1).split('&').map((part) => {
    if (part === '') return part;
    const equals = part.indexOf('=');
    const rawName = equals === -1 ? part : part.slice(0, equals);
    const value = replace(decodeQueryText(rawName), equals === -1 ? '' : part.slice(equals + 1));
    return value === undefined ? part : `${rawName}=${value}`;
  });
  return `?${parts.join('&')}`;
}

function decodeQueryText(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, HARMLESS_HEADERS.has(name.toLowerCase()) ? value : REDACTED]));
}

/** Every secret-looking value in a monitor, for scrubbing free text such as error messages. */
export function secretsOf(spec: { readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body: string | null }): string[] {
  const secrets: string[] = [];
  try {
    const url = new URL(spec.url);
    if (url.password) secrets.push(decodeURIComponent(url.password), url.password);
    // Decoded and as written: a reason quoting a URL (a redirect's Location) carries it encoded.
    if (url.search !== '') {
      mapQuery(url.search, (name, rawValue) => {
        if (isSecretQueryName(name) && rawValue) secrets.push(rawValue, decodeQueryText(rawValue));
        return undefined;
      });
    }
  } catch {
    // not a URL: nothing to collect
  }
  for (const [name, value] of Object.entries(spec.headers)) {
    if (!HARMLESS_HEADERS.has(name.toLowerCase()) && value.length >= 4) secrets.push(value);
    // "Bearer abc": the token alone may show up elsewhere too.
    const token = /^\w+\s+(\S{4,})$/.exec(value)?.[1];
    if (token) secrets.push(token);
  }
  return [...new Set(secrets)].filter((secret) => secret.length >= 4);
}

/** Any URL in free text (a failure reason quoting a redirect's Location) redacted as redactUrl does. */
export function redactUrlsIn(text: string): string {
  return text.includes('://') ? text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url)) : text;
}

export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
