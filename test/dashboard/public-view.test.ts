import { describe, expect, it } from 'vitest';
import { publicReason, publicUrl } from '../../src/dashboard/public-view.js';
import { compareNatural, groupCards, overallStatus } from '../../src/dashboard/overview.js';
import { layoutKey, type Card } from '../../src/dashboard/model.js';
import { specFor } from '../helpers/targets.js';

describe('what the public dashboard may show', () => {
  it('shows a URL without user:password, query string or fragment', () => {
    expect(publicUrl({ url: 'https://ann:s3cret@shop.example.com:8443/health?token=abc&x=1#top', showQuery: false })).toBe('https://shop.example.com:8443/health');
  });

  it('keeps the query string when the monitor opts in, never the credentials', () => {
    expect(publicUrl({ url: 'https://ann:s3cret@shop.example.com/search?q=ping', showQuery: true })).toBe('https://shop.example.com/search?q=ping');
  });

  it('still hides secret-looking query values when the monitor opts in', () => {
    const url = 'https://ann:s3cret@api.example.com/v1?region=eu&client_secret=cs-123&X-Amz-Signature=sig-456&page=2&token=tok-789';
    expect(publicUrl({ url, showQuery: true })).toBe('https://api.example.com/v1?region=eu&client_secret=[redacted]&X-Amz-Signature=[redacted]&page=2&token=[redacted]');
  });

  it('follows an edited monitor: a changed spec shows its own URL, not the one worked out before', () => {
    const before = specFor({ url: 'https://old.example.com/health?token=abc' });
    expect(publicUrl(before)).toBe('https://old.example.com/health');
    expect(publicUrl(before)).toBe('https://old.example.com/health');
    const after = { ...before, url: 'https://new.example.com/status?page=1', showQuery: true };
    expect(publicUrl(after)).toBe('https://new.example.com/status?page=1');
  });

  it('gives a page a layout key that changes with what the page lays out, and only then', () => {
    const key = layoutKey(['Shop API', 'https://shop.example.com/health', null, ['shop'], 60]);
    expect(layoutKey(['Shop API', 'https://shop.example.com/health', null, ['shop'], 60])).toBe(key);
    const changes = [
      ['Shop API ', 'https://shop.example.com/health', null, ['shop'], 60],
      ['Shop API', 'https://shop.example.com/healthz', null, ['shop'], 60],
      ['Shop API', 'https://shop.example.com/health', 'Checkout', ['shop'], 60],
      ['Shop API', 'https://shop.example.com/health', null, ['shop', 'eu'], 60],
      ['Shop API', 'https://shop.example.com/health', null, ['shop'], 30],
    ];
    const keys = new Set(changes.map((value) => layoutKey(value)));
    expect(keys.size).toBe(changes.length);
    expect(keys.has(key)).toBe(false);
    // 10,000 distinct monitors' layouts, no two alike.
    expect(new Set(Array.from({ length: 10_000 }, (_, index) => layoutKey([`Service ${index}`, `https://s${index}.example.com/`, null, [], 60]))).size).toBe(10_000);
  });

  it('opts in through monitors.yaml with showQuery: true', () => {
    expect(specFor({ url: 'http://127.0.0.1/' }).showQuery).toBe(false);
    expect(specFor({ url: 'http://127.0.0.1/', showQuery: true }).showQuery).toBe(true);
  });

  it('scrubs header tokens, URL secrets and URLs out of failure reasons', () => {
    const spec = specFor({ url: 'https://ann:pa55word@api.example.com/v1?apikey=K3Y-123', headers: { Authorization: 'Bearer tok-98765' } });
    const reason = publicReason('request to https://ann:pa55word@api.example.com/v1?apikey=K3Y-123 failed: token tok-98765 rejected for ann', spec)!;
    expect(reason).not.toMatch(/pa55word|K3Y-123|tok-98765|apikey|ann/);
    expect(reason).toContain('https://api.example.com/v1');
    expect(publicReason(null, spec)).toBeNull();
  });
});

describe('the overall banner', () => {
  it('says all systems operational when everything answers', () => {
    expect(overallStatus(['up', 'up'])).toMatchObject({ level: 'ok', title: 'All systems operational' });
  });

  it('says partial outage when some monitors are down, major when half or more are', () => {
    expect(overallStatus(['up', 'up', 'up', 'down'])).toMatchObject({ level: 'partial', detail: '1 of 4 monitors down' });
    expect(overallStatus(['up', 'down', 'maintenance'])).toMatchObject({ level: 'major', detail: '1 of 2 monitors down · 1 in maintenance' });
    expect(overallStatus(['up', 'up', 'down', 'paused'])).toMatchObject({ level: 'partial', detail: '1 of 3 monitors down · 1 paused' });
  });

  it('says maintenance when a window holds monitors and nothing is down, degraded when some are slow', () => {
    expect(overallStatus(['up', 'maintenance', 'paused'])).toMatchObject({ level: 'maintenance', title: 'Under maintenance', detail: '1 monitor in maintenance · 1 up · 1 paused' });
    expect(overallStatus(['up', 'degraded'])).toMatchObject({ level: 'degraded', title: 'Degraded performance' });
  });

  it('does not call a paused monitor maintenance: visitors see a note, not "Under maintenance"', () => {
    expect(overallStatus(['up', 'up', 'paused'])).toMatchObject({ level: 'ok', title: 'All systems operational', detail: '2 monitors up · 1 paused' });
    expect(overallStatus(['paused', 'paused'])).toMatchObject({ level: 'pending', title: 'Monitoring paused', detail: '2 monitors paused' });
    expect(overallStatus(['pending', 'paused'])).toMatchObject({ title: 'Checking…' });
  });
});

describe('grouping cards by tag', () => {
  const card = (id: string, name: string, tags: string[]): Card => ({ id, name, url: '', description: null, tags, live: {} as Card['live'] });

  it('groups by first tag, sorted, untagged last; by name inside a group', () => {
    const groups = groupCards([card('b', 'Beta', ['web']), card('a', 'Alpha', ['web', 'api']), card('c', 'Gamma', []), card('d', 'Delta', ['api'])]);
    expect(groups.map((group) => [group.name, group.cards.map((each) => each.id)])).toEqual([
      ['api', ['d']],
      ['web', ['a', 'b']],
      ['Other', ['c']],
    ]);
  });

  it('sorts names as a reader expects: case and accents aside, then as written, then by id', () => {
    const names = groupCards([
      card('5', 'zebra', []),
      card('4', 'Émail relay', []),
      card('3', 'email API', []),
      card('2', 'API', []),
      card('1', 'api', []),
      card('0', 'api', []),
      card('6', 'Beta', []),
    ])[0]!.cards.map((each) => `${each.name}#${each.id}`);
    expect(names).toEqual(['API#2', 'api#0', 'api#1', 'Beta#6', 'email API#3', 'Émail relay#4', 'zebra#5']);
  });

  it('sorts numbers in names as numbers: service 2 before service 10', () => {
    const names = groupCards(['service 10', 'service 2', 'service 1', 'node-10b', 'node-9b', 'node-09a', 'service 2a', 'v1.10', 'v1.9'].map((name, index) => card(String(index), name, [])))[0]!.cards.map((each) => each.name);
    expect(names).toEqual(['node-09a', 'node-9b', 'node-10b', 'service 1', 'service 2', 'service 2a', 'service 10', 'v1.9', 'v1.10']);
    expect(compareNatural('a99999999999999999999b', 'a100000000000000000000b')).toBeLessThan(0);
    expect(compareNatural('item', 'item 2')).toBeLessThan(0);
  });

  it('makes one unnamed group when no monitor has tags', () => {
    expect(groupCards([card('a', 'A', [])]).map((group) => group.name)).toEqual([null]);
  });
});
