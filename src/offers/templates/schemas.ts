// Offer templates on the wire. The content fields are the offer's own editable fields (same schemas),
// plus validForDays: an offer created from the template is valid that many days from its creation.
import { Type, type Static } from '@sinclair/typebox';
import { MAX_PAGE } from '../../platform/limits.js';
import { EditableFields, PaginationMeta } from '../schemas.js';

const { sections, blocks, lineItems, customVariables, acceptanceMode, dealType, autoActivateSubscription, locale } = EditableFields;

const ContentFields = {
  title: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()], {
      description: 'The name offers created from the template get (unless the create body names them)',
    }),
  ),
  sections,
  blocks,
  lineItems,
  customVariables,
  acceptanceMode,
  dealType,
  autoActivateSubscription,
  locale,
  validForDays: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
      description: 'validUntil of a new offer = its creation + this many days',
    }),
  ),
};

const TemplateName = Type.String({ minLength: 1, maxLength: 255, description: "The template's own name (for people choosing one)" });

export const CreateTemplateBody = Type.Object({ name: TemplateName, ...ContentFields }, { additionalProperties: false });
export const UpdateTemplateBody = Type.Object(
  { name: Type.Optional(TemplateName), ...ContentFields },
  { additionalProperties: false, minProperties: 1 },
);
export type TemplateInput = Static<typeof UpdateTemplateBody>;

/** What a template stores besides its name; absent fields fall back to the offer defaults on create. */
export type TemplateContent = Omit<TemplateInput, 'name'>;

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const TemplateRead = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    title: Nullable(Type.String()),
    sections: Type.Array(Type.String()),
    blocks: Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true })),
    lineItems: Type.Array(Type.Object({}, { additionalProperties: true })),
    customVariables: Type.Record(Type.String(), Type.String()),
    acceptanceMode: Type.String(),
    dealType: Type.String(),
    autoActivateSubscription: Type.Boolean(),
    locale: Type.String(),
    validForDays: Nullable(Type.Integer()),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'OfferTemplate' },
);

export const TemplateList = Type.Object({ data: Type.Array(Type.Ref(TemplateRead)), meta: PaginationMeta });
export const TemplateIdParams = Type.Object({ id: Type.String({ description: 'The template id (a UUID)' }) });
export const TemplateListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
  limit: Type.Integer({ minimum: 0, maximum: 100, default: 30 }),
});
