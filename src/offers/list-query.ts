// GET /offers query parameters → a typed list query, or a 400 with one violation per bad value.
// Fastify parses the query with node:querystring, so `status[]=a&status[]=b` arrives under the key
// "status[]" and a repeated `status=a&status=b` as an array; both forms are accepted and merged.
import { validation, type Violation } from '../platform/errors.js';
import { ACCEPTANCE_MODES, DEAL_TYPES, OFFER_STATUSES, type AcceptanceMode, type DealType, type OfferStatus } from './states.js';

export const ORDER_FIELDS = [
  'number',
  'name',
  'status',
  'dealType',
  'acceptanceMode',
  'signedAt',
  'validUntil',
  'cachedContractValueCents',
  'createdAt',
  'updatedAt',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 100;

export interface ListQuery {
  page: number;
  limit: number;
  filter: {
    status?: OfferStatus[];
    contactPerson?: string[];
    dealType?: DealType[];
    acceptanceMode?: AcceptanceMode[];
    hasSubscription?: boolean;
    signed?: boolean;
  };
  /** In the order the parameters were given; empty means the default (newest first). */
  order: { field: OrderField; direction: 'asc' | 'desc' }[];
}

const values = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function integer(raw: unknown, name: string, min: number, max: number, fallback: number, violations: Violation[]): number {
  const list = values(raw);
  if (list.length === 0 || (list.length === 1 && list[0] === '')) return fallback;
  const text = list.length === 1 ? list[0]! : '';
  if (!/^-?\d+$/.test(text)) {
    violations.push({ propertyPath: name, message: 'This value should be an integer.' });
    return fallback;
  }
  const n = Number(text);
  if (n < min || n > max) {
    violations.push({
      propertyPath: name,
      message: max === Number.MAX_SAFE_INTEGER ? `This value should be ${min} or more.` : `This value should be between ${min} and ${max}.`,
    });
    return fallback;
  }
  return n;
}

function boolean(raw: unknown, name: string, violations: Violation[]): boolean | undefined {
  const list = values(raw).filter((v) => v !== '');
  if (list.length === 0) return undefined;
  const text = list.length === 1 ? list[0]!.toLowerCase() : '';
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  violations.push({ propertyPath: name, message: 'This value should be true or false.' });
  return undefined;
}

/** `name` and `name[]` merged; empty values ignored (the seed allows empty values). */
function set<T extends string>(
  query: Record<string, unknown>,
  name: string,
  allowed: readonly T[] | null,
  violations: Violation[],
): T[] | undefined {
  const single = values(query[name]);
  const multi = values(query[`${name}[]`]);
  const all = [
    ...single.map((v, i) => [v, single.length > 1 ? `${name}[${i}]` : name] as const),
    ...multi.map((v, i) => [v, `${name}[][${i}]`] as const),
  ];
  const picked: T[] = [];
  for (const [value, path] of all) {
    if (value === '') continue;
    if (allowed && !allowed.includes(value as T)) {
      violations.push({ propertyPath: path, message: `The value "${value}" is not valid. Must be one of: ${allowed.join(', ')}.` });
      continue;
    }
    if (!picked.includes(value as T)) picked.push(value as T);
  }
  return picked.length > 0 ? picked : undefined;
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const violations: Violation[] = [];
  const page = integer(query.page, 'page', 1, Number.MAX_SAFE_INTEGER, 1, violations);
  const limit = integer(query.limit, 'limit', 0, MAX_LIMIT, DEFAULT_LIMIT, violations);

  const filter: ListQuery['filter'] = {};
  const status = set(query, 'status', OFFER_STATUSES, violations);
  if (status) filter.status = status;
  const contactPerson = set(query, 'contactPerson', null, violations);
  if (contactPerson) filter.contactPerson = contactPerson;
  const dealType = set(query, 'dealType', DEAL_TYPES, violations);
  if (dealType) filter.dealType = dealType;
  const acceptanceMode = set(query, 'acceptanceMode', ACCEPTANCE_MODES, violations);
  if (acceptanceMode) filter.acceptanceMode = acceptanceMode;
  const hasSubscription = boolean(query['exists[subscription]'], 'exists[subscription]', violations);
  if (hasSubscription !== undefined) filter.hasSubscription = hasSubscription;
  const signed = boolean(query.signed, 'signed', violations);
  if (signed !== undefined) filter.signed = signed;

  const order: ListQuery['order'] = [];
  for (const key of Object.keys(query)) {
    const match = /^order\[(.*)\]$/.exec(key);
    if (!match) continue;
    const field = match[1] as OrderField;
    if (!ORDER_FIELDS.includes(field)) {
      violations.push({ propertyPath: key, message: `Cannot order by "${match[1]}". Orderable: ${ORDER_FIELDS.join(', ')}.` });
      continue;
    }
    const given = values(query[key]);
    const direction = given.length === 1 ? given[0]!.toLowerCase() : '';
    if (direction === '' && given[0] === '') continue; // empty value allowed: no ordering by this field
    if (direction !== 'asc' && direction !== 'desc') {
      violations.push({ propertyPath: key, message: 'The value should be "asc" or "desc".' });
      continue;
    }
    order.push({ field, direction });
  }

  if (violations.length > 0) throw validation(violations, 'The query parameters are invalid.');
  if (order.length === 0) order.push({ field: 'createdAt', direction: 'desc' });
  return { page, limit, filter, order };
}
