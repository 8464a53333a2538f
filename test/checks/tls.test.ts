import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpChecker } from '../../src/checks/http.js';
import type { CheckResult, TlsFacts } from '../../src/checks/types.js';
import { CA_NAME, DAY_MS, expiredLeaf, leafValidForDays, selfSignedLeaf, testCa, validLeaf, wrongHostLeaf, type TestCertificate } from '../helpers/certs.js';
import { redirect, respond, specFor, startTarget, type Target } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';

const ca = testCa().cert;
/** Trusts the test CA, as a user with an internal CA would configure it. */
const checker = createHttpChecker({ ca });

let trusted: Target;
let expired: Target;
let selfSigned: Target;
let wrongHost: Target;
let plain: Target;

beforeAll(async () => {
  [trusted, expired, selfSigned, wrongHost, plain] = await Promise.all([
    startTarget({ tls: validLeaf() }),
    startTarget({ tls: expiredLeaf() }),
    startTarget({ tls: selfSignedLeaf() }),
    startTarget({ tls: wrongHostLeaf() }),
    startTarget(),
  ]);
});

afterAll(async () => {
  await Promise.all([trusted, expired, selfSigned, wrongHost, plain].map((target) => target?.close()));
});

function facts(result: CheckResult): TlsFacts {
  expect(result.tls, `no certificate facts in ${JSON.stringify(result)}`).not.toBeNull();
  return result.tls!;
}

/** Whole days from now until the certificate's notAfter, rounded down, as the check counts. */
function daysUntil(certificate: TestCertificate, now = Date.now()): number {
  return Math.floor((certificate.notAfter.getTime() - now) / DAY_MS);
}

describe('TLS check: trusted certificate', () => {
  it('is up and reports subject, issuer, names, expiry and trust', async () => {
    const leaf = validLeaf();
    const result = await checker.run(specFor({ url: trusted.urlFor('/') }));
    expect(result).toMatchObject({ status: 'up', httpStatus: 200, reason: null });
    expect(facts(result)).toMatchObject({
      subject: 'localhost',
      issuer: CA_NAME,
      sans: ['localhost', '127.0.0.1'],
      validTo: leaf.notAfter.toISOString(),
      validFrom: leaf.notBefore.toISOString(),
      daysRemaining: daysUntil(leaf),
      authorized: true,
      error: null,
    });
    expect(facts(result).fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(facts(result).serialNumber).toMatch(/^[0-9A-F]+$/i);
  });

  it('measures DNS, connect, TLS and first byte as separate phases that fit in the total', async () => {
    const result = await checker.run(specFor({ url: trusted.urlFor('/', 'localhost') }));
    expect(result.status).toBe('up');
    const { dns, connect, tls, firstByte } = result.phases;
    for (const phase of [dns, connect, tls, firstByte]) expect(phase).toEqual(expect.any(Number));
    expect(tls).toBeGreaterThan(0);
    expect(dns! + connect! + tls! + firstByte!).toBeLessThanOrEqual(result.totalMs + 0.5);
  });

  it('counts a slow TLS handshake as TLS time, not as waiting for the first byte', async () => {
    trusted.setHandshakeDelay(250);
    try {
      const result = await checker.run(specFor({ url: trusted.urlFor('/', 'localhost') }));
      expect(result.status).toBe('up');
      expect(result.phases.tls).toBeGreaterThanOrEqual(240);
      expect(result.phases.firstByte).toBeLessThan(150);
      expect(result.totalMs).toBeGreaterThanOrEqual(240);
    } finally {
      trusted.setHandshakeDelay(0);
    }
  });

  it('reports the full certificate again on the next check (no TLS session resumption)', async () => {
    const connectionsBefore = trusted.connections;
    const first = await checker.run(specFor({ url: trusted.urlFor('/') }));
    const second = await checker.run(specFor({ url: trusted.urlFor('/') }));
    expect(trusted.connections - connectionsBefore).toBe(2);
    expect(facts(second)).toEqual(facts(first));
    expect(second.phases.tls).toEqual(expect.any(Number));
  });

  it('is not trusted without the private CA: the issuer is unknown', async () => {
    const requestsBefore = trusted.requests.length;
    const result = await createHttpChecker().run(specFor({ url: trusted.urlFor('/') }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'certificate issuer is unknown or the chain is incomplete' });
    expect(facts(result)).toMatchObject({ authorized: false, subject: 'localhost' });
    expect(trusted.requests.length).toBe(requestsBefore);
  });

  it('counts days remaining from the injected clock', async () => {
    const leaf = validLeaf();
    const later = Date.now() + 200 * DAY_MS;
    const shifted = createHttpChecker({ ca, now: () => later });
    const result = await shifted.run(specFor({ url: trusted.urlFor('/') }));
    expect(result.at).toBe(later);
    expect(facts(result).daysRemaining).toBe(daysUntil(leaf, later));
    expect(facts(result).daysRemaining).toBeLessThan(daysUntil(leaf) - 199);
  });

  it.each([30, 14, 7, 1, 0])('reports daysRemaining %i for a certificate that expires in that many days', async (days) => {
    const target = await startTarget({ tls: leafValidForDays(days) });
    try {
      const result = await checker.run(specFor({ url: target.urlFor('/') }));
      expect(result.status).toBe('up');
      expect(facts(result).daysRemaining).toBe(days);
    } finally {
      await target.close();
    }
  });

  it('reports the renewed certificate once the target serves a new one', async () => {
    const target = await startTarget({ tls: leafValidForDays(5) });
    try {
      expect(facts(await checker.run(specFor({ url: target.urlFor('/') }))).daysRemaining).toBe(5);
      target.setCertificate(leafValidForDays(90));
      expect(facts(await checker.run(specFor({ url: target.urlFor('/') }))).daysRemaining).toBe(90);
    } finally {
      await target.close();
    }
  });

  it('reports the certificate of the URL checked when it redirects to plain HTTP', async () => {
    trusted.setBehaviour('/to-plain', redirect(plain.urlFor('/landing')));
    plain.setBehaviour('/landing', respond(200));
    const result = await checker.run(specFor({ url: trusted.urlFor('/to-plain') }));
    expect(result).toMatchObject({ status: 'up', httpStatus: 200 });
    expect(facts(result).subject).toBe('localhost');
  });
});

describe('TLS check: certificates that fail verification', () => {
  it('is down with "certificate expired" and still reports the certificate, days remaining negative', async () => {
    const result = await checker.run(specFor({ url: expired.urlFor('/') }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'certificate expired' });
    expect(facts(result)).toMatchObject({ authorized: false, error: 'certificate expired', subject: 'localhost', daysRemaining: -2 });
    expect(result.phases.tls).toEqual(expect.any(Number));
    // The request was never sent over the untrusted connection.
    expect(expired.requests).toHaveLength(0);
  });

  it('is down with "certificate is self-signed"', async () => {
    const result = await checker.run(specFor({ url: selfSigned.urlFor('/') }));
    expect(result).toMatchObject({ status: 'down', reason: 'certificate is self-signed' });
    expect(facts(result)).toMatchObject({ authorized: false, error: 'certificate is self-signed', issuer: 'localhost' });
    expect(selfSigned.requests).toHaveLength(0);
  });

  it('is down with "certificate does not match host ..." for a certificate of another name', async () => {
    const byIp = await checker.run(specFor({ url: wrongHost.urlFor('/') }));
    expect(byIp).toMatchObject({ status: 'down', reason: 'certificate does not match host 127.0.0.1' });
    expect(facts(byIp)).toMatchObject({ authorized: false, subject: 'other.example', sans: ['other.example'] });
    const byName = await checker.run(specFor({ url: wrongHost.urlFor('/', 'localhost') }));
    expect(byName).toMatchObject({ status: 'down', reason: 'certificate does not match host localhost' });
    expect(wrongHost.requests).toHaveLength(0);
  });

  it.each([
    ['expired', () => expired, 'certificate expired'],
    ['self-signed', () => selfSigned, 'certificate is self-signed'],
    ['wrong-host', () => wrongHost, 'certificate does not match host 127.0.0.1'],
  ] as const)('is up with tls.verify false for a %s certificate, and still says why it is not trusted', async (_name, target, error) => {
    const result = await checker.run(specFor({ url: target().urlFor('/insecure'), tls: { verify: false } }));
    expect(result).toMatchObject({ status: 'up', httpStatus: 200, reason: null });
    expect(facts(result)).toMatchObject({ authorized: false, error });
    expect(target().requestsTo('/insecure')).toHaveLength(1);
  });

  it('ends with "timeout after 1s" when the server accepts the connection but never answers the TLS handshake', async () => {
    // A stuck TLS terminator: TCP is accepted, no ServerHello ever comes. The check must end
    // at its timeout (it used to wait for ever: undici had not been handed the connection yet)
    // and close its socket.
    const sockets: Socket[] = [];
    const closed: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {}).on('close', () => closed.push(socket)).resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const started = Date.now();
      const result = await checker.run(specFor({ url: `https://127.0.0.1:${port}/`, timeout: '1s' }));
      const elapsed = Date.now() - started;
      expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'timeout after 1s' });
      expect(elapsed).toBeGreaterThanOrEqual(990);
      expect(elapsed).toBeLessThan(1400);
      expect(result.phases.connect).toEqual(expect.any(Number));
      expect(sockets).toHaveLength(1);
      await waitFor(() => closed.length === 1, { timeoutMs: 2000, message: 'the check closed its connection' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
