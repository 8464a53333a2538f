/**
 * Real Chromium for dashboard tests (Debian's /usr/bin/chromium through playwright-core).
 * Without the browser the tests are skipped with a message, except under CI (CI=true), where a
 * missing browser fails the run: .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test-artifacts');
export const hasChromium = existsSync(CHROMIUM);

/** `describe` for browser tests: skipped locally without Chromium, failing in CI. */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium) {
    // A page load is a few hundred ms on a quiet machine, more when the test run shares the CPU.
    describe(name, { timeout: 20_000 }, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (.ci/run does)`);
      });
    });
    return;
  }
  process.stderr.write(`\n[dashboard] ${name}: SKIPPED, ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
  describe.skip(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page that records console errors, page errors and failed requests. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openPage(browser: Browser, options: { colorScheme?: 'dark' | 'light'; width?: number; height?: number; timezoneId?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'dark',
    timezoneId: options.timezoneId ?? 'UTC',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return { page, context, errors, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
