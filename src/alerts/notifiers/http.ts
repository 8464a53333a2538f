/**
 * One HTTP request for a webhook notifier, with the answer turned into a delivery outcome:
 * 2xx is sent; 408, 425, 429 and 5xx are temporary (honouring Retry-After); other statuses are
 * permanent (a wrong URL or payload does not get better by retrying); network errors are temporary.
 */
import { Client, type ResponseData } from '../../util/undici.js';
import { networkReason } from '../../checks/reasons.js';
import { VERSION } from '../../version.js';
import { DeliveryError } from './types.js';

export const USER_AGENT = `Lookout/${VERSION} (alerts)`;

export interface HttpSend {
  readonly url: string;
  readonly method?: 'POST' | 'PUT' | 'PATCH';
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is; JSON unless a content-type header says otherwise. */
  readonly body: string;
  readonly signal: AbortSignal;
}

const TEMPORARY = new Set([408, 425, 429]);
const SNIPPET = 200;

/** Seconds or an HTTP date -> ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * The wait some services put in the answer's JSON instead of a Retry-After header: Telegram's
 * `{"parameters": {"retry_after": 7}}`, Discord's `{"retry_after": 1.5}` (seconds in both).
 */
export function retryAfterInBody(text: string): number | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const record = (value: unknown): Record<string, unknown> | null => (value && typeof value === 'object' ? (value as Record<string, unknown>) : null);
  const seconds = record(record(body)?.parameters)?.retry_after ?? record(body)?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
}

/** Sends the request; resolves on 2xx, throws a DeliveryError otherwise. */
export async function sendHttp(options: HttpSend): Promise<void> {
  const url = new URL(options.url);
  // A fresh connection per alert: alerts are rare, and a pooled socket the receiver closed
  // meanwhile would fail the attempt for nothing.
  const client = new Client(url.origin, { headersTimeout: 0, bodyTimeout: 0 });
  let response: ResponseData;
  let text = '';
  try {
    try {
      const request = client.request({
        path: url.pathname + url.search,
        method: options.method ?? 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...options.headers },
        body: options.body,
        signal: options.signal,
      });
      response = await untilAborted(request, options.signal);
    } catch (error) {
      throw abortedOr(options.signal, () => new DeliveryError(networkReason(error, url.hostname, false, 0), false));
    }
    try {
      text = (await response.body.text()).slice(0, 2000);
    } catch (error) {
      if (options.signal.aborted) throw abortedOr(options.signal, () => new DeliveryError('aborted', false));
      // The status line is what matters; a body cut short after it is not a failure.
      void error;
    }
  } finally {
    client.destroy().catch(() => {});
  }
  const status = response.statusCode;
  if (status >= 200 && status < 300) return;
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET);
  const message = `HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
  if (status >= 500 || TEMPORARY.has(status)) throw new DeliveryError(message, false, retryAfterMs(response.headers['retry-after']) ?? retryAfterInBody(text));
  if (status >= 300 && status < 400) throw new DeliveryError(`${message} (redirected to ${String(response.headers.location ?? '?')}; configure the final URL)`, true);
  throw new DeliveryError(message, true);
}

/**
 * The promise, or the abort (as `abortedOr` words it) as soon as the signal fires: a send must
 * end at the channel's timeout whatever the library under it does. undici sees a request's
 * signal only once it holds a connection, so a receiver that accepts TCP but never finishes the
 * TLS handshake held the attempt for undici's own connect timeout (10 s); nodemailer has no
 * signal at all.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      // The race is lost: the promise's own late rejection is nobody's business.
      promise.catch(() => {});
      reject(abortedOr(signal, () => new DeliveryError('aborted', false)));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The abort reason when the signal fired (timeout or shutdown), else the given error. */
export function abortedOr(signal: AbortSignal, otherwise: () => DeliveryError): DeliveryError {
  if (signal.aborted) return signal.reason instanceof DeliveryError ? signal.reason : new DeliveryError(String((signal.reason as Error)?.message ?? 'aborted'), false);
  return otherwise();
}
