import nodemailer from 'nodemailer';
import type { Config, MailTransport } from '../config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The outgoing mailer, or null when email is off. A transport injected through the config (tests)
 * wins over `SMTP_URL`. The SMTP URL carries the password: it is handed to nodemailer and never
 * logged or put into error messages (see `describeSmtp`).
 */
export function createMailer(config: Config): Mailer | null {
  let transport: MailTransport | undefined = config.mailTransport;
  if (!transport && config.smtpUrl) {
    const smtp = nodemailer.createTransport(config.smtpUrl);
    // A pooled (`?pool=true`) or OAuth2 transport reports connection failures as 'error' events;
    // unheard, one would end the process. Each send still fails (and is retried) on its own.
    smtp.on('error', (err) => console.error('[mail] transport error:', err.message));
    transport = smtp as MailTransport;
  }
  if (!transport) return null;
  const t = transport;
  return {
    async send(message) {
      await t.sendMail({ from: config.smtpFrom, ...message });
    },
  };
}

/** `smtp://user:***@host:587` for logs: the password never leaves the config. */
export function describeSmtp(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'smtp (unparsable URL)';
  }
}
