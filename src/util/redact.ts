/**
 * Secrets never leave the process: passwords in URLs, tokens in query strings and header
 * values are replaced before anything reaches an API answer, a log line or dist/.
 */
export const REDACTED = '[redacted]';

const SECRET_QUERY = /^(token|access_token|api[_-]?key|apikey|key|secret|password|pass|pwd|auth|signature|sig|code)$/i;
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
  // url.searchParams is built on first use: not for the many URLs without a query.
  if (url.search !== '') {
    for (const key of [...url.searchParams.keys()]) {
      if (SECRET_QUERY.test(key)) url.searchParams.set(key, REDACTED);
    }
  }
  return url.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
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
    // url.searchParams is built on first use: not for the many URLs without a query.
    if (url.search !== '') for (const [key, value] of url.searchParams) if (SECRET_QUERY.test(key) && value) secrets.push(value);
  } catch {
    // not a URL: nothing to collect
  }
  for (const [name, value] of Object.entries(spec.headers)) {
    if (!HARMLESS_HEADERS.has(name.toLowerCase()) && value.length >= 4) secrets.push(value);
    // "Bearer abc": the token alone may show up elsewhere too.
    const token = /^\w+\s+(\S{4,})$/.exec(value)?.[1];
    if (token) secrets.push(token);
  }
  return secrets.filter((secret) => secret.length >= 4);
}

export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
