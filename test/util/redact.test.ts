import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsIn, scrub, secretsOf } from '../../src/util/redact.js';

const SECRET_NAMES = [
  'client_secret', 'auth_token', 'refresh_token', 'private_token', 'id_token', 'passwd', 'x-api-key', 'access-token', 'jwt',
  'X-Amz-Signature', 'apiToken', 'secret_key', 'session', 'sessionid', 'credential', 'credentials', 'X-Amz-Credential',
  'sig', 'signature', 'token', 'access_token', 'api_key', 'API.Key', 'key', 'code', 'pass', 'password', 'pwd', 'auth',
];
const HARMLESS_NAMES = ['page', 'q', 'region', 'visible'];

describe('secret query parameters', () => {
  // Values unlike any name, so a leak cannot hide behind one.
  const valueOf = (index: number): string => `v${index}-${'x'.repeat(6)}`;
  const url = `https://api.example.com/v1?${[...SECRET_NAMES, ...HARMLESS_NAMES].map((name, index) => `${name}=${valueOf(index)}`).join('&')}`;

  it('redacts every parameter whose name holds a secret word, in any case and with any separators', () => {
    const shown = new URL(redactUrl(url));
    expect(Object.fromEntries(SECRET_NAMES.map((name) => [name, shown.searchParams.get(name)]))).toEqual(Object.fromEntries(SECRET_NAMES.map((name) => [name, '[redacted]'])));
  });

  it('leaves harmless parameters as they are', () => {
    const shown = new URL(redactUrl(url));
    expect(HARMLESS_NAMES.map((name) => shown.searchParams.get(name))).toEqual(HARMLESS_NAMES.map((_, index) => valueOf(SECRET_NAMES.length + index)));
  });

  it('scrubs logs of the same values it redacts, and of no others', () => {
    const secrets = secretsOf({ url, headers: {}, body: null });
    expect(secrets.sort()).toEqual(SECRET_NAMES.map((_, index) => valueOf(index)).sort());
  });
});

describe('secrets in free text', () => {
  it('scrubs a secret value also as written percent-encoded, as a quoted URL carries it', () => {
    const secrets = secretsOf({ url: 'http://127.0.0.1/echo?token=ab%2Fcd%2Bef99', headers: {}, body: null });
    expect(scrub('redirect to unsupported URL "ftp://files.example/x?token=ab%2Fcd%2Bef99"', secrets)).toBe('redirect to unsupported URL "ftp://files.example/x?token=[redacted]"');
    expect(scrub('got ab/cd+ef99 back', secrets)).toBe('got [redacted] back');
  });

  it('redacts the credentials and secret parameters of any URL a text quotes', () => {
    expect(redactUrlsIn('redirect to unsupported URL "ftp://admin:LEAKPW9@files.example/?access_token=LEAKTOK9&page=2"')).toBe(
      'redirect to unsupported URL "ftp://admin:[redacted]@files.example/?access_token=[redacted]&page=2"',
    );
    expect(redactUrlsIn('status 503, expected 200-399')).toBe('status 503, expected 200-399');
  });
});
