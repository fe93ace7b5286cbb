// The users' e-mails (invitation, password reset), sent at once through the project's SMTP mailer
// when SMTP_URL is set. A link is personal: the text says so and how long it holds.
import type { Deps } from '../platform/deps.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { smtpMailer } from '../notifications/mailer.js';
import type { Email } from '../notifications/templates.js';

export type UserMailKind = 'invitation' | 'reset';

const TEXTS = {
  en: {
    invitation: {
      subject: (org: string) => `Your access to ${org} on offerpay`,
      intro: (org: string) => `You were invited to the console of ${org}. Choose your password to sign in:`,
      valid: 'The link holds for 7 days and works once.',
    },
    reset: {
      subject: () => 'Reset your offerpay password',
      intro: (org: string) => `Someone asked to reset your password for ${org}. Choose a new one here:`,
      valid: 'The link holds for 1 hour and works once. If you did not ask for it, ignore this e-mail.',
    },
  },
  de: {
    invitation: {
      subject: (org: string) => `Ihr Zugang zu ${org} bei offerpay`,
      intro: (org: string) => `Sie wurden in die Konsole von ${org} eingeladen. Wählen Sie Ihr Passwort, um sich anzumelden:`,
      valid: 'Der Link gilt 7 Tage und funktioniert einmal.',
    },
    reset: {
      subject: () => 'offerpay-Passwort zurücksetzen',
      intro: (org: string) => `Jemand hat verlangt, Ihr Passwort für ${org} zurückzusetzen. Hier wählen Sie ein neues:`,
      valid: 'Der Link gilt 1 Stunde und funktioniert einmal. Wenn Sie das nicht verlangt haben, ignorieren Sie diese E-Mail.',
    },
  },
};

export function userEmail(kind: UserMailKind, m: { to: string; organisation: string; link: string; lang: Lang }): Email {
  const t = TEXTS[m.lang][kind];
  const intro = t.intro(m.organisation);
  return {
    to: m.to,
    subject: t.subject(m.organisation),
    text: [intro, '', m.link, '', t.valid, ''].join('\n'),
    html: [
      '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
      `<p>${escapeHtml(intro)}</p>`,
      `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>`,
      `<p style="color: #666; font-size: 0.9em">${escapeHtml(t.valid)}</p>`,
      '</body></html>',
    ].join(''),
  };
}

/** Sends when SMTP_URL is set; returns whether it was sent. A failure is thrown to the caller. */
export async function sendUserEmail(deps: Pick<Deps, 'config'>, email: Email): Promise<boolean> {
  if (!deps.config.smtpUrl) return false;
  const mailer = smtpMailer(deps.config.smtpUrl);
  try {
    await mailer.send(deps.config.mailFrom, email);
    return true;
  } finally {
    mailer.close();
  }
}
