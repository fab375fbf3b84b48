import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Outgoing e-mail (alert digests, campaign reminders). Configured by SMTP_URL (smtp:// or smtps://,
 * credentials in the URL) and MAIL_FROM; without SMTP_URL there is no mailer and callers skip
 * e-mail. One transport per process, reused across sends.
 */

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text: every digest must read well without HTML. */
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe or a reference for threading. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailConfig {
  SMTP_URL?: string | undefined;
  MAIL_FROM?: string | undefined;
  origin: string;
}

/** The sender when MAIL_FROM is unset: counterpoint@ the web address's host. */
export function defaultSender(origin: string): string {
  let host = 'localhost';
  try {
    host = new URL(origin).hostname || host;
  } catch {
    // origin is validated by the config schema; keep the fallback for hand-built configs.
  }
  return `Counterpoint <counterpoint@${host}>`;
}

export function createMailer(config: MailConfig, options: { timeoutMs?: number } = {}): Mailer | null {
  if (!config.SMTP_URL) return null;
  const timeout = options.timeoutMs ?? 20_000;
  const transport: Transporter = nodemailer.createTransport(config.SMTP_URL, {
    from: config.MAIL_FROM ?? defaultSender(config.origin),
  });
  // Bounded waits: a mail server that hangs must not hold a job for ever.
  Object.assign(transport.options, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      const info = (await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      })) as { messageId: string };
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

let shared: { key: string; mailer: Mailer | null } | undefined;

/** One mailer per process and configuration, so jobs share the connection settings. */
export function sharedMailer(config: MailConfig): Mailer | null {
  const key = `${config.SMTP_URL ?? ''}|${config.MAIL_FROM ?? ''}|${config.origin}`;
  if (shared?.key !== key) {
    shared?.mailer?.close();
    shared = { key, mailer: createMailer(config) };
  }
  return shared.mailer;
}
