/** Reads a JSON request body: 415 for another type, 413 past the limit, 400 if not an object. */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonObject(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // merge-patch+json is the media type of a JSON merge patch (RFC 7396), which PATCH takes.
  if (type !== 'application/json' && type !== 'application/merge-patch+json') {
    throw new HttpError(415, 'unsupported_media_type', `expected Content-Type: application/json, got ${type ? JSON.stringify(type) : 'none'}`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `body is ${declared} bytes; the limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'payload_too_large', `body is over the limit of ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid', 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
