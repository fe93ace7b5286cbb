// The closed catalogue of offer activities: the feed `GET /api/offers/{id}/activities` shows and the
// audit-trail PDF prints. Each type has its own typed data, so a name cannot be a free string and a
// payload cannot drift from what its readers expect (Documenso keeps its audit log the same way).

/** Who did it on the recipient's side: the audit trail shows the e-mail, IP and user agent. */
interface ByRecipient {
  recipientId: string;
  email: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface ActivityData {
  'offer.created': { number: string; name: string | null; offerTemplateId: string | null };
  'offer.updated': { fields: string[]; versionHash: string; contentChanged: boolean };
  'offer.published': {
    versionHash: string;
    recipientIds: string[];
    notifyRecipients: boolean;
    customMessage: string | null;
    invitationsQueued: number;
  };
  'offer.signing_started': { recipientIds: string[] };
  'offer.signing_cancelled': Record<string, never>;
  'offer.signing_completed': { signers: string[] } & Partial<ByRecipient>;
  'offer.accepted':
    | { manual: true; acceptedAt: string; signedDocument: string | null; subscriptionId: string; subscriptionStatus: string }
    | (ByRecipient & { mode: 'click'; consent: true; versionHash: string | null });
  'offer.invoice_details_captured': ByRecipient & { fields: string[]; purchaseOrderDocument: string | null };
  'offer.signed': {
    signedDocument: string;
    signedDocumentSha256: string;
    versionHash: string;
    subscriptionId: string;
    subscriptionStatus: string;
  };
  'offer.documents_rendered': { signedDocument: string; signedDocumentSha256: string; auditLogDocument: string };
  'offer.archived': { from: string };
  'recipient.added': { recipientId: string; email: string; role: string; sendEmail: boolean; invitationQueued: boolean };
  'recipient.removed': { recipientId: string };
  'recipient.viewed': ByRecipient & { role: string };
  'recipient.signed': ByRecipient & { role: string; fullName: string; consent: true; versionHash: string | null; signatureSha256: string };
  /** offerpay extension: the recipient declined the published version (reason optional, capped). */
  'recipient.declined': ByRecipient & { role: string; reason: string | null; versionHash: string | null };
  'recipient.invited': { recipientId: string; email: string };
  'recipient.invitation_failed': { recipientId: string; email: string; error?: string };
  'approval.requested': { requestId: string; versionHash: string; recipientIds: string[] };
  'approval.approved': ApprovalDecision;
  'approval.rejected': ApprovalDecision;
  'approval.superseded': { requestId: string; reason: string };
}

interface ApprovalDecision {
  requestId: string;
  step: string;
  /** `kind: 'user'` for a console user (label: their name); absent for an API token. */
  approver: { id: string; label: string | null; kind?: 'user' };
  comment: string | null;
  final: boolean;
}

export type ActivityType = keyof ActivityData;

/** One activity as written: its type and that type's data. */
export type Activity = { [T in ActivityType]: { type: T; data: ActivityData[T] } }[ActivityType];
