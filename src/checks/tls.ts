/** Certificate facts from the TLS socket a check used, and plain words for verify errors. */
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { TlsFacts } from './types.js';
import { isoString } from '../util/time.js';

const DAY_MS = 86_400_000;

const VERIFY_REASONS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain has a self-signed root that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate issuer is unknown or the chain is incomplete',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is unknown or the chain is incomplete',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  CERT_REVOKED: 'certificate revoked',
};

export function tlsVerifyReason(code: string, host: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altnames|Hostname\/IP does not match/i.test(code)) {
    return `certificate does not match host ${host}`;
  }
  return VERIFY_REASONS[code] ?? `certificate not trusted (${code})`;
}

function name(part: PeerCertificate['subject'] | undefined): string {
  if (!part) return '';
  const fields = part as unknown as Record<string, string | string[] | undefined>;
  const first = (key: string): string | undefined => {
    const value = fields[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return first('CN') ?? first('O') ?? '';
}

export function certificateFacts(socket: TLSSocket, host: string, now: number): TlsFacts | null {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0 || !cert.valid_to) return null;
  const validTo = new Date(cert.valid_to);
  const error = socket.authorized ? null : tlsVerifyReason(String(socket.authorizationError ?? 'unknown'), host);
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    sans: (cert.subjectaltname ?? '')
      .split(',')
      .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ''))
      .filter(Boolean),
    validFrom: isoString(Date.parse(cert.valid_from)),
    validTo: isoString(validTo.getTime()),
    daysRemaining: Math.floor((validTo.getTime() - now) / DAY_MS),
    authorized: socket.authorized,
    error,
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
  };
}
