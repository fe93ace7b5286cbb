// The offer's state machine as data: which action may happen in which status, and where it leads.
// Pure: no I/O. Services lock the row, ask `transition`, then write.

export const OFFER_STATUSES = ['open', 'signing', 'awaiting_invoice_details', 'signed', 'archived'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const ACCEPTANCE_MODES = ['click', 'esignature', 'print'] as const;
export type AcceptanceMode = (typeof ACCEPTANCE_MODES)[number];

export const DEAL_TYPES = ['new_business', 'expansion', 'renewal', 'one_off'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const OFFER_ACTIONS = [
  'update',
  'add_recipient',
  'remove_recipient',
  'publish',
  'cancel_signing',
  'accept_manually',
  // A recipient accepts or the last signature lands while invoice details are still missing.
  'await_invoice_details',
  'capture_invoice_details',
  // The last signature lands and the invoice details were captured during signing already.
  'complete_signing',
  'archive',
] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

/** Target status per action and source status; a missing entry means "not allowed" (409). */
const TABLE: Record<OfferAction, Partial<Record<OfferStatus, OfferStatus | ((mode: AcceptanceMode) => OfferStatus)>>> = {
  update: { open: 'open' },
  add_recipient: { open: 'open' },
  remove_recipient: { open: 'open' },
  // An e-signature offer starts signing; click and print offers stay open until a recipient accepts.
  publish: { open: (mode) => (mode === 'esignature' ? 'signing' : 'open') },
  // signing → open only by cancel-signing.
  cancel_signing: { signing: 'open' },
  accept_manually: { open: 'signed', signing: 'signed' },
  await_invoice_details: { open: 'awaiting_invoice_details', signing: 'awaiting_invoice_details' },
  capture_invoice_details: { awaiting_invoice_details: 'signed' },
  complete_signing: { signing: 'signed' },
  // A signed offer is a contract record and stays; archived is final.
  archive: { open: 'archived', signing: 'archived', awaiting_invoice_details: 'archived' },
};

export type Transition = { ok: true; to: OfferStatus } | { ok: false; reason: string };

export function transition(from: OfferStatus, action: OfferAction, mode: AcceptanceMode = 'click'): Transition {
  const target = TABLE[action][from];
  if (target === undefined) return { ok: false, reason: conflictMessage(from, action) };
  return { ok: true, to: typeof target === 'function' ? target(mode) : target };
}

/** The statuses in which `action` is allowed (for messages and guarded updates). */
export function allowedFrom(action: OfferAction): OfferStatus[] {
  return OFFER_STATUSES.filter((s) => TABLE[action][s] !== undefined);
}

function conflictMessage(from: OfferStatus, action: OfferAction): string {
  if (action === 'cancel_signing') return `The offer is not in a signing state (status "${from}").`;
  const allowed = allowedFrom(action);
  return `The offer is "${from}"; "${action}" is allowed only when it is ${allowed.map((s) => `"${s}"`).join(' or ')}.`;
}
