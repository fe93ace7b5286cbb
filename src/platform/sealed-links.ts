// Recipient links inside stored events. Every offer event carries the offer as the API shows it,
// each recipient's personal link included, and events are kept for RETENTION_DAYS (the outbox row,
// then one delivery per endpoint). There a link's token is sealed: `PUBLIC_URL/o/{sealed:v1:…}`, the
// token encrypted with SECRET_KEY (crypto.ts). The webhook worker opens the seals when it sends, so a
// receiver gets the working link, and every attempt the same bytes (the same token, the same JSON).
//
// Seals are opened only where the server writes them, `data.recipients[*].link` of an event body:
// text a client puts anywhere else in an offer is never read as a seal.
import { decryptSecret, encryptSecret } from './crypto.js';

const SEALED = /^(.*\/o\/)\{sealed:(v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*)\}$/s;
const PLAIN = /^(.*\/o\/)([A-Za-z0-9_-]+)$/s;

type Recipient = { link?: unknown };
type WithRecipients = { recipients?: unknown };

const recipientsOf = (data: unknown): Recipient[] | null => {
  const recipients = data !== null && typeof data === 'object' ? (data as WithRecipients).recipients : undefined;
  return Array.isArray(recipients) ? (recipients as Recipient[]) : null;
};

/** `…/o/<token>` → `…/o/{sealed:<the token encrypted>}`; a link in another form is kept as it is. */
export function sealLink(key: Buffer, link: string): string {
  const m = PLAIN.exec(link);
  return m ? `${m[1]}{sealed:${encryptSecret(key, m[2]!)}}` : link;
}

/** A copy of an event's `data` with each recipient's link sealed (other data is returned as it is). */
export function sealRecipientLinks<T>(key: Buffer, data: T): T {
  const recipients = recipientsOf(data);
  if (!recipients) return data;
  return {
    ...data,
    recipients: recipients.map((r) => (typeof r?.link === 'string' ? { ...r, link: sealLink(key, r.link) } : r)),
  };
}

export interface OpenedBody {
  /** The bytes to send: the stored body with every seal opened. */
  body: string;
  /** The tokens it holds, to keep out of what is recorded about the attempt (a receiver may echo the body). */
  tokens: string[];
}

/**
 * Opens the seals of a stored webhook body (`{event, tenantId, data}`, made by JSON.stringify). A body
 * without seals is returned unchanged; with seals, parsing and stringifying again gives the same
 * bytes but for the opened links. Throws when a seal does not open (SECRET_KEY changed).
 */
export function openRecipientLinks(key: Buffer, stored: string): OpenedBody {
  if (!stored.includes('{sealed:')) return { body: stored, tokens: [] };
  const parsed = JSON.parse(stored) as { data?: unknown };
  const tokens: string[] = [];
  for (const r of recipientsOf(parsed.data) ?? []) {
    const m = typeof r?.link === 'string' ? SEALED.exec(r.link) : null;
    if (!m) continue;
    const token = decryptSecret(key, m[2]!);
    tokens.push(token);
    r.link = `${m[1]}${token}`;
  }
  return tokens.length === 0 ? { body: stored, tokens } : { body: JSON.stringify(parsed), tokens };
}

/** Masks the given tokens in text kept about an attempt (a receiver's answer). */
export function maskTokens(text: string | null, tokens: readonly string[]): string | null {
  if (text === null) return null;
  return tokens.reduce((t, token) => t.replaceAll(token, '***'), text);
}
