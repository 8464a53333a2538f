import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { withDateHeader } from '../../src/util/http-date.js';
import { httpDate, isoString } from '../../src/util/time.js';

describe('HTTP dates', () => {
  it('are the text Date#toUTCString writes, for any time a server sees', () => {
    const times = [0, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 10, 26, 9, 5, 7), Date.UTC(2100, 0, 1)];
    for (let index = 0; index < 2000; index++) times.push(Math.floor(Math.random() * Date.UTC(2200, 0, 1)));
    for (const time of times) expect(httpDate(time)).toBe(new Date(time).toUTCString());
  });

  it('stamp every response with one Date header of the current second', async () => {
    const server = createServer(withDateHeader((_req, res) => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      for (let attempt = 0; attempt < 2; attempt++) {
        const before = Math.floor(Date.now() / 1000) * 1000;
        const raw = await new Promise<string[]>((resolve, reject) => {
          request({ port, path: '/', agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.rawHeaders));
          })
            .on('error', reject)
            .end();
        });
        const dates = raw.filter((_, index) => index % 2 === 0 && raw[index]!.toLowerCase() === 'date').map((_, index) => index);
        expect(dates).toHaveLength(1);
        const value = raw[raw.findIndex((name) => name.toLowerCase() === 'date') + 1]!;
        expect(value).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
        expect(Date.parse(value)).toBeGreaterThanOrEqual(before);
        expect(Date.parse(value)).toBeLessThanOrEqual(Date.now());
      }
    } finally {
      server.close();
    }
  });
});

describe('ISO times', () => {
  it('are the text Date#toISOString writes, and fail the same way for an invalid time', () => {
    const times = [0, 1, 999, Date.UTC(2024, 1, 29, 23, 59, 59, 7), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10_000, 0, 1), -1, Date.UTC(-5, 0, 1)];
    for (let index = 0; index < 2000; index++) times.push(Math.floor(Math.random() * Date.UTC(2200, 0, 1)));
    for (const time of times) expect(isoString(time)).toBe(new Date(time).toISOString());
    expect(() => isoString(Number.NaN)).toThrow(RangeError);
  });
});

describe('times in serve', () => {
  it('are never written with Date methods that load the time zone (see src/util/time.ts)', () => {
    const root = new URL('../../src/', import.meta.url);
    const offenders: string[] = [];
    for (const file of readdirSync(root, { recursive: true }) as string[]) {
      if (!file.endsWith('.ts') || file === 'util/time.ts') continue;
      readFileSync(new URL(file, root), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          // Comments may name them; code may not call them.
          if (/\.(toISOString|toUTCString|toJSON|toLocale\w*String)\(/.test(line.replace(/\/\/.*$|^\s*\*.*$/, ''))) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
