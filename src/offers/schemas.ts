// Wire schemas of the Offers API, declared once: they validate requests, serialize responses
// (fast-json-stringify drops fields not declared here, so OfferRead lists every field of the seed's
// Offer-OfferRead) and feed /openapi.json.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ACCEPTANCE_MODES, DEAL_TYPES, OFFER_STATUSES } from './states.js';
import { RECIPIENT_ROLES, SIGNING_STATUSES } from './recipient-states.js';

/** `type: [T, "null"]` rather than anyOf: one violation per bad value, and faster serialization. */
/** The most recipients one offer may have, however they are added (create, add one, publish). */
export const MAX_RECIPIENTS = 50;
/** The most line items one offer may have (the PDF's table has a row for each). */
export const MAX_LINE_ITEMS = 200;

export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });
export const enumOf = (values: readonly string[], options: Record<string, unknown> = {}) => Type.String({ enum: [...values], ...options });
export const DateTime = Type.String({ format: 'date-time', examples: ['2021-01-01T00:00:00+00:00'] });
export const Iso8601 = Type.String({
  // A date-time with an offset or Z; validated again when parsed.
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$',
  description: 'ISO-8601 date-time with offset',
  examples: ['2026-07-01T00:00:00+00:00'],
});

// ---------- read model ----------

export const RecipientRead = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    role: enumOf(RECIPIENT_ROLES),
    createdAt: DateTime,
    signingStatus: enumOf(SIGNING_STATUSES),
    signingLog: Type.Array(Type.String()),
    signedDocument: Nullable(Type.String({ format: 'uuid' })),
    link: Type.String({ description: "The recipient's personal link (an unguessable token)" }),
  },
  { $id: 'OfferRecipient' },
);

export const CustomerRead = Type.Object({
  id: Type.String(),
  customerNumber: Type.String(),
  timeZone: Type.String(),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  currencyCode: Type.String(),
  companyName: Nullable(Type.String()),
  datevId: Nullable(Type.String()),
  status: Type.String(),
});

export const ContactPersonRead = Type.Object({
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  avatar: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  linkedin: Nullable(Type.String()),
  position: Nullable(Type.String()),
  website: Nullable(Type.String()),
});

const LineItemFields = {
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  quantity: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  unitAmountCents: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description: 'Price per unit (or the flat fee) in cents' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', examples: ['EUR'] }),
  interval: Nullable(
    Type.String({ pattern: '^[1-9][0-9]{0,3}[HDWMY]$', description: 'Billing interval such as 1M or 1Y; null = one-time' }),
  ),
  priceType: enumOf(['per_unit', 'flat_fee']),
  taxRate: Type.Optional(
    Nullable(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description: "x-offerpay-extension: VAT percent; absent or null on write = the organisation's default tax rate",
      }),
    ),
  ),
  discountPercent: Type.Optional(
    Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'x-offerpay-extension: percent off this line' })),
  ),
};
export const LineItemRead = Type.Object(LineItemFields, { $id: 'OfferLineItem' });

const Cents = Type.String({ pattern: '^-?[0-9]+$', description: 'Cents as a string (may pass 2^53)' });
export const OfferTotalsRead = Type.Object(
  {
    currency: Type.String({ examples: ['EUR'] }),
    intervals: Type.Array(
      Type.Object({
        interval: Nullable(Type.String({ description: 'null: one-time; else the billing interval (1M, 1Y…)' })),
        subtotalCents: Cents,
        discountCents: Cents,
        netCents: Cents,
        taxes: Type.Array(Type.Object({ rate: Type.Number({ description: 'Percent' }), netCents: Cents, taxCents: Cents })),
        grossCents: Cents,
      }),
      { description: 'One-time first, then shorter intervals before longer ones' },
    ),
  },
  {
    description:
      'x-offerpay-extension: net, discount, VAT per rate and gross per billing interval (VAT rounded half up per rate); null without line items',
  },
);

const Block = Type.Object({ type: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: true });

export const OfferRead = Type.Object(
  {
    id: Type.String({ description: 'ULID' }),
    // Nullable objects as `type: [object, null]`, not anyOf: fast-json-stringify resolves anyOf per value with ajv.
    subscription: Nullable(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'Created when the offer is signed (status active when autoActivateSubscription, else draft); null before',
        },
      ),
    ),
    customer: Nullable(CustomerRead),
    number: Type.String({ examples: ['ANG-1042'] }),
    name: Nullable(Type.String()),
    status: enumOf(OFFER_STATUSES),
    sections: Type.Array(Type.String()),
    customVariables: Nullable(Type.Record(Type.String(), Type.String())),
    locale: Type.String(),
    recipients: Type.Array(Type.Ref(RecipientRead)),
    purchaseOrderDocument: Nullable(Type.String({ format: 'uuid' })),
    auditLogDocument: Nullable(Type.String({ format: 'uuid' })),
    signedDocument: Nullable(Type.String({ format: 'uuid' })),
    signedAt: Nullable(DateTime),
    autoActivateSubscription: Type.Boolean(),
    crmDealId: Nullable(Type.String()),
    acceptanceMode: enumOf(ACCEPTANCE_MODES),
    dealType: enumOf(DEAL_TYPES),
    validUntil: Nullable(DateTime),
    cachedContractValueCents: Nullable(Type.String({ pattern: '^[0-9]+$' })),
    cachedContractValueCurrency: Nullable(Type.String()),
    createdAt: DateTime,
    updatedAt: DateTime,
    capturedInvoiceDetails: Nullable(Type.Record(Type.String(), Type.String())),
    contactPerson: Nullable(ContactPersonRead),
    signed: Type.Boolean(),
    issuedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Absent until the offer is first published' })),
    publishedVersionHash: Nullable(Type.String()),
    currentVersionHash: Nullable(Type.String()),
    // offerpay extensions: the structured content behind `sections`.
    blocks: Type.Array(Block, { description: 'x-offerpay-extension: structured content blocks' }),
    lineItems: Type.Array(Type.Ref(LineItemRead), { description: 'x-offerpay-extension: priced line items' }),
    totals: Nullable(OfferTotalsRead),
  },
  { $id: 'Offer' },
);
export type OfferReadT = Static<typeof OfferRead>;

export const PaginationMeta = Type.Object({
  pagination: Type.Object({
    totalItems: Type.Integer(),
    itemsPerPage: Type.Integer(),
    currentPage: Type.Integer(),
    lastPage: Type.Integer(),
    pageTotalItems: Type.Integer(),
  }),
});
export const OfferList = Type.Object({ data: Type.Array(Type.Ref(OfferRead)), meta: PaginationMeta });

export const OfferStatusResult = Type.Object({ status: enumOf(OFFER_STATUSES) });

export const PublishResult = Type.Object({
  outcome: enumOf(['PUBLISHED', 'PENDING_APPROVAL']),
  requestId: Nullable(Type.String({ description: 'The approval request when pending; null when published' })),
});

export const AcceptResult = Type.Object({ status: enumOf(OFFER_STATUSES), signedAt: DateTime });

export const Activity = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String({ examples: ['offer.created'] }),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTime,
});
export const ActivityList = Type.Object({ data: Type.Array(Activity) });

// ---------- input ----------

const Name = Type.String({ minLength: 1, maxLength: 255 });
const PersonName = Type.String({ maxLength: 100 });
const Email = Type.String({ format: 'email', maxLength: 254 });

export const RecipientInput = Type.Object(
  {
    email: Email,
    firstName: Type.Optional(Nullable(PersonName)),
    lastName: Type.Optional(Nullable(PersonName)),
    role: Type.Optional(enumOf(RECIPIENT_ROLES, { default: 'sign' })),
    sendEmail: Type.Optional(Type.Boolean({ description: 'E-mail the recipient an invitation when the offer is live (needs SMTP_URL)' })),
  },
  { additionalProperties: false },
);
export type RecipientInputT = Static<typeof RecipientInput>;

const CustomerInput = Type.Object(
  {
    customerNumber: Type.Optional(Type.String({ minLength: 2, maxLength: 255 })),
    // The seed's read model gives these minLength 2: what is written must read back seed-valid (null, not "").
    firstName: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 255 }))),
    lastName: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 255 }))),
    companyName: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 255 }))),
    currencyCode: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    datevId: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 255 }))),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CustomerInputT = Static<typeof CustomerInput>;

const ContactPersonInput = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    firstName: Type.String({ maxLength: 100 }),
    lastName: Type.String({ maxLength: 100 }),
    email: Email,
    avatar: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    linkedin: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    position: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    website: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type ContactPersonInputT = Static<typeof ContactPersonInput>;

/** The editable fields, shared by create and update (and, in part, by templates). */
export const EditableFields = {
  name: Type.Optional(Name),
  title: Type.Optional(Type.String({ ...Name, description: "Alias of name (Fynn's input calls it title)" })),
  // Per-field caps; content-limits.ts caps the whole (256 KB), so one version renders in bounded time.
  sections: Type.Optional(Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 100 })),
  blocks: Type.Optional(Type.Array(Block, { maxItems: 200 })),
  lineItems: Type.Optional(Type.Array(Type.Object(LineItemFields, { additionalProperties: false }), { maxItems: MAX_LINE_ITEMS })),
  customVariables: Type.Optional(
    Nullable(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }), Type.String({ maxLength: 2_000 }), {
        additionalProperties: false,
        maxProperties: 100,
      }),
    ),
  ),
  acceptanceMode: Type.Optional(enumOf(ACCEPTANCE_MODES)),
  dealType: Type.Optional(enumOf(DEAL_TYPES)),
  validUntil: Type.Optional(Nullable(Iso8601)),
  autoActivateSubscription: Type.Optional(Type.Boolean()),
  locale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' })),
  customer: Type.Optional(Nullable(CustomerInput)),
  contactPerson: Type.Optional(Nullable(ContactPersonInput)),
  crmDealId: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
};

export const CreateOfferBody = Type.Object(
  {
    ...EditableFields,
    offerTemplateId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Start from this offer template; fields given here override it' }),
    ),
    recipients: Type.Optional(Type.Array(RecipientInput, { maxItems: MAX_RECIPIENTS })),
  },
  { additionalProperties: false },
);
export type CreateOfferInput = Static<typeof CreateOfferBody>;

export const UpdateOfferBody = Type.Object(EditableFields, { additionalProperties: false });
export type UpdateOfferInput = Static<typeof UpdateOfferBody>;

export const PublishBody = Type.Object(
  {
    recipientIds: Type.Optional(Type.Array(Type.String(), { maxItems: 50, uniqueItems: true })),
    notifyRecipients: Type.Optional(Type.Boolean({ default: false })),
    customMessage: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    newRecipients: Type.Optional(Type.Array(RecipientInput, { maxItems: MAX_RECIPIENTS })),
  },
  { additionalProperties: false },
);
export type PublishInput = Static<typeof PublishBody>;

export const OfferIdParams = Type.Object({ id: Type.String({ description: 'Offer ID (ULID)' }) });
export const RecipientParams = Type.Object({ id: Type.String({ description: 'Offer ID (ULID)' }), recipientId: Type.String() });
