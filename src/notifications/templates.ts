// The e-mails, as text and HTML. German for offers in a German locale, English otherwise (the
// recipient page makes the same choice). Everything a user typed is escaped in the HTML part.
import { escapeHtml } from '../platform/html.js';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
}

export interface InvitationInput {
  locale: string;
  organisation: string;
  offerName: string | null;
  offerNumber: string;
  recipient: { email: string; firstName: string | null; lastName: string | null };
  link: string;
  validUntil: Date | null;
  customMessage: string | null;
  replyTo: string | null;
}

const TEXTS = {
  de: {
    subject: (title: string, org: string) => `Ihr Angebot ${title} von ${org}`,
    greeting: (name: string | null) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    intro: (org: string) => `${org} hat Ihnen ein Angebot gesendet.`,
    action: 'Angebot ansehen',
    valid: (date: string) => `Gültig bis ${date}.`,
    note: 'Dieser Link ist persönlich: Bitte leiten Sie ihn nicht weiter.',
    date: (d: Date) => d.toLocaleDateString('de-DE', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }),
  },
  en: {
    subject: (title: string, org: string) => `Your offer ${title} from ${org}`,
    greeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (org: string) => `${org} has sent you an offer.`,
    action: 'View the offer',
    valid: (date: string) => `Valid until ${date}.`,
    note: 'This link is personal: please do not forward it.',
    date: (d: Date) => d.toLocaleDateString('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }),
  },
};

export function offerInvitation(input: InvitationInput): Email {
  const t = input.locale.toLowerCase().startsWith('de') ? TEXTS.de : TEXTS.en;
  const title = input.offerName ? `${input.offerNumber} "${input.offerName}"` : input.offerNumber;
  const name = [input.recipient.firstName, input.recipient.lastName].filter(Boolean).join(' ') || null;
  const valid = input.validUntil ? t.valid(t.date(input.validUntil)) : null;
  const paragraphs = [t.intro(input.organisation), input.customMessage, valid].filter((p): p is string => Boolean(p));

  const text = [t.greeting(name), '', ...paragraphs.flatMap((p) => [p, '']), `${t.action}: ${input.link}`, '', t.note, ''].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(t.greeting(name))}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.action)}</a></p>`,
    `<p style="color: #666; font-size: 0.9em">${escapeHtml(t.note)}</p>`,
    '</body></html>',
  ].join('\n');
  return {
    to: input.recipient.email,
    subject: t.subject(title, input.organisation),
    text,
    html,
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
  };
}

export interface PayerNoticeInput {
  kind: 'invoice_underpaid' | 'invoice_overpaid';
  to: string;
  merchant: string;
  title: string;
  /** What the payer quotes to the merchant: the merchant's own order reference (foreign_id). */
  reference: string;
  currency: string;
  due: string;
  paid: string;
  surplus: string;
}

/** Payers are addressed in English, as the Merchant API's hosted page does. */
export function payerNotice(input: PayerNoticeInput): Email {
  const amount = (a: string) => `${a} ${input.currency}`;
  const lines =
    input.kind === 'invoice_underpaid'
      ? {
          subject: `Your payment for "${input.title}" was less than requested`,
          body: [
            `You paid ${amount(input.paid)} for "${input.title}" from ${input.merchant}, but ${amount(input.due)} was requested, so the payment could not be completed.`,
            `To get your payment back, contact ${input.merchant} and quote the reference ${input.reference}.`,
          ],
        }
      : {
          subject: `You paid more than requested for "${input.title}"`,
          body: [
            `You paid ${amount(input.paid)} for "${input.title}" from ${input.merchant}; ${amount(input.due)} was requested. Your payment is complete.`,
            `The surplus of ${amount(input.surplus)} is yours: to recover it, contact ${input.merchant} and quote the reference ${input.reference}.`,
          ],
        };
  return {
    to: input.to,
    subject: lines.subject,
    text: ['Hello,', '', ...lines.body.flatMap((p) => [p, '']), ''].join('\n'),
    html: [
      '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
      '<p>Hello,</p>',
      ...lines.body.map((p) => `<p>${escapeHtml(p)}</p>`),
      '</body></html>',
    ].join('\n'),
  };
}
