/**
 * Opens a check's connection for undici's Client: TCP, or TLS over it. undici's own connector
 * (buildConnector) is made for pools that reuse connections: built per check, it made a TLS
 * session cache with a FinalizationRegistry, and every connection a WeakRef for a connect
 * timeout the check does not use (its own signal bounds the connect). A check opens one
 * connection and throws it away.
 */
import { isIP, connect as tcpConnect, type LookupFunction, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';

/** node:tls through getBuiltinModule: see http.ts (its ESM view builds the root certificates). */
const tls = process.getBuiltinModule('node:tls');

/** What undici's Client passes to its connector (hostname without IPv6 brackets). */
export interface ConnectTarget {
  readonly hostname: string;
  readonly protocol: string;
  readonly port: string;
}

export interface ConnectOptions {
  readonly lookup: LookupFunction;
  /** Trust beyond the public roots (a private CA); Node's default context when absent. */
  readonly secureContext?: SecureContext;
}

/**
 * Starts the connection and returns its socket at once (the caller may have to destroy it
 * mid-connect); `callback` gets it once TCP is connected, or for https once the TLS handshake is
 * done, whether or not the certificate is trusted: the check judges that from the socket.
 */
export function connectSocket(target: ConnectTarget, options: ConnectOptions, callback: (error: Error | null, socket: Socket | null) => void): Socket {
  const secure = target.protocol === 'https:';
  const port = Number(target.port) || (secure ? 443 : 80);
  const host = target.hostname;
  let pending: typeof callback | null = callback;
  const socket: Socket = secure
    ? tls.connect({
        host,
        port,
        // SNI carries host names only, never an address.
        servername: isIP(host) ? undefined : host,
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: false,
        lookup: options.lookup,
        ...(options.secureContext ? { secureContext: options.secureContext } : {}),
      })
    : tcpConnect({ host, port, lookup: options.lookup });
  // Once: an error after the connection was handed over is undici's to see, not ours.
  const settle = (error: Error | null, connected: Socket | null): void => {
    const done = pending;
    pending = null;
    done?.(error, connected);
  };
  socket.setNoDelay(true);
  socket.once(secure ? 'secureConnect' : 'connect', () => settle(null, socket));
  socket.on('error', (error: Error) => settle(error, null));
  return socket;
}
