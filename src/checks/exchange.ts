/**
 * One request and its answer over an undici Client, through the dispatcher's handler API rather
 * than `client.request()`: a check needs the status, the Location header and the first MiB of
 * the body, not a response stream, a header object and an async iterator. At 1,000 monitors,
 * side by side: 7 % less CPU per check (0.818 -> 0.762 ms, minutes 4-5 of a run).
 */
import type { Client } from '../util/undici.js';

export interface ExchangeRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export interface Exchange {
  readonly statusCode: number;
  /** The Location header's value, or null. */
  readonly location: string | null;
  /** The body as text, cut at the cap. */
  readonly body: string;
}

type Abort = (reason?: Error) => void;

const LOCATION = 'location';

/**
 * Sends `request` and settles with the answer once the body has ended or reached `capBytes`
 * (the caller destroys the client either way), or with the error that ended it. `signal`
 * rejects at once with its reason, even while the connection is still being made.
 * `onHeaders` is called when the status line and headers have arrived (first byte).
 */
export function exchange(client: Client, request: ExchangeRequest, signal: AbortSignal, capBytes: number, onHeaders?: () => void): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    let settled = false;
    let abortRequest: Abort | null = null;
    let statusCode = 0;
    let location: string | null = null;
    let chunks: Buffer[] = [];
    let size = 0;

    const done = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) return reject(error);
      const body = chunks.length === 1 ? chunks[0]!.toString('utf8', 0, Math.min(size, capBytes)) : Buffer.concat(chunks, Math.min(size, capBytes)).toString('utf8');
      chunks = [];
      resolve({ statusCode, location, body });
    };
    const reason = (): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    function onAbort(): void {
      done(reason());
      abortRequest?.(reason());
    }
    if (signal.aborted) return done(reason());
    signal.addEventListener('abort', onAbort, { once: true });

    // undici's original handler interface (onConnect/onHeaders/onData/onComplete/onError) hands
    // over the raw header list; its newer one parses it into an object first.
    const handler = {
      onConnect(abort: Abort): void {
        if (settled) abort(reason());
        else abortRequest = abort;
      },
      onHeaders(code: number, rawHeaders: Buffer[]): boolean {
        // 1xx answers (100 Continue, 103 Early Hints) come before the real one.
        if (code < 200) return true;
        statusCode = code;
        for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
          const name = rawHeaders[index]!;
          if (name.length === LOCATION.length && name.toString('latin1').toLowerCase() === LOCATION) {
            location = rawHeaders[index + 1]!.toString('utf8');
            break;
          }
        }
        onHeaders?.();
        return true;
      },
      onData(chunk: Buffer): boolean {
        if (settled) return true;
        chunks.push(chunk);
        size += chunk.length;
        // Enough for the keyword checks: answer now; the caller's destroy ends the download.
        if (size >= capBytes) done(null);
        return true;
      },
      onComplete(): void {
        done(null);
      },
      onError(error: Error): void {
        done(error);
      },
    };
    try {
      client.dispatch(
        { path: request.path, method: request.method as 'GET', headers: request.headers, body: request.body ?? undefined },
        handler as unknown as Parameters<Client['dispatch']>[1],
      );
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
