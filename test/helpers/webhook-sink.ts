/**
 * A real local HTTP receiver for webhook alerts: a test target (see targets.ts) that also parses
 * JSON bodies and verifies Lookout's signature the way the README tells receivers to.
 *
 *   const sink = await startWebhookSink();
 *   sink.setBehaviour(sequence(respond(500), respond(200)));   // fail once, then accept
 *   await sink.waitForRequests(2);
 *   expect(verifySignature(sink.requests[1]!, 'the-secret').ok).toBe(true);
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { startTarget, type RecordedRequest, type Target, type TargetOptions } from './targets.js';

export interface WebhookSink extends Target {
  /** The JSON body of each request so far. */
  bodies(): unknown[];
}

export async function startWebhookSink(options: TargetOptions = {}): Promise<WebhookSink> {
  const target = await startTarget(options);
  return Object.assign(target, {
    bodies: () => target.requests.map((request) => JSON.parse(request.body) as unknown),
  });
}

/**
 * The receiver's side of X-Lookout-Signature, as documented: recompute HMAC-SHA256 over
 * "<timestamp>.<raw body>", compare in constant time, reject timestamps off by more than 5 minutes.
 */
export function verifySignature(request: Pick<RecordedRequest, 'headers' | 'body'>, secret: string, now = Date.now(), toleranceSeconds = 300): { ok: boolean; reason: string } {
  const timestamp = String(request.headers['x-lookout-timestamp'] ?? '');
  const signature = String(request.headers['x-lookout-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || !signature.startsWith('sha256=')) return { ok: false, reason: 'missing signature headers' };
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'timestamp too old (replay?)' };
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  const ok = expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return { ok, reason: ok ? 'valid' : 'signature mismatch' };
}
