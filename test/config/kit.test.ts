import { describe, expect, it } from 'vitest';
import { NEVER, v, type Issue } from '../../src/config/kit.js';
import { fileInput, monitorInput } from '../../src/config/schema.js';
import { channelInput } from '../../src/alerts/notifiers/registry.js';

function issuesOf(result: { success: boolean; issues?: readonly Issue[] }): string[] {
  return result.success ? [] : result.issues!.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('schema kit', () => {
  it('names what was expected and what came, without quoting text that may be a secret', () => {
    const schema = v.object({ port: v.number().int(), tags: v.array(v.string()), on: v.boolean() });
    expect(issuesOf(schema.safeParse({ port: 'ghp_secret_token', tags: 'x', on: 1 }))).toEqual([
      'port: expected a whole number, got text',
      'tags: expected a list, got text',
      'on: expected true or false, got 1',
    ]);
    expect(issuesOf(schema.safeParse({ tags: [], on: true }))).toEqual(['port: required (expected a whole number)']);
  });

  it('shows text that spells the number or boolean expected, as only its quotes are wrong', () => {
    const schema = v.object({ retries: v.number().int(), on: v.boolean() });
    expect(issuesOf(schema.safeParse({ retries: '3', on: 'true' }))).toEqual([
      'retries: expected a whole number, got the text "3"',
      'on: expected true or false, got the text "true"',
    ]);
  });

  it('lists every unknown field with a hint, and omits optional fields that were not given', () => {
    const schema = v.object({ interval: v.number().optional(), timeout: v.number().optional() });
    expect(issuesOf(schema.safeParse({ intervl: 5, timeot: 1, zzz: 1 }))).toEqual([
      'intervl: unknown field "intervl" (did you mean "interval"?)',
      'timeot: unknown field "timeot" (did you mean "timeout"?)',
      'zzz: unknown field "zzz"',
    ]);
    const parsed = schema.parse({ timeout: 2 });
    expect(parsed).toEqual({ timeout: 2 });
    expect('interval' in parsed).toBe(false);
  });

  it('checks ranges and lengths with plain messages', () => {
    const schema = v.object({ retries: v.number().int().min(0).max(10), name: v.string().min(1), to: v.array(v.string()).min(1) });
    expect(issuesOf(schema.safeParse({ retries: 11, name: '', to: [] }))).toEqual([
      'retries: must be at most 10, got 11',
      'name: must not be empty',
      'to: must list at least one item',
    ]);
  });

  it('reports the union branch the user meant, else every type it accepts', () => {
    const statuses = v.union([v.number(), v.array(v.number())]);
    expect(issuesOf(statuses.safeParse([200, 'x']))).toEqual(['1: expected a number, got text']);
    expect(issuesOf(statuses.safeParse(true))).toEqual([': expected a number or a list, got true']);
  });

  it('rejects a value in a transform with the message given, and refines across fields', () => {
    const even = v.number().transform((value, ctx) => {
      if (value % 2) {
        ctx.fail(`must be even, got ${value}`);
        return NEVER;
      }
      return value / 2;
    });
    expect(even.parse(4)).toBe(2);
    expect(issuesOf(even.safeParse(3))).toEqual([': must be even, got 3']);
    const range = v.object({ from: v.number(), to: v.number() }).superRefine((value, ctx) => {
      if (value.to <= value.from) ctx.addIssue({ path: ['to'], message: 'must be after from' });
    });
    expect(issuesOf(range.safeParse({ from: 2, to: 1 }))).toEqual(['to: must be after from']);
  });

  it('gives every parse its own copy of a default', () => {
    const schema = v.object({ list: v.array(v.string()).default([]) });
    const first = schema.parse({});
    first.list.push('changed');
    expect(schema.parse({}).list).toEqual([]);
  });

  it('picks a tagged union branch by its tag and reports that branch only', () => {
    expect(issuesOf(channelInput.safeParse({ type: 'email', smtp: { host: 'mail' }, from: 'ops@example.com', to: ['x'] }))).toEqual([
      'to.0: expected an email address like "ops@example.com" or "Ops <ops@example.com>", got "x"',
    ]);
    expect(issuesOf(channelInput.safeParse({ type: 'webhook', preset: 'slak', url: 'https://hooks.slack.com/x' }))[0]).toMatch(/^preset: expected a preset: slack, discord/);
    expect(issuesOf(channelInput.safeParse({ url: 'https://x.test/' }))).toEqual(['type: expected type: email or type: webhook, got nothing']);
    expect(channelInput.parse({ type: 'webhook', url: 'https://x.test/hook' })).toMatchObject({ type: 'webhook', url: 'https://x.test/hook' });
  });

  it('describes monitors.yaml as JSON Schema that an editor can check values with', () => {
    const schema = fileInput.toJsonSchema() as { properties: { monitors: { items: { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean } } } };
    const monitor = schema.properties.monitors.items;
    expect(monitor.additionalProperties).toBe(false);
    const interval = monitor.properties.interval as { description: string; anyOf: { type: string; pattern?: string; minimum?: number }[] };
    expect(interval.description).toMatch(/How often to check/);
    expect(interval.anyOf[0]).toEqual({ type: 'number', minimum: 1 });
    const pattern = new RegExp(interval.anyOf[1]!.pattern!);
    for (const good of ['30s', '5m', '1h30m', '250ms', '45']) expect(pattern.test(good), good).toBe(true);
    for (const bad of ['fast', '5 minutes', '']) expect(pattern.test(bad), bad).toBe(false);
    expect(monitor.properties.method).toMatchObject({ type: 'string', enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] });
    expect(monitorInput.toJsonSchema()).not.toHaveProperty('required');
  });
});
