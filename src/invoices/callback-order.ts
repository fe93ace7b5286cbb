// A callback the database wrote (the cancel's, cancel-repository.ts) is stored as jsonb only, and jsonb
// keeps no key order. Before it is encoded, its keys are laid out again in callbackBody's order — read
// off callbackBody itself, so the two cannot drift apart.
import { callbackBody } from './serialize.js';

type Json = unknown;

/** callbackBody with every branch filled in: a fixed address, one confirmed transaction and its fee. */
const TEMPLATE = callbackBody(
  {
    id: 1n,
    foreign_id: '',
    end_user_reference: null,
    address_id: 1n,
    address: '',
    sender_currency: 'BTC',
    sender_amount: 1n,
    currency: 'EUR',
    amount: 1n,
    error: null,
    status: 'confirmed',
    fixed_at: null,
    expires_at: null,
  },
  [
    {
      id: 1n,
      organisation_id: '',
      invoice_id: 1n,
      currency: 'BTC',
      amount: 100_000_000n,
      fee: 1n,
      address: '',
      txid: '',
      confirmations: 1,
      status: 'confirmed',
      created_at: new Date(0),
      confirmed_at: null,
    },
  ],
);

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` with its object keys in `template`'s order, recursively; keys the template lacks keep theirs, after. */
function inOrderOf(value: Json, template: Json): Json {
  if (Array.isArray(value)) return value.map((v) => inOrderOf(v, Array.isArray(template) ? template[0] : undefined));
  if (!isObject(value) || !isObject(template)) return value;
  const ordered: Record<string, Json> = {};
  for (const key of Object.keys(template)) if (Object.hasOwn(value, key)) ordered[key] = inOrderOf(value[key], template[key]);
  for (const key of Object.keys(value)) if (!Object.hasOwn(ordered, key)) ordered[key] = value[key];
  return ordered;
}

/** An invoice callback read back from jsonb, its keys in the vendor's documented order. */
export const inCallbackOrder = (payload: Record<string, Json>): Record<string, Json> =>
  inOrderOf(payload, TEMPLATE) as Record<string, Json>;
