// An offer's activities as the rows of its audit-trail PDF: when, what, who (the recipient's e-mail,
// or the seller), from which IP and user agent, and the activity's data as short text.
import { isoDate } from '../platform/time.js';
import type { AuditEntry } from './offer-documents.js';

export interface AuditedActivity {
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

const actorOf = (data: Record<string, unknown>) => (typeof data.email === 'string' ? data.email : 'seller (Offers API)');

function detailsOf(type: string, data: Record<string, unknown>): string {
  const skip = new Set(['ip', 'userAgent', 'email']);
  return (
    Object.entries(data)
      .filter(([k, v]) => !skip.has(k) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n')
      .slice(0, 600) || type
  );
}

export function auditEntry(a: AuditedActivity): AuditEntry {
  return {
    at: isoDate(a.created_at),
    type: a.type,
    actor: actorOf(a.data),
    ip: typeof a.data.ip === 'string' ? a.data.ip : null,
    userAgent: typeof a.data.userAgent === 'string' ? a.data.userAgent.slice(0, 200) : null,
    details: detailsOf(a.type, a.data),
  };
}
