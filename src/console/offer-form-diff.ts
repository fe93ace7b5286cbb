// An edit sends only what the form changed: a field whose value means the same as the stored one
// (null and absent alike, keys in any order) is left out, so saving an unchanged offer writes nothing
// — same version hash, no activity, a waiting approval request stays waiting. Pure: no I/O.
import { contactPersonOf, customerOf } from '../offers/content.js';
import type { ContactPersonInputT, CustomerInputT, OfferReadT } from '../offers/schemas.js';

/** JSON with sorted keys and without null members: what a value means, not how it was written. */
function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== null && (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(norm(value) ?? null);
}

/** What the stored offer says for one field of an update body, in the body's terms. */
function storedAs(key: string, current: OfferReadT): unknown {
  switch (key) {
    case 'name':
      return current.name ?? '';
    case 'customVariables':
      return current.customVariables ?? {};
    default:
      return (current as unknown as Record<string, unknown>)[key];
  }
}

/** What the API would store for one field of the body (a customer keeps its id and number). */
function written(key: string, value: unknown, current: OfferReadT): unknown {
  if (key === 'customer' && value && current.customer)
    return customerOf(value as CustomerInputT, current.customer as unknown as Record<string, unknown>);
  if (key === 'contactPerson' && value) {
    const person = contactPersonOf(value as ContactPersonInputT);
    // Without a stored id the API makes one up: compare the rest.
    return (value as { id?: string }).id ? person : { ...person, id: current.contactPerson?.id ?? null };
  }
  return value;
}

/** The body without the fields whose value the offer already has. */
export function onlyChanged(body: Record<string, unknown>, current: OfferReadT): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([key, value]) => canonical(written(key, value, current)) !== canonical(storedAs(key, current))),
  );
}
