import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/config/issues.js';
import { checkConfigText, loadConfigText } from '../../src/config/load.js';

const errorsOf = (text: string, env: Record<string, string> = {}): string[] => {
  const result = loadConfigText(text, env);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.errors.map(formatFieldError);
};

describe('loading monitors.yaml', () => {
  it('applies defaults and built-in defaults to each monitor', () => {
    const result = loadConfigText(
      `defaults:
  interval: 30s
  timeout: 5s
  retries: 2
  headers: { X-Team: ops }
  expect:
    maxResponseTime: 2s
monitors:
  - name: Shop API
    url: https://shop.example.com/health
    headers: { Authorization: "Bearer abc" }
    expect:
      status: [200-299, 301]
      contains: healthy
  - id: plain
    url: http://127.0.0.1:9/
    interval: 5m
`,
      {},
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [shop, plain] = result.config.monitors;
    expect(shop).toMatchObject({
      id: 'shop-api',
      name: 'Shop API',
      interval: 30,
      timeout: 5,
      retries: 2,
      method: 'GET',
      headers: { 'X-Team': 'ops', Authorization: 'Bearer abc' },
      expect: { status: [[200, 299], [301, 301]], contains: 'healthy', maxResponseTime: 2, notContains: null },
      tls: { verify: true, expiryWarningDays: [30, 14, 7] },
      paused: false,
    });
    expect(plain).toMatchObject({ id: 'plain', name: 'plain', interval: 300, timeout: 5, expect: { status: [[200, 399]], maxResponseTime: 2 } });
  });

  it('names the path and line of a bad duration', () => {
    const text = `monitors:
  - id: a
    url: http://a.test/
  - id: b
    url: http://b.test/
  - id: c
    url: http://c.test/
    interval: fast
`;
    expect(errorsOf(text)).toEqual(['monitors[2].interval: expected a duration like "30s", got "fast" (line 8)']);
  });

  it('lists every error at once, each with its line', () => {
    const errors = errorsOf(`monitors:
  - id: Bad Id
    url: ftp://x
  - name: ok
    url: http://ok.test/
    intervl: 5s
    expect:
      status: [200-199]
  - name: no-url
`);
    expect(errors).toContain('monitors[0].id: expected a slug of lowercase letters, digits, "-" or "_" (at most 64) (line 2)');
    expect(errors).toContain('monitors[0].url: expected an http:// or https:// URL, got "ftp://x" (line 3)');
    expect(errors).toContain('monitors[1].intervl: unknown field "intervl" (did you mean "interval"?) (line 6)');
    expect(errors.some((line) => line.startsWith('monitors[1].expect.status[0]: expected a status like 200') && line.endsWith('(line 8)'))).toBe(true);
    expect(errors).toContain('monitors[2].url: required: the URL to check (line 9)');
    expect(errors.length).toBe(5);
  });

  it('lists missing fields, duplicate ids and unknown channels together with field errors, in file order', () => {
    expect(errorsOf(`channels:
  ops: { type: webhook, url: http://hooks.test/ }
monitors:
  - {id: a, url: http://x/, interval: fast}
  - {id: b}
  - {id: c, url: http://x/}
  - {id: c, url: http://x/, alerts: [nosuch]}
  - {name: "!!!", url: http://x/, retries: many}
`)).toEqual([
      'monitors[0].interval: expected a duration like "30s", got "fast" (line 4)',
      'monitors[1].url: required: the URL to check (line 5)',
      'monitors[3].id: duplicate id "c" (also monitors[2]); ids must be unique (line 7)',
      'monitors[3].alerts[0]: no channel named "nosuch" (declared channels: ops) (line 7)',
      'monitors[4].retries: expected a whole number, got text (line 8)',
      'monitors[4].id: no id can be derived from the name "!!!" (it has no letter a-z or digit 0-9): add an id field (line 8)',
    ]);
  });

  it('reports a missing url at the monitor that lacks it', () => {
    expect(errorsOf(`monitors:
  - id: a
    url: http://a.test/
  - name: No URL
    interval: 10s
`)).toEqual(['monitors[1].url: required: the URL to check (line 4)']);
  });

  it('rejects duplicate ids, including ids derived from names', () => {
    expect(errorsOf(`monitors:
  - name: Shop API
    url: http://a.test/
  - id: shop-api
    url: http://b.test/
`)).toEqual(['monitors[1].id: duplicate id "shop-api" (also monitors[0]); ids must be unique (line 4)']);
  });

  it('says why a monitor has no id: neither id nor name, or a name without a letter a-z or digit', () => {
    expect(errorsOf(`monitors:\n  - url: http://a.test/\n  - name: Магазин\n    url: http://b.test/\n  - name: "!!!"\n    url: http://c.test/\n`)).toEqual([
      'monitors[0].id: a monitor needs an id or a name (line 2)',
      'monitors[1].id: no id can be derived from the name "Магазин" (it has no letter a-z or digit 0-9): add an id field (line 3)',
      'monitors[2].id: no id can be derived from the name "!!!" (it has no letter a-z or digit 0-9): add an id field (line 5)',
    ]);
  });

  it('shows a number given as text', () => {
    expect(errorsOf(`monitors:\n  - id: a\n    url: http://a.test/\n    retries: "3"\n`)).toEqual(['monitors[0].retries: expected a whole number, got the text "3" (line 4)']);
  });

  it('says a file must hold one YAML document', () => {
    expect(errorsOf(`monitors: []\n---\nmonitors: []\n`)).toEqual(['the file must hold one YAML document: remove the `---` separator (line 2)']);
  });

  it('rejects an interval under one second', () => {
    expect(errorsOf(`monitors:\n  - id: a\n    url: http://a.test/\n    interval: 500ms\n`)).toEqual(['monitors[0].interval: must be at least 1s, got "500ms" (line 4)']);
  });

  it('refuses a header that can never be sent: a name with a space or empty, a value with a line break', () => {
    const text = 'monitors:\n  - id: a\n    url: http://a.test/\n    headers:\n      Bad Header: x\n      "": y\n      X-Token: "tok\\r\\nInjected: 1"\n      Authorization: Bearer ok\n';
    expect(errorsOf(text)).toEqual([
      `monitors[0].headers["Bad Header"]: expected a header name: letters, digits and !#$%&'*+-.^_\`|~, no spaces (line 5)`,
      `monitors[0].headers[""]: expected a header name: letters, digits and !#$%&'*+-.^_\`|~, no spaces (line 6)`,
      // The value may be a secret: never in the message.
      'monitors[0].headers.X-Token: a header value cannot hold a line break or NUL (line 7)',
    ]);
  });

  it("gives a field's error the line of its key, also when its value is a block below it", () => {
    const text = 'monitor:\n  - id: a\nmonitors:\n  - id: b\n    url: http://b.test/\n    headers:\n      - Accept\n';
    expect(errorsOf(text)).toEqual([
      'monitor: unknown field "monitor" (did you mean "monitors"?) (line 1)',
      'monitors[0].headers: expected a map of names to values, got a list (line 6)',
    ]);
  });

  it("lets a monitor's header replace the defaults' in any case, and refuses one header given twice", () => {
    const loaded = loadConfigText('defaults:\n  headers: { Authorization: Bearer shared, Accept: text/plain }\nmonitors:\n  - id: a\n    url: http://a.test/\n    headers: { authorization: Bearer own }\n', {});
    expect(loaded.ok && loaded.config.monitors[0]!.headers).toEqual({ Accept: 'text/plain', authorization: 'Bearer own' });
    expect(errorsOf('monitors:\n  - id: a\n    url: http://a.test/\n    headers:\n      X-Token: one\n      x-token: two\n')).toEqual([
      'monitors[0].headers: "X-Token" and "x-token" name the same header (names are case-insensitive): keep one (line 4)',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [error] = errorsOf(`monitors:\n  - id: a\n    url: http://a.test/\n   bad: [unclosed\n`);
    expect(error).toMatch(/^YAML syntax: .*\(line \d+\)$/);
  });

  it('interpolates ${ENV} in values, with fallbacks and escapes', () => {
    const result = loadConfigText(
      `monitors:
  - id: a
    url: https://\${HOST}:\${PORT:-8443}/health
    headers: { Authorization: "Bearer \${TOKEN}", X-Literal: "$\${NOT_A_VAR}" }
`,
      { HOST: 'shop.test', TOKEN: 's3cret' },
    );
    expect(result.ok && result.config.monitors[0]).toMatchObject({
      url: 'https://shop.test:8443/health',
      headers: { Authorization: 'Bearer s3cret', 'X-Literal': '${NOT_A_VAR}' },
    });
  });

  it('names an unset environment variable, its path and line', () => {
    expect(errorsOf(`monitors:\n  - id: a\n    url: http://a.test/\n    headers:\n      Authorization: "Bearer \${SHOP_TOKEN}"\n`)).toEqual([
      'monitors[0].headers.Authorization: environment variable SHOP_TOKEN is not set (use ${SHOP_TOKEN:-fallback} for a default) (line 5)',
    ]);
    // Only that: not also the form the empty value fails.
    expect(errorsOf(`monitors:\n  - id: a\n    url: \${SHOP_URL}\n`)).toEqual([
      'monitors[0].url: environment variable SHOP_URL is not set (use ${SHOP_URL:-fallback} for a default) (line 3)',
    ]);
  });

  it('with allowMissingEnv, does not check the format of a value held in an unset variable, and checks the rest', () => {
    const text = `channels:
  slack: { type: webhook, preset: slack, url: "\${SLACK_WEBHOOK_URL}" }
defaults:
  interval: \${IVL}
monitors:
  - id: \${MON_ID}
    url: \${SHOP_URL}
    method: \${METHOD}
  - id: b
    url: https://\${HOST}/health
    alerts: ["\${CHANNEL}"]
`;
    expect(checkConfigText(text, {}, { allowMissingEnv: true })).toEqual({ ok: true, monitors: 2, warnings: [] });
    // Known values are still checked, and so is a type no variable can change: text is no number.
    const bad = checkConfigText(`${text}    retries: \${RETRIES}\n  - id: c\n    url: nope\n`, {}, { allowMissingEnv: true });
    expect(bad.ok ? [] : bad.errors.map(formatFieldError)).toEqual([
      'monitors[1].retries: expected a whole number, got text (line 12)',
      'monitors[2].url: expected an http:// or https:// URL, got "nope" (line 14)',
    ]);
    // Without it, every unset variable is an error.
    expect(checkConfigText(text, {}).ok).toBe(false);
  });

  it('refuses an empty file, which is more likely truncated than meant, and accepts an explicit empty list', () => {
    for (const text of ['', '# nothing yet\n', '  \n\n', '---\n']) {
      expect(errorsOf(text)).toEqual(['monitors.yaml is empty: declare `monitors: []` for no monitors']);
    }
    const result = loadConfigText('monitors: []\n', {});
    expect(result.ok && result.config.monitors).toEqual([]);
  });

  it('clamps a timeout longer than the interval so checks never overlap', () => {
    const result = loadConfigText(`monitors:\n  - id: a\n    url: http://a.test/\n    interval: 2s\n    timeout: 10s\n`, {});
    expect(result.ok && result.config.monitors[0]?.timeout).toBe(2);
  });
});

describe('errors never echo secrets', () => {
  it('hides the password of an invalid URL in the message', () => {
    const [error] = errorsOf('monitors:\n  - id: a\n    url: ftp://admin:hunter2@files.test/\n');
    expect(error).toBe('monitors[0].url: expected an http:// or https:// URL, got "ftp://admin:[redacted]@files.test/" (line 3)');
  });
});
