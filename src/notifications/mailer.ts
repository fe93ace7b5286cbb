// The SMTP connection (nodemailer), made once from SMTP_URL, e.g. smtps://user:password@mail.example.com.
// nodemailer is imported with the first mailer, not at start: a server without SMTP_URL never loads it.
import type { Email } from './templates.js';

export interface Mailer {
  send(from: string, email: Email): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string): Mailer {
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport(smtpUrl, {
      // A hanging server must not hold a message's lease for long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never),
  );
  // A bad URL fails the first send (a temporary failure, retried), never as an unhandled rejection.
  transport.catch(() => {});
  return {
    async send(from, email) {
      await (await transport).sendMail({ from, ...email });
    },
    close: () =>
      void transport.then(
        (t) => t.close(),
        () => {},
      ),
  };
}

/** A server's 5xx answer will not change on retry (unknown mailbox, refused sender); anything else may. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
