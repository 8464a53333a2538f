/**
 * Certificates made in the test process with node-forge: a private CA and the leaves a TLS check
 * has to tell apart (trusted, expired, self-signed, wrong host, expiring in N days).
 *
 * RSA keys come from node:crypto (forge's own key generation takes seconds); one CA key and one
 * leaf key are made per process and shared by every leaf, so a whole test file pays for two keys.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export const DAY_MS = 86_400_000;

/** PEM key and certificate for a server, plus the facts a test asserts against. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  readonly subject: string;
  readonly issuer: string;
  readonly sans: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface TestCa {
  /** The CA certificate (PEM): give it to a client to trust every leaf signed here. */
  readonly cert: string;
  readonly key: string;
  readonly subject: string;
}

export interface LeafOptions {
  readonly commonName?: string;
  /** DNS names and IP addresses; default localhost and 127.0.0.1. */
  readonly sans?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Sign with the leaf's own key instead of the test CA. */
  readonly selfSigned?: boolean;
}

export const CA_NAME = 'Lookout Test CA';
export const LEAF_SANS: readonly string[] = ['localhost', '127.0.0.1'];

/**
 * Slack added to "valid for N days" so that daysRemaining (rounded down) is still exactly N when
 * the test checks it a few seconds later.
 */
const DAYS_SLACK_MS = 10 * 60_000;

interface KeyPair {
  readonly privatePem: string;
  readonly privateKey: forge.pki.rsa.PrivateKey;
  readonly publicKey: forge.pki.rsa.PublicKey;
}

function makeKeyPair(): KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privatePem: privateKey, privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

let caCache: { ca: TestCa; keys: KeyPair; certificate: forge.pki.Certificate } | undefined;
let leafKeysCache: KeyPair | undefined;
const leafCache = new Map<string, TestCertificate>();

function serialNumber(): string {
  // Positive (leading 0x01) and unique, as X.509 asks.
  return `01${randomBytes(8).toString('hex')}`;
}

function caState() {
  if (caCache) return caCache;
  const keys = makeKeyPair();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = serialNumber();
  certificate.validity.notBefore = new Date(Date.now() - DAY_MS);
  certificate.validity.notAfter = new Date(Date.now() + 3650 * DAY_MS);
  const attributes = [{ name: 'commonName', value: CA_NAME }, { name: 'organizationName', value: 'Lookout tests' }];
  certificate.setSubject(attributes);
  certificate.setIssuer(attributes);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  caCache = { ca: { cert: forge.pki.certificateToPem(certificate), key: keys.privatePem, subject: CA_NAME }, keys, certificate };
  return caCache;
}

function leafKeys(): KeyPair {
  leafKeysCache ??= makeKeyPair();
  return leafKeysCache;
}

function isIp(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(':');
}

/** The process-wide test CA. */
export function testCa(): TestCa {
  return caState().ca;
}

/** A new leaf certificate (not cached): signed by the test CA unless `selfSigned`. */
export function makeLeaf(options: LeafOptions = {}): TestCertificate {
  const keys = leafKeys();
  const commonName = options.commonName ?? 'localhost';
  const sans = options.sans ?? LEAF_SANS;
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = serialNumber();
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
  certificate.setSubject([{ name: 'commonName', value: commonName }]);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: sans.map((entry) => (isIp(entry) ? { type: 7, ip: entry } : { type: 2, value: entry })) },
  ]);
  let issuer = commonName;
  if (options.selfSigned) {
    certificate.setIssuer([{ name: 'commonName', value: commonName }]);
    certificate.sign(keys.privateKey, forge.md.sha256.create());
  } else {
    const ca = caState();
    certificate.setIssuer(ca.certificate.subject.attributes);
    certificate.sign(ca.keys.privateKey, forge.md.sha256.create());
    issuer = CA_NAME;
  }
  return {
    key: keys.privatePem,
    cert: forge.pki.certificateToPem(certificate),
    subject: commonName,
    issuer,
    sans: [...sans],
    // X.509 keeps whole seconds.
    notBefore: new Date(Math.floor(notBefore.getTime() / 1000) * 1000),
    notAfter: new Date(Math.floor(notAfter.getTime() / 1000) * 1000),
  };
}

function cached(name: string, make: () => TestCertificate): TestCertificate {
  let certificate = leafCache.get(name);
  if (!certificate) {
    certificate = make();
    leafCache.set(name, certificate);
  }
  return certificate;
}

/** localhost / 127.0.0.1, signed by the test CA, valid for a year. */
export function validLeaf(): TestCertificate {
  return cached('valid', () => makeLeaf());
}

/** localhost / 127.0.0.1, signed by the test CA, expired 2 days ago (daysRemaining -2). */
export function expiredLeaf(): TestCertificate {
  return cached('expired', () => leafValidForDays(-2));
}

/** localhost / 127.0.0.1, signed by itself. */
export function selfSignedLeaf(): TestCertificate {
  return cached('self-signed', () => makeLeaf({ selfSigned: true }));
}

/** Signed by the test CA for other.example only: wrong for localhost and 127.0.0.1. */
export function wrongHostLeaf(): TestCertificate {
  return cached('wrong-host', () => makeLeaf({ commonName: 'other.example', sans: ['other.example'] }));
}

/**
 * A leaf signed by the test CA that expires `days` days from now (negative: expired that many
 * days ago), with a few minutes of slack so a check made right after reports daysRemaining === days.
 * Pass `from` to count from an injected clock instead of Date.now().
 */
export function leafValidForDays(days: number, from: number = Date.now()): TestCertificate {
  const notAfter = new Date(from + days * DAY_MS + DAYS_SLACK_MS);
  const notBefore = new Date(Math.min(from, notAfter.getTime()) - 30 * DAY_MS);
  return makeLeaf({ notBefore, notAfter });
}
