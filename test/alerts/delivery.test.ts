import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewAlertEvent } from '../../src/alerts/events.js';
import { deliverySettings } from '../../src/alerts/notifiers/fields.js';
import { channelInput, pluginFor } from '../../src/alerts/notifiers/registry.js';
import { backoffSeconds, createDeliveryWorker, type ChannelRuntime, type DeliveryWorker } from '../../src/alerts/worker.js';
import { createAlertEventRepository } from '../../src/storage/alert-events.js';
import { createDeliveryRepository } from '../../src/storage/deliveries.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { systemClock, type Clock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/log.js';
import { custom, hang, respond, sequence, waitUntil } from '../helpers/targets.js';
import { startWebhookSink, type WebhookSink } from '../helpers/webhook-sink.js';

let sink: WebhookSink;
let dir: string;
let stores: Store[] = [];
let workers: DeliveryWorker[] = [];

beforeAll(async () => {
  sink = await startWebhookSink();
});
afterAll(() => sink.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lookout-delivery-'));
  sink.resetBehaviours();
  (sink.requests as unknown[]).length = 0;
});
afterEach(async () => {
  for (const worker of workers) await worker.stop(0);
  for (const store of stores) store.close();
  workers = [];
  stores = [];
  rmSync(dir, { recursive: true, force: true });
});

function open(): Store {
  const store = openStore(path.join(dir, 'lookout.db'));
  stores.push(store);
  return store;
}

function channel(name: string, config: Record<string, unknown>): ChannelRuntime {
  const parsed = channelInput.parse({ type: 'webhook', url: `${sink.url}/${name}`, timeout: '2s', backoff: '50ms', ...config });
  return { name, notifier: pluginFor(parsed).create(parsed), settings: deliverySettings(parsed) };
}

function startWorker(store: Store, channels: ChannelRuntime[], clock: Clock = systemClock): DeliveryWorker {
  const worker = createDeliveryWorker({
    deliveries: createDeliveryRepository(store.db),
    events: createAlertEventRepository(store.db),
    channels: () => new Map(channels.map((entry) => [entry.name, entry])),
    clock,
    log: silentLogger,
    secrets: () => ['super-secret-token'],
    pollMs: 50,
  });
  workers.push(worker);
  worker.start();
  return worker;
}

/** Stores an event for monitor `monitorId` and one delivery per channel; returns the delivery ids. */
function queue(store: Store, kind: NewAlertEvent['kind'], channels: readonly ChannelRuntime[], monitorId = 'shop-api'): number[] {
  const monitor = store.monitors.get(monitorId) ?? store.monitors.insert(monitorId, 'api', { id: monitorId, url: 'https://shop.example.com/' }, Date.now());
  const events = createAlertEventRepository(store.db);
  const deliveries = createDeliveryRepository(store.db);
  const eventId = events.insert(
    { kind, at: Date.now(), monitor: { id: monitorId, name: monitorId, url: 'https://shop.example.com/' }, status: kind === 'up' ? 'up' : 'down', previousStatus: null, reason: 'status 503', httpStatus: 503, responseTimeMs: 5, downtimeSeconds: null, certificate: null, flapping: null, channel: null },
    { key: monitor.key, stateChangeId: null, suppressed: null },
  );
  return channels.map((entry) => deliveries.insert(eventId, monitor.key, entry.name, entry.settings.attempts, Date.now())!);
}

const deliveryOf = (store: Store, id: number) => createDeliveryRepository(store.db).get(id)!;
const attemptsOf = (store: Store, id: number) => createDeliveryRepository(store.db).attempts(id);

describe('delivery: retries and outcomes', () => {
  it('retries a webhook that answers 500 until it answers 200, recording every attempt', async () => {
    const store = open();
    const hook = channel('hook', {});
    sink.setBehaviour(sequence(respond(500, 'oops'), respond(500, 'oops'), respond(200)));
    const [id] = queue(store, 'down', [hook]);
    startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, id!).status === 'sent', 3000, 'the delivery to be sent');
    expect(sink.requests).toHaveLength(3);
    expect(attemptsOf(store, id!).map((attempt) => [attempt.attempt, attempt.ok, attempt.error])).toEqual([
      [1, false, 'HTTP 500: oops'],
      [2, false, 'HTTP 500: oops'],
      [3, true, null],
    ]);
    expect(deliveryOf(store, id!)).toMatchObject({ attempts: 3, lastError: null, sentAt: expect.any(Number) });
  });

  it('gives up after the configured number of attempts, keeping the last error', async () => {
    const store = open();
    const hook = channel('hook', { attempts: 3 });
    sink.setBehaviour(respond(502, 'bad gateway'));
    const [id] = queue(store, 'down', [hook]);
    startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, id!).status === 'failed', 3000, 'the delivery to fail');
    expect(sink.requests).toHaveLength(3);
    expect(deliveryOf(store, id!)).toMatchObject({ attempts: 3, lastError: 'HTTP 502: bad gateway' });
  });

  it('fails at once on a permanent error (a 4xx) and scrubs secrets from the stored error', async () => {
    const store = open();
    const hook = channel('hook', {});
    sink.setBehaviour(respond(401, 'bad token super-secret-token'));
    const [id] = queue(store, 'down', [hook]);
    startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, id!).status === 'failed', 3000, 'the delivery to fail');
    expect(sink.requests).toHaveLength(1);
    expect(deliveryOf(store, id!).lastError).toBe('HTTP 401: bad token [redacted]');
  });

  it('times out a receiver that never answers and retries it', async () => {
    const store = open();
    const hook = channel('hook', { timeout: '200ms' });
    sink.setBehaviour(sequence(hang(), respond(200)));
    const [id] = queue(store, 'down', [hook]);
    const started = Date.now();
    startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, id!).status === 'sent', 3000, 'the delivery to be sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(attemptsOf(store, id!).map((attempt) => attempt.error)).toEqual(['timeout after 200ms', null]);
  });

  it('ends an attempt at its timeout when the receiver never finishes the TLS handshake', async () => {
    const sockets: Socket[] = [];
    const stuck = createServer((socket) => sockets.push(socket.on('error', () => {})));
    await new Promise<void>((resolve) => stuck.listen(0, '127.0.0.1', resolve));
    try {
      const store = open();
      const parsed = channelInput.parse({ type: 'webhook', url: `https://127.0.0.1:${(stuck.address() as { port: number }).port}/hook`, timeout: '300ms', attempts: 1 });
      const hook: ChannelRuntime = { name: 'hook', notifier: pluginFor(parsed).create(parsed), settings: deliverySettings(parsed) };
      const [id] = queue(store, 'down', [hook]);
      const started = Date.now();
      startWorker(store, [hook]);
      // It took undici's 10 s connect timeout before.
      await waitUntil(() => deliveryOf(store, id!).status === 'failed', 3000, 'the attempt to time out');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(attemptsOf(store, id!).map((attempt) => attempt.error)).toEqual(['timeout after 300ms']);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => stuck.close(resolve));
    }
  });

  it('doubles the wait between attempts up to an hour', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => backoffSeconds(attempt, 10, half))).toEqual([10, 20, 40, 80]);
    expect(backoffSeconds(20, 10, half)).toBe(3600);
    expect(backoffSeconds(1, 10, () => 0)).toBe(9);
    expect(backoffSeconds(1, 10, () => 1)).toBe(11);
  });
});

describe('delivery: order, restarts and claims', () => {
  it('sends the "up" of a monitor only after its "down" went out, even when "down" needed retries', async () => {
    const store = open();
    const hook = channel('hook', {});
    sink.setBehaviour(sequence(respond(500), respond(200)));
    const [downId] = queue(store, 'down', [hook]);
    const [upId] = queue(store, 'up', [hook]);
    startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, upId!).status === 'sent', 3000, 'the up delivery');
    expect(sink.bodies().map((body) => (body as { event: string }).event)).toEqual(['down', 'down', 'up']);
    expect(deliveryOf(store, downId!).sentAt!).toBeLessThanOrEqual(deliveryOf(store, upId!).sentAt!);
  });

  it('tries waiting retries at once when the channel answers again', async () => {
    const store = open();
    const hook = channel('hook', { backoff: '30s' });
    sink.setBehaviour(sequence(respond(500), respond(200)));
    const [first] = queue(store, 'down', [hook], 'first');
    startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, first!).status === 'retrying', 3000, 'a retry to be planned');
    expect(deliveryOf(store, first!).nextAt - Date.now()).toBeGreaterThan(20_000);
    // Another monitor's alert goes through: the channel is back, the retry need not wait 30s.
    const [second] = queue(store, 'down', [hook], 'second');
    workers[0]!.kick();
    await waitUntil(() => deliveryOf(store, first!).status === 'sent', 3000, 'the retry to be pulled forward');
    expect(deliveryOf(store, second!).status).toBe('sent');
  });

  it('resumes after a restart: an attempt cut short is retried, a sent delivery is never sent again', async () => {
    let store = open();
    const hook = channel('hook', {});
    const [sentId] = queue(store, 'down', [hook], 'sent-before');
    let worker = startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, sentId!).status === 'sent', 3000, 'the first delivery');
    // The receiver hangs: the process stops in the middle of the attempt.
    sink.setBehaviour(hang());
    const [cutId] = queue(store, 'down', [hook], 'cut-short');
    worker.kick();
    await sink.waitForRequests(2);
    await worker.stop(50);
    expect(deliveryOf(store, cutId!)).toMatchObject({ status: 'retrying', lastError: 'interrupted: Lookout was shutting down' });
    // A crash, too: a claim left behind by a process that died a minute ago (its lease is over).
    const [crashedId] = queue(store, 'down', [hook], 'crashed');
    store.db.prepare("UPDATE deliveries SET status = 'sending', claimed = ? WHERE id = ?").run(Date.now() - 60_000, crashedId!);
    store.close();

    sink.setBehaviour(respond(200));
    store = open();
    worker = startWorker(store, [hook]);
    await waitUntil(() => deliveryOf(store, cutId!).status === 'sent' && deliveryOf(store, crashedId!).status === 'sent', 3000, 'the resumed deliveries');
    const monitors = sink.bodies().map((body) => (body as { monitor: { id: string } }).monitor.id);
    expect(monitors.filter((id) => id === 'sent-before')).toHaveLength(1);
    expect(monitors.filter((id) => id === 'cut-short')).toHaveLength(2);
    expect(attemptsOf(store, crashedId!)[0]).toMatchObject({ ok: false, error: 'interrupted: the process stopped during this attempt' });
  });

  it('sends a delivery a crash left claimed as soon as its lease is over, with nothing else happening', async () => {
    const store = open();
    const hook = channel('hook', {}); // timeout 2s: the lease is 32s
    const [id] = queue(store, 'down', [hook], 'crashed');
    // What kill -9 mid-attempt leaves: the claim of a moment ago, no attempt recorded.
    store.db.prepare("UPDATE deliveries SET status = 'sending', claimed = ? WHERE id = ?").run(Date.now(), id!);
    let offset = 0;
    const clock: Clock = { ...systemClock, now: () => Date.now() + offset };
    startWorker(store, [hook], clock);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.requests).toHaveLength(0); // the dead process's attempt might still be running
    offset = 33_000; // the lease is over; no new alert, no kick
    await waitUntil(() => deliveryOf(store, id!).status === 'sent', 3000, 'the crashed delivery to be sent');
    expect(sink.bodies()).toMatchObject([{ event: 'down', monitor: { id: 'crashed' } }]);
    expect(attemptsOf(store, id!).map((attempt) => attempt.error)).toEqual(['interrupted: the process stopped during this attempt', null]);
  });

  it('does not announce state changes recorded before alerting existed (upgrade to schema 2)', () => {
    const file = path.join(dir, 'lookout.db');
    const old = new Database(file);
    old.exec(MIGRATIONS.find((migration) => migration.version === 1)!.sql);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO monitors (id, source, input, created_at, updated_at, status) VALUES ('shop-api', 'api', '{}', 0, 0, 'down')").run();
    old.prepare("INSERT INTO state_changes (monitor, at, from_status, to_status, reason) VALUES (1, 5, 'up', 'down', 'old news')").run();
    old.close();
    const store = open();
    expect(store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    expect(createAlertEventRepository(store.db).unalerted()).toEqual([]);
  });

  it('prunes old events with their deliveries, but never one still being delivered', () => {
    const store = open();
    const hook = channel('hook', {});
    const [done] = queue(store, 'down', [hook], 'done');
    const [open_] = queue(store, 'down', [hook], 'still-open');
    const deliveries = createDeliveryRepository(store.db);
    const claimed = deliveries.claim(done!, Date.now())!;
    deliveries.finish(claimed, { at: Date.now(), ms: 1 }, { status: 'sent' });
    const events = createAlertEventRepository(store.db);
    expect(events.prune(Date.now() + 1000)).toBe(1);
    expect(deliveries.get(done!)).toBeNull();
    expect(deliveries.attempts(done!)).toEqual([]);
    expect(deliveries.get(open_!)).toMatchObject({ status: 'pending' });
  });

  it('claims a state change for alerting exactly once', () => {
    const store = open();
    const monitor = store.monitors.insert('shop-api', 'api', { id: 'shop-api', url: 'https://shop.example.com/' }, Date.now());
    const changeId = store.stateChanges.insert({ key: monitor.key, at: Date.now(), from: 'up', to: 'down', reason: 'status 503' });
    const events = createAlertEventRepository(store.db);
    expect(events.unalerted().map((change) => change.id)).toEqual([changeId]);
    expect(events.claimStateChange(changeId, Date.now())).toBe(true);
    expect(events.claimStateChange(changeId, Date.now())).toBe(false);
    expect(events.unalerted()).toEqual([]);
  });

  it('lets only one of two workers that both saw a delivery due claim it', () => {
    const first = open();
    const second = open();
    const hook = channel('hook', {});
    const [id] = queue(first, 'down', [hook]);
    const [one, two] = [createDeliveryRepository(first.db), createDeliveryRepository(second.db)];
    expect(one.due(Date.now(), 10).map((row) => row.id)).toEqual([id]);
    expect(two.due(Date.now(), 10).map((row) => row.id)).toEqual([id]);
    expect(one.claim(id!, Date.now())).toMatchObject({ id, status: 'sending' });
    expect(two.claim(id!, Date.now())).toBeNull();
    // The claim is the attempt's: finishing it with another claim's token is refused.
    expect(() => two.finish({ ...one.get(id!)!, claimed: 1 }, { at: Date.now(), ms: 1 }, { status: 'sent' })).toThrow(/not claimed/);
  });

  it('claims atomically: two workers on one database send each delivery exactly once', async () => {
    const first = open();
    const second = open();
    const hooks = ['a', 'b', 'c'].map((name) => channel(name, {}));
    sink.setBehaviour(custom((_request, response) => setTimeout(() => response.writeHead(200).end('ok'), 5)));
    const ids: number[] = [];
    for (let index = 0; index < 12; index++) ids.push(...queue(first, 'down', hooks, `m${index}`));
    startWorker(first, hooks);
    startWorker(second, hooks);
    await waitUntil(() => ids.every((id) => deliveryOf(first, id).status === 'sent'), 5000, 'all deliveries');
    const delivered = sink.requests.map((request) => request.headers['x-lookout-delivery']);
    expect(delivered).toHaveLength(ids.length);
    expect(new Set(delivered).size).toBe(ids.length);
  });
});
