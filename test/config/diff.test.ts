import { describe, expect, it } from 'vitest';
import { diffMonitors } from '../../src/config/diff.js';
import { resolveMonitor } from '../../src/config/resolve.js';
import { monitorInput } from '../../src/config/schema.js';

const spec = (input: Record<string, unknown>) => {
  const resolved = resolveMonitor(monitorInput.parse(input));
  if (!resolved.ok) throw new Error('bad spec');
  return resolved.spec;
};

describe('diffing monitor lists by id', () => {
  it('finds added, changed, removed and unchanged monitors', () => {
    const before = [spec({ id: 'a', url: 'http://a/' }), spec({ id: 'b', url: 'http://b/' }), spec({ id: 'c', url: 'http://c/' })];
    const after = [spec({ id: 'a', url: 'http://a/' }), spec({ id: 'b', url: 'http://b/', interval: 5 }), spec({ id: 'd', url: 'http://d/' })];
    const diff = diffMonitors(before, after);
    expect(diff.unchanged).toEqual(['a']);
    expect(diff.changed.map((s) => s.id)).toEqual(['b']);
    expect(diff.added.map((s) => s.id)).toEqual(['d']);
    expect(diff.removed).toEqual(['c']);
  });

  it('ignores key order in headers', () => {
    const one = spec({ id: 'a', url: 'http://a/', headers: { A: '1', B: '2' } });
    const two = spec({ id: 'a', url: 'http://a/', headers: { B: '2', A: '1' } });
    expect(diffMonitors([one], [two]).unchanged).toEqual(['a']);
  });
});
