/**
 * The parts of undici Lookout uses, loaded by path rather than through undici's index. The index
 * loads every dispatcher, fetch, WebSocket, the caches and the mock agent: about 18 MB of RSS in
 * a process that needs a Client and request(), which cost about 9 MB (measured on
 * Node 20). undici publishes no "exports" map, so these paths are reachable by Node's rules; the
 * ~7.x range in package.json pins their layout, and every check and webhook test runs through them.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);

export const Client = require('undici/lib/dispatcher/client.js') as typeof Undici.Client;
export type Client = Undici.Client;
export type ResponseData = Undici.Dispatcher.ResponseData;
export type RequestOptions = Undici.Dispatcher.RequestOptions;

// undici's index adds request() to every dispatcher the same way (Object.assign of lib/api).
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
Dispatcher.prototype.request ??= require('undici/lib/api/api-request.js') as unknown;
