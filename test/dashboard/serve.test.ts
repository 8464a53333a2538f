/**
 * dist/ served while it is rewritten: every response is one whole version of the file, whatever
 * rename lands while it is being served.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/dashboard/atomic.js';
import { withDashboard } from '../../src/dashboard/mount.js';

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

describe('serving dist/', () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookout-serve-'));
    server = http.createServer(withDashboard(dir, (_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found"}}')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterEach(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  /** One request on the shared keep-alive agent; rejects after two seconds without a whole answer. */
  function get(url: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${base}${url}`, { agent, headers, method }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.setTimeout(2000, () => request.destroy(new Error(`no whole answer to ${url} within 2 s`)));
      request.on('error', reject);
      request.end();
    });
  }

  it('answers every request with one whole version while the file is replaced under it', async () => {
    // A short and a long version, so that one's length with the other's bytes cannot pass.
    const versions = [Buffer.from(`{"v":"short"}`), Buffer.from(`{"v":"long","pad":"${'x'.repeat(200_000)}"}`)];
    await writeFile(path.join(dir, 'status.json'), versions[0]!);
    let writing = true;
    const writer = (async () => {
      for (let round = 0; writing; round++) await writeFileAtomic(path.join(dir, 'status.json'), versions[round % 2]!);
    })();
    const answers: Answer[] = [];
    try {
      for (let index = 0; index < 400; index++) answers.push(await get('/status.json'));
    } finally {
      writing = false;
      await writer;
    }
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(versions.some((version) => version.equals(answer.body))).toBe(true);
    }
    // Both versions were seen: the file really changed during the requests.
    expect(new Set(answers.map((answer) => answer.body.length)).size).toBe(2);
  });

  it('serves pages by name, gzip twins to clients that take them, 304s for unchanged files, and never dotfiles', async () => {
    await writeFile(path.join(dir, 'index.html'), '<p>index</p>');
    await writeFile(path.join(dir, 'index.html.gz'), Buffer.from('not really gzip'));
    await writeFile(path.join(dir, '.index.html.123.tmp'), 'half written');
    await mkdir(path.join(dir, 'm'));
    await writeFile(path.join(dir, 'm', 'shop.html'), '<p>shop</p>');

    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body.toString()).toBe('<p>index</p>');

    const zipped = await get('/index.html', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('Accept-Encoding');
    expect(zipped.body.toString()).toBe('not really gzip');

    expect((await get('/m/shop')).body.toString()).toBe('<p>shop</p>');
    expect((await get('/m/shop.html?x=1')).body.toString()).toBe('<p>shop</p>');
    const head = await get('/m/shop.html', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('11');
    expect(head.body.length).toBe(0);

    const shop = await get('/m/shop.html');
    const again = await get('/m/shop.html', { 'if-none-match': shop.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);

    for (const hidden of ['/.index.html.123.tmp', '/m/../../etc/passwd', '/%2e%2e/secret', '/m/%E0%A4%A.html', '/nothing.html']) {
      expect((await get(hidden)).status, hidden).toBe(404);
    }
  });
});
