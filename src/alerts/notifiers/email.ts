/**
 * Email over SMTP with nodemailer: an HTML part (from MJML, compiled at build time) and a plain
 * text alternative. `security`: `tls` is implicit TLS (port 465), `starttls` requires the upgrade
 * (587), `none` sends in clear (a local relay).
 *
 * Errors carry their policy: 5xx answers and rejected credentials are permanent, connection
 * trouble and 4xx answers are retried.
 */
import { v, type Output } from '../../config/kit.js';
import type { AlertEvent } from '../events.js';
import { createEmailRenderer, type EmailRenderer } from '../email/templates.js';
import { untilAborted } from './http.js';
import { deliveryFields } from './fields.js';
import { DeliveryError, type Notifier, type NotifierPlugin, type SendContext } from './types.js';

const address = v.string().refine((value) => /^[^@\s<>]+@[^@\s<>]+$/.test(value.match(/<([^>]+)>\s*$/)?.[1] ?? value.trim()), {
  error: (issue) => `expected an email address like "ops@example.com" or "Ops <ops@example.com>", got ${JSON.stringify(issue.input)}`,
}).meta({ json: { pattern: '@|\\$\\{' } });

export const schema = v.object({
  type: v.literal('email'),
  smtp: v.object({
    host: v.string().min(1),
    port: v.number().int().min(1).max(65535).optional().meta({ description: 'Default 465 for tls, 587 for starttls, 25 for none' }),
    security: v.enum(['none', 'starttls', 'tls']).optional().meta({ description: 'tls: implicit TLS; starttls (default): upgrade required; none: clear text' }),
    user: v.string().min(1).optional(),
    pass: v.string().min(1).optional().meta({ description: 'Use ${ENV_VAR}: never commit it' }),
  }),
  from: address,
  to: v.array(address).min(1),
  ...deliveryFields,
});
export type EmailConfig = Output<typeof schema>;

export function smtpPort(smtp: EmailConfig['smtp']): number {
  if (smtp.port !== undefined) return smtp.port;
  const security = smtp.security ?? 'starttls';
  return security === 'tls' ? 465 : security === 'starttls' ? 587 : 25;
}

/** nodemailer's error -> a delivery error with its policy. */
export function classifySmtpError(error: unknown): DeliveryError {
  const failure = error as { message?: string; code?: string; responseCode?: number };
  const message = `SMTP: ${failure.message ?? String(error)}`.replace(/\s+/g, ' ');
  if (failure.code === 'EAUTH') return new DeliveryError(message, true);
  if (typeof failure.responseCode === 'number') return new DeliveryError(message, failure.responseCode >= 500);
  return new DeliveryError(message, false);
}

export function create(config: EmailConfig, renderer: EmailRenderer = createEmailRenderer()): Notifier {
  const security = config.smtp.security ?? 'starttls';
  return {
    async send(event: AlertEvent, context: SendContext) {
      const mail = renderer.render(event);
      const timeoutMs = 60_000;
      // Loaded on the first email, not at start: nodemailer weighs about 13 MB of memory.
      const { default: nodemailer } = await import('nodemailer');
      // One connection per message: alerts are rare, and closing it is how an attempt is aborted.
      const transport = nodemailer.createTransport({
        host: config.smtp.host,
        port: smtpPort(config.smtp),
        secure: security === 'tls',
        requireTLS: security === 'starttls',
        ignoreTLS: security === 'none',
        auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass ?? '' } : undefined,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
      try {
        await untilAborted(
          transport.sendMail({
            from: config.from,
            to: [...config.to],
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: { 'X-Lookout-Event': event.kind, 'X-Lookout-Delivery': String(context.deliveryId) },
          }),
          context.signal,
        );
      } catch (error) {
        throw error instanceof DeliveryError ? error : classifySmtpError(error);
      } finally {
        transport.close();
      }
    },
  };
}

export function target(config: EmailConfig): string {
  return `${config.to.join(', ')} via ${config.smtp.host}:${smtpPort(config.smtp)} (${config.smtp.security ?? 'starttls'})`;
}

export function secrets(config: EmailConfig): string[] {
  return config.smtp.pass ? [config.smtp.pass] : [];
}

export const plugin = { schema, create: (config: EmailConfig) => create(config), target, secrets } satisfies NotifierPlugin<typeof schema>;
