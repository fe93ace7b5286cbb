// The recipient's signingStatus as data. Pure: no I/O.

export const RECIPIENT_ROLES = ['read', 'sign', 'countersigner'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const SIGNING_STATUSES = ['not_started', 'pending', 'started', 'signed', 'archived'] as const;
export type SigningStatus = (typeof SIGNING_STATUSES)[number];

export const RECIPIENT_ACTIONS = [
  'start_signing', // the offer's signing process starts (publish of an e-signature offer)
  'open', // the recipient opens the signing view
  'sign',
  'request_countersignature', // every signer has signed: the countersigners are asked
  'countersign', // a countersigner signs, once no signer is left waiting
  'cancel_signing', // the process is cancelled: signatures on that version are void
  'archive', // the offer is archived
] as const;
export type RecipientAction = (typeof RECIPIENT_ACTIONS)[number];

const TABLE: Record<RecipientAction, Partial<Record<SigningStatus, SigningStatus>>> = {
  start_signing: { not_started: 'pending' },
  open: { pending: 'started', started: 'started' },
  sign: { pending: 'signed', started: 'signed' },
  request_countersignature: { not_started: 'pending' },
  // A countersigner may sign before being asked when the offer has no signer to wait for.
  countersign: { not_started: 'signed', pending: 'signed', started: 'signed' },
  cancel_signing: { pending: 'not_started', started: 'not_started', signed: 'not_started' },
  archive: { not_started: 'archived', pending: 'archived', started: 'archived', signed: 'archived' },
};

/** Who takes part in which action: readers never sign; countersigners sign last, so publishing leaves them not_started. */
export function participates(role: RecipientRole, action: RecipientAction): boolean {
  if (action === 'archive' || action === 'cancel_signing') return true;
  if (action === 'start_signing') return role === 'sign';
  if (action === 'request_countersignature' || action === 'countersign') return role === 'countersigner';
  return role !== 'read';
}

/** The next signingStatus, or null when the action does not apply (the recipient keeps its status). */
export function nextSigningStatus(role: RecipientRole, from: SigningStatus, action: RecipientAction): SigningStatus | null {
  if (!participates(role, action)) return null;
  return TABLE[action][from] ?? null;
}
