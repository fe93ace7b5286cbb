// GET /offers query parameters → a typed list query, or a 400 with one violation per bad value.
// Fastify parses the query with node:querystring, so `status[]=a&status[]=b` arrives under the key
// "status[]", `status[0]=a` under "status[0]" and a repeated `status=a&status=b` as an array; all are merged.
import { validation, type Violation } from '../platform/errors.js';

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
    /** Free strings, as the seed types them: a value that names no status matches nothing. */
    status?: string[];
    contactPerson?: string[];
    dealType?: string[];
    acceptanceMode?: string[];
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

/**
 * `name`, `name[]` and the indexed `name[0]`, `name[1]` … (what PHP's http_build_query and the qs
 * library send) merged, in that order; empty values ignored (the seed allows empty values). Any other
 * bracket form of the parameter (`name[x]`, `name[][]`) cannot be read: a 400 naming it, never a
 * filter silently dropped. The seed types these filters as free strings, so a value that names no
 * status (`status=expired`) is kept and matches nothing: an empty list, not a 400.
 */
function set(query: Record<string, unknown>, name: string, violations: Violation[]): string[] | undefined {
  const given: string[] = [];
  const indexed: [number, string][] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (key === name || key === `${name}[]`) given.push(...values(raw));
    else if (key.startsWith(`${name}[`)) {
      const index = /^\[(\d{1,6})\]$/.exec(key.slice(name.length))?.[1];
      const list = values(raw);
      if (index !== undefined && list.length === 1) indexed.push([Number(index), list[0]!]);
      else
        violations.push({
          propertyPath: key,
          message: `This form of "${name}" cannot be read; send ${name}=a&${name}=b, ${name}[]=a or ${name}[0]=a.`,
        });
    }
  }
  const all = [...given, ...indexed.sort((x, y) => x[0] - y[0]).map(([, value]) => value)];
  const picked = [...new Set(all.filter((value) => value !== ''))];
  return picked.length > 0 ? picked : undefined;
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const violations: Violation[] = [];
  const page = integer(query.page, 'page', 1, Number.MAX_SAFE_INTEGER, 1, violations);
  const limit = integer(query.limit, 'limit', 0, MAX_LIMIT, DEFAULT_LIMIT, violations);

  const filter: ListQuery['filter'] = {};
  const status = set(query, 'status', violations);
  if (status) filter.status = status;
  const contactPerson = set(query, 'contactPerson', violations);
  if (contactPerson) filter.contactPerson = contactPerson;
  const dealType = set(query, 'dealType', violations);
  if (dealType) filter.dealType = dealType;
  const acceptanceMode = set(query, 'acceptanceMode', violations);
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
