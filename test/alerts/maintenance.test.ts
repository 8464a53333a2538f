import { describe, expect, it } from 'vitest';
import { activeWindow, maintenanceInput, resolveWindow, unmatchedScopes, zonedInstant } from '../../src/alerts/maintenance.js';
import { loadConfigText } from '../../src/config/load.js';
import { formatFieldError } from '../../src/config/issues.js';

const windowOf = (input: Record<string, unknown>) => resolveWindow(maintenanceInput.parse(input), 0);
const shop = { id: 'shop-api', tags: ['shop'] };
const blog = { id: 'blog', tags: ['web'] };

describe('maintenance windows', () => {
  it('names the ids and tags a window gives that no monitor has (a typo lets alerts fire through the work)', () => {
    const windows = [windowOf({ name: 'upgrade', monitors: ['shop-api', 'shpo-api'], tags: ['web', 'db'], start: '2025-07-01T22:00:00Z', duration: '1h' }), windowOf({ at: '02:00', duration: '30m' })];
    expect(unmatchedScopes(windows, [shop, blog])).toEqual([
      'maintenance[0] ("upgrade"): no monitor has the id "shpo-api"',
      'maintenance[0] ("upgrade"): no monitor has the tag "db"',
    ]);
  });

  it('covers a one-off window from its start (inclusive) to its end (exclusive)', () => {
    const window = windowOf({ monitors: ['shop-api'], start: '2025-07-01T22:00:00Z', end: '2025-07-01T23:30:00Z' });
    expect(activeWindow([window], shop, Date.parse('2025-07-01T21:59:59Z'))).toBeNull();
    expect(activeWindow([window], shop, Date.parse('2025-07-01T22:00:00Z'))).toMatchObject({ until: Date.parse('2025-07-01T23:30:00Z') });
    expect(activeWindow([window], shop, Date.parse('2025-07-01T23:30:00Z'))).toBeNull();
    expect(activeWindow([window], blog, Date.parse('2025-07-01T22:30:00Z'))).toBeNull();
  });

  it('takes a duration instead of an end', () => {
    const window = windowOf({ start: '2025-07-01T22:00:00+02:00', duration: '45m' });
    expect(activeWindow([window], blog, Date.parse('2025-07-01T20:44:00Z'))).not.toBeNull();
    expect(activeWindow([window], blog, Date.parse('2025-07-01T20:45:00Z'))).toBeNull();
  });

  it('recurs daily at a local time in its time zone, across midnight', () => {
    // 23:30 to 00:30 Berlin time (UTC+2 in July).
    const window = windowOf({ tags: ['shop'], at: '23:30', duration: '1h', timezone: 'Europe/Berlin' });
    expect(activeWindow([window], shop, Date.parse('2025-07-01T21:29:00Z'))).toBeNull();
    expect(activeWindow([window], shop, Date.parse('2025-07-01T21:30:00Z'))).not.toBeNull();
    expect(activeWindow([window], shop, Date.parse('2025-07-01T22:29:00Z'))).not.toBeNull();
    expect(activeWindow([window], shop, Date.parse('2025-07-01T22:30:00Z'))).toBeNull();
    // Winter: UTC+1.
    expect(activeWindow([window], shop, Date.parse('2025-01-15T22:45:00Z'))).not.toBeNull();
    expect(activeWindow([window], blog, Date.parse('2025-07-01T21:45:00Z'))).toBeNull();
  });

  it('recurs only on the days given, counting the day the window starts', () => {
    // Sundays 23:00-01:00 UTC. 2025-07-06 is a Sunday.
    const window = windowOf({ at: '23:00', duration: '2h', days: ['sun'] });
    expect(activeWindow([window], blog, Date.parse('2025-07-06T23:30:00Z'))).not.toBeNull();
    expect(activeWindow([window], blog, Date.parse('2025-07-07T00:30:00Z'))).not.toBeNull(); // Monday, still Sunday's window
    expect(activeWindow([window], blog, Date.parse('2025-07-07T23:30:00Z'))).toBeNull();
  });

  it('finds the instant of a local time next to a daylight-saving change', () => {
    expect(new Date(zonedInstant(2025, 3, 30, 4 * 60, 'Europe/Berlin')).toISOString()).toBe('2025-03-30T02:00:00.000Z');
    expect(new Date(zonedInstant(2025, 10, 26, 4 * 60, 'Europe/Berlin')).toISOString()).toBe('2025-10-26T03:00:00.000Z');
  });

  it('rejects windows that are neither one-off nor recurring, or both, with the field at fault', () => {
    const result = loadConfigText(
      ['maintenance:', '  - start: 2025-07-01T22:00:00Z', '  - at: "02:00"', '  - at: "25:00"', '    duration: 1h', '  - at: "02:00"', '    duration: 1h', '    timezone: Mars/Olympus', 'monitors: []'].join('\n'),
      {},
    );
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.errors.map(formatFieldError);
    expect(lines).toContain('maintenance[0].end: a one-off window needs end or duration (line 2)');
    expect(lines).toContain('maintenance[1].duration: a recurring window needs a duration (line 3)');
    expect(lines).toContain('maintenance[2].at: expected a local time like "02:00" (line 4)');
    expect(lines.some((line) => line.startsWith('maintenance[3].timezone: unknown time zone "Mars/Olympus"'))).toBe(true);
  });
});
