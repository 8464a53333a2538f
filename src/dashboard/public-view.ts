/**
 * What of a monitor may appear on the public dashboard. Stricter than the API's redaction: the
 * dashboard is meant to be copied to any static host, so a URL loses its user info and fragment
 * always, and its query string unless the monitor opts in with `showQuery: true`; even then,
 * secret-looking parameters show as REDACTED, as in the API. Free text from checks (failure
 * reasons) is scrubbed of the monitor's secrets and of any URL in it.
 */
import type { MonitorSpec } from '../config/schema.js';
import { REDACTED, redactQuery, scrub, secretsOf } from '../util/redact.js';

type UrlFields = Pick<MonitorSpec, 'url' | 'showQuery'>;

function cutUrl(text: string, showQuery: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '';
  }
  // Each setter only when there is something to cut: assigning search builds the URL's
  // URLSearchParams, which was half the cost of a cold full rendering's thousand URLs.
  if (url.username !== '') url.username = '';
  if (url.password !== '') url.password = '';
  if (url.hash !== '') url.hash = '';
  if (url.search !== '') {
    // Opting in shows what a query says (`?region=eu`), never the secrets the API hides too.
    const search = showQuery ? redactQuery(url.search) : '';
    if (search !== url.search) url.search = search;
  }
  return url.href;
}

/**
 * Specs are immutable (a change makes a new one), so each one's public URL is worked out once:
 * every regeneration shows every monitor's card, and a URL parsed per card was a thousand
 * URL objects every 5 s at 1,000 monitors.
 */
const urlBySpec = new WeakMap<UrlFields, string>();

/** The URL as a visitor may see it; text that is not a URL becomes an empty string. */
export function publicUrl(spec: UrlFields): string {
  let url = urlBySpec.get(spec);
  if (url === undefined) {
    url = cutUrl(spec.url, spec.showQuery);
    urlBySpec.set(spec, url);
  }
  return url;
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * A failure reason fit for the public page: the monitor's secrets (header values, URL
 * password, secret-looking query values) replaced, and every URL in the text cut down the same
 * way as the monitor's own URL. Returns null for null.
 */
type ReasonFields = Pick<MonitorSpec, 'url' | 'showQuery' | 'headers' | 'body'>;

/** Their secrets, likewise. */
const secretsBySpec = new WeakMap<ReasonFields, string[]>();

function hiddenValues(spec: ReasonFields): string[] {
  let secrets = secretsBySpec.get(spec);
  if (secrets) return secrets;
  secrets = secretsOf(spec);
  try {
    const url = new URL(spec.url);
    if (url.username) secrets.push(url.username);
    if (!spec.showQuery && url.search.length > 1) secrets.push(url.search.slice(1));
  } catch {
    // not a URL: nothing more to hide
  }
  secrets = secrets.filter((secret) => secret.length >= 3);
  secretsBySpec.set(spec, secrets);
  return secrets;
}

export function publicReason(reason: string | null, spec: ReasonFields): string | null {
  if (reason === null) return null;
  const scrubbed = scrub(reason, hiddenValues(spec));
  return scrubbed.replace(URL_IN_TEXT, (match) => cutUrl(match, false) || REDACTED);
}
