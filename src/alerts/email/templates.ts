/**
 * Renders an alert email from templates/email/: `<kind>.subject.eta` and `<kind>.text.eta`
 * (plain text, no escaping) and `compiled/<kind>.html` (HTML compiled from `<kind>.mjml` at
 * build time by templates/email/build.mjs, with Eta tags kept; escaped). MJML itself is never
 * loaded by the running process: it costs 30-40 MB of memory.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { colour, detail, facts, headline, humanDuration, subjectLine, subjectTag, type AlertEvent, type EventKind } from '../events.js';
import { isoString } from '../../util/time.js';

/** templates/email/ at the repository root (the same from src/ and build/). */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/email/', import.meta.url));

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

type Template = ReturnType<Eta['compile']>;

/** What templates see as `it`. */
export function templateData(event: AlertEvent) {
  return {
    event,
    monitor: event.monitor,
    headline: headline(event),
    detail: detail(event),
    subject: subjectLine(event),
    tag: subjectTag(event.kind),
    colour: colour(event.kind),
    facts: facts(event),
    at: isoString(event.at),
    downtime: event.downtimeSeconds === null ? null : humanDuration(event.downtimeSeconds),
    certificate: event.certificate,
  };
}

export interface EmailRenderer {
  render(event: AlertEvent): RenderedEmail;
}

/** Compiles each kind's templates on first use; throws if a template file is missing. */
export function createEmailRenderer(directory: string = TEMPLATE_DIR): EmailRenderer {
  // Text keeps its line breaks as written; control tags end in -%> to drop their own.
  const plain = new Eta({ autoEscape: false, autoTrim: false });
  const html = new Eta({ autoEscape: true, autoTrim: [false, 'nl'] });
  const cache = new Map<EventKind, { subject: Template; text: Template; html: Template }>();

  const load = (kind: EventKind) => {
    let templates = cache.get(kind);
    if (!templates) {
      const read = (file: string): string => readFileSync(path.join(directory, file), 'utf8');
      templates = {
        subject: plain.compile(read(`${kind}.subject.eta`)),
        text: plain.compile(read(`${kind}.text.eta`)),
        html: html.compile(read(path.join('compiled', `${kind}.html`))),
      };
      cache.set(kind, templates);
    }
    return templates;
  };

  return {
    render(event) {
      const templates = load(event.kind);
      const data = templateData(event);
      return {
        // A subject is one line whatever the template does with whitespace.
        subject: plain.render(templates.subject, data).replace(/\s+/g, ' ').trim(),
        text: `${plain.render(templates.text, data).trim()}\n`,
        html: html.render(templates.html, data),
      };
    },
  };
}
