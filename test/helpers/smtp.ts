/**
 * A real SMTP server on 127.0.0.1 (smtp-server, no STARTTLS, auth optional) that keeps what it
 * receives, parsed just enough for tests: envelope, headers, decoded subject, text and HTML
 * parts. It can refuse mail (a temporary 451 or a permanent 550) or stop listening altogether
 * and come back on the same port.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** Header names lower-cased, values unfolded and decoded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly raw: string;
  /** The user that authenticated, if any. */
  readonly user: string | null;
}

export type SmtpMode = 'accept' | 'reject-temporary' | 'reject-permanent';

export interface SmtpSink {
  readonly port: number;
  readonly messages: readonly ReceivedMail[];
  /** SMTP sessions opened so far (accepted or refused). */
  readonly sessions: number;
  setMode(mode: SmtpMode): void;
  /** Stops listening: connecting is refused until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_whole, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** The text/plain and text/html parts of a message, looking inside multipart containers. */
function parts(raw: string): { text: string | null; html: string | null } {
  const { headers, body } = splitHeaders(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const found: { text: string | null; html: string | null } = { text: null, html: null };
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const inner = parts(part.replace(/^\r?\n/, ''));
      found.text ??= inner.text;
      found.html ??= inner.html;
    }
    return found;
  }
  const decoded = decodeBody(body, headers.get('content-transfer-encoding'));
  return /^text\/html/i.test(type) ? { text: null, html: decoded } : { text: decoded, html: null };
}

export function parseMail(raw: string, envelope: { from: string; to: string[]; user: string | null }): ReceivedMail {
  const { headers } = splitHeaders(raw);
  const { text, html } = parts(raw);
  return { envelopeFrom: envelope.from, envelopeTo: envelope.to, headers, subject: headers.get('subject') ?? '', text, html, raw, user: envelope.user };
}

export interface SmtpSinkOptions {
  /** Require these credentials (AUTH PLAIN/LOGIN); otherwise auth is optional and any login passes. */
  readonly credentials?: { readonly user: string; readonly pass: string };
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let mode: SmtpMode = 'accept';
  let sessions = 0;
  let port = 0;
  let server: SMTPServer | null = null;

  const serverOptions: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    // The reverse DNS lookup of 127.0.0.1 would cost every session about 100 ms.
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      sessions++;
      callback();
    },
    onAuth(auth, _session, callback) {
      const wanted = options.credentials;
      if (wanted && (auth.username !== wanted.user || auth.password !== wanted.pass)) {
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (mode === 'reject-temporary') return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        if (mode === 'reject-permanent') return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((recipient) => recipient.address);
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), { from, to, user: typeof session.user === 'string' ? session.user : null }));
        callback();
      });
    },
  };

  async function start(): Promise<void> {
    server = new SMTPServer(serverOptions);
    server.on('error', () => {});
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    port = (server.server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  await start();
  return {
    get port() {
      return port;
    },
    messages,
    get sessions() {
      return sessions;
    },
    setMode(next) {
      mode = next;
    },
    stop,
    start,
    async waitForMessages(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${count} mail(s); got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: stop,
  };
}
