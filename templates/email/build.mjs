#!/usr/bin/env node
/**
 * Compiles templates/email/<kind>.mjml into compiled/<kind>.html (run by `npm run build`).
 * The Eta tags (<%= ... %>) pass through MJML untouched and are filled in when an alert is sent,
 * so the running process never loads MJML (30-40 MB of memory and half a second of start-up).
 *
 *   node templates/email/build.mjs          write compiled/*.html
 *   node templates/email/build.mjs --check  exit 1 if a compiled file is missing or stale
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mjml2html from 'mjml';

const DIR = path.dirname(fileURLToPath(import.meta.url));
export const KINDS = ['down', 'up', 'degraded', 'tls-expiring', 'tls-expired', 'tls-renewed', 'flapping', 'reminder', 'test'];

/** The compiled HTML of one kind; throws on MJML validation errors. */
export async function compile(kind) {
  const file = path.join(DIR, `${kind}.mjml`);
  // MJML 5 skips <mj-include> unless told otherwise; ours are the partials/ next to this script.
  // `fonts: {}`: MJML links Google Fonts for any family it knows that the CSS names (Roboto in
  // our system font stack), so every alert opened would have fetched fonts.googleapis.com.
  const result = await mjml2html(await readFile(file, 'utf8'), { filePath: file, validationLevel: 'strict', keepComments: false, ignoreIncludes: false, fonts: {} });
  return result.html;
}

async function main() {
  const check = process.argv.includes('--check');
  await mkdir(path.join(DIR, 'compiled'), { recursive: true });
  const stale = [];
  for (const kind of KINDS) {
    const html = await compile(kind);
    const target = path.join(DIR, 'compiled', `${kind}.html`);
    const current = await readFile(target, 'utf8').catch(() => null);
    if (current === html) continue;
    if (check) stale.push(kind);
    else await writeFile(target, html);
  }
  if (stale.length > 0) {
    process.stderr.write(`email templates out of date: ${stale.join(', ')}; run npm run build\n`);
    process.exit(1);
  }
  if (!check) process.stdout.write(`email templates compiled: ${KINDS.length} in ${path.relative(process.cwd(), path.join(DIR, 'compiled')) || '.'}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`email templates: ${error.getMessages?.().join('\n') ?? error.message}\n`);
    process.exit(1);
  });
}
