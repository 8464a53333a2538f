/** Starts a whole Lookout (real SQLite file, real HTTP API, real monitors.yaml) for a test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLookout, type Lookout, type LookoutOptions } from '../../src/main.js';
import { createLogger } from '../../src/util/log.js';

export const TEST_TOKEN = 'test-token-0123456789';

export interface ApiRequestOptions {
  /** The Bearer token; null sends none. Default: the Lookout's own. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  readonly rawBody?: string;
}

/** A request to a running Lookout's API; a body is sent as JSON, and the answer read as JSON when it is. */
export async function callApi(lookout: Lookout, method: string, urlPath: string, body?: unknown, options: ApiRequestOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? lookout.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined = options.rawBody;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${lookout.url}${urlPath}`, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export interface TestLookout {
  readonly lookout: Lookout;
  readonly dir: string;
  readonly configFile: string;
  readonly dataDir: string;
  /** Every log line written so far. */
  readonly logs: string[];
  api(method: string, urlPath: string, body?: unknown, options?: ApiRequestOptions): Promise<{ status: number; body: any; headers: Headers }>;
  writeConfig(yaml: string): void;
  stop(): Promise<void>;
}

export async function startTestLookout(yaml: string, options: Partial<LookoutOptions> & { env?: Record<string, string> } = {}): Promise<TestLookout> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-e2e-'));
  const configFile = path.join(dir, 'monitors.yaml');
  const dataDir = path.join(dir, 'data');
  writeFileSync(configFile, yaml);
  const logs: string[] = [];
  let lookout: Lookout | null = null;
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line), secrets: () => lookout?.service.secrets() ?? [] });
  lookout = await startLookout({
    configFile,
    dataDir,
    port: 0,
    env: { LOOKOUT_API_TOKEN: TEST_TOKEN, ...options.env },
    log,
    flushMs: 10,
    configDebounceMs: 50,
    ...options,
  });
  const started = lookout;
  return {
    lookout: started,
    dir,
    configFile,
    dataDir,
    logs,
    api(method, urlPath, body, requestOptions) {
      return callApi(started, method, urlPath, body, requestOptions);
    },
    writeConfig(text) {
      writeFileSync(configFile, text);
    },
    async stop() {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
