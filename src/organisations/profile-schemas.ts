// Wire schemas of the organisation profile, shared by the admin API and the Offers API's
// /organisation (an offerpay extension). Reads list every field (null when unset); a PATCH is a JSON
// merge patch (RFC 7396): a field left out keeps its value, null clears it, objects merge field by field.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** `type: [T, "null"]` rather than anyOf: one violation per bad value (as offers/schemas.ts does). */
const Nullable = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });
const Text = (maxLength: number, options: Record<string, unknown> = {}) => Type.String({ minLength: 1, maxLength, ...options });

export const AddressRead = Type.Object({
  line1: Type.String({ examples: ['Musterstraße 1'] }),
  line2: Nullable(Type.String()),
  postalCode: Type.String({ examples: ['80331'] }),
  city: Type.String({ examples: ['München'] }),
  country: Type.String({ description: 'ISO 3166-1 alpha-2', examples: ['DE'] }),
});

export const BankRead = Type.Object({
  accountHolder: Type.String({ examples: ['Muster GmbH'] }),
  iban: Type.String({ examples: ['DE89370400440532013000'] }),
  bic: Nullable(Type.String({ examples: ['COBADEFFXXX'] })),
  bankName: Nullable(Type.String({ examples: ['Commerzbank'] })),
});

export const ProfileRead = Type.Object(
  {
    legalName: Nullable(Type.String({ examples: ['Muster GmbH'] })),
    address: Nullable(AddressRead),
    vatId: Nullable(Type.String({ examples: ['DE123456789'] })),
    registerEntry: Nullable(Type.String({ examples: ['Amtsgericht München, HRB 123456'] })),
    logoMediaId: Nullable(Type.String({ format: 'uuid' })),
    logoUrl: Nullable(Type.String({ description: 'Public, cacheable URL of the logo (changes when the logo changes)' })),
    email: Nullable(Type.String({ examples: ['vertrieb@muster.de'] })),
    phone: Nullable(Type.String({ examples: ['+49 89 1234567'] })),
    website: Nullable(Type.String({ examples: ['https://muster.de'] })),
    bank: Nullable(BankRead),
    defaultTaxRate: Nullable(Type.Number({ description: 'Percent; the tax rate of a line item that names none', examples: [19] })),
  },
  { $id: 'OrganisationProfile' },
);
export type ProfileReadT = Static<typeof ProfileRead>;

export const ProfilePatch = Type.Object(
  {
    legalName: Type.Optional(Nullable(Text(200))),
    address: Type.Optional(
      Nullable(
        Type.Object(
          {
            line1: Type.Optional(Nullable(Text(200))),
            line2: Type.Optional(Nullable(Text(200))),
            postalCode: Type.Optional(Nullable(Text(20))),
            city: Type.Optional(Nullable(Text(100))),
            country: Type.Optional(Nullable(Type.String({ description: 'ISO 3166-1 alpha-2, e.g. DE' }))),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    vatId: Type.Optional(Nullable(Text(20))),
    registerEntry: Type.Optional(Nullable(Text(200))),
    email: Type.Optional(Nullable(Text(254))),
    phone: Type.Optional(Nullable(Text(40))),
    website: Type.Optional(Nullable(Text(2000))),
    bank: Type.Optional(
      Nullable(
        Type.Object(
          {
            accountHolder: Type.Optional(Nullable(Text(200))),
            iban: Type.Optional(Nullable(Text(42))),
            bic: Type.Optional(Nullable(Text(11))),
            bankName: Type.Optional(Nullable(Text(200))),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    defaultTaxRate: Type.Optional(Nullable(Type.Number({ description: 'Percent, 0–100, at most two decimals' }))),
  },
  {
    additionalProperties: false,
    description: 'JSON merge patch: null clears a field; the logo is set with PUT …/logo',
    examples: [
      {
        legalName: 'Muster GmbH',
        address: { line1: 'Musterstraße 1', postalCode: '80331', city: 'München', country: 'DE' },
        vatId: 'DE123456789',
        defaultTaxRate: 19,
      },
    ],
  },
);
export type ProfilePatchT = Static<typeof ProfilePatch>;
