/** Plain words for the ways a request fails, as users read them in alerts and the API. */
import { formatDuration } from '../config/duration.js';
import type { StatusRange } from '../config/schema.js';

/** Raised by our connector when a certificate fails verification; carries the reason. */
export class TlsVerifyError extends Error {
  override readonly name = 'TlsVerifyError';
}

function codeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  // Only string codes: a DOMException (an aborted request) has a numeric `code`.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function hasName(error: unknown, name: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if ((current as { name?: unknown }).name === name) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps a thrown network error to a reason: "connection refused", "DNS lookup failed", ... */
export function networkReason(error: unknown, host: string, timedOut: boolean, timeout: number): string {
  if (timedOut) return `timeout after ${formatDuration(timeout)}`;
  if (error instanceof TlsVerifyError) return error.message;
  const code = codeOf(error);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return `DNS lookup failed for ${host}`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timeout after ${formatDuration(timeout)}`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'connection closed before a complete response';
    case 'UND_ERR_INFO':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'invalid HTTP response';
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'TLS handshake failed';
  }
  // undici's HTTPParserError carries no code (undici 7.x looks the code up in the wrong table).
  if (code.startsWith('HPE_') || hasName(error, 'HTTPParserError')) return 'invalid HTTP response';
  if (code.startsWith('ERR_SSL_')) return 'TLS handshake failed';
  const message = error instanceof Error ? error.message : String(error);
  if (/other side closed|socket hang up|closed/i.test(message)) return 'connection closed before a complete response';
  if (/ssl|tls/i.test(message)) return `TLS handshake failed: ${message}`;
  return message || 'request failed';
}

export function formatRanges(ranges: readonly StatusRange[]): string {
  return ranges.map(([low, high]) => (low === high ? String(low) : `${low}-${high}`)).join(', ');
}

export function statusReason(status: number, ranges: readonly StatusRange[]): string | null {
  return ranges.some(([low, high]) => status >= low && status <= high) ? null : `status ${status}, expected ${formatRanges(ranges)}`;
}
