// The mutation classes about the request line and headers: broken percent-encoding, over-long
// URLs, oversized headers, wrong methods, indexed/bracket query forms and out-of-range pages.
import { fillPath, validRequest } from './build.js';
import { type Mutator, pickOp } from './mutation.js';
import { surfaceOf } from './request.js';

const LIST_ROUTES = ['/offers', '/offer-templates', '/admin/organisations', '/webhooks/deliveries', '/api/approval-requests'];
const BRACKETS = [
  'status[0]=open',
  'status[x]=open',
  'status[][]=open',
  'status[]=open&status[]=signing',
  'dealType[0]=new_business',
  'dealType[]=x',
  'status=',
  'status[=open',
  'status]=open',
  'order[createdAt]=sideways',
  'order[]=asc',
  'order[createdAt][x]=desc',
  'exists[subscription]=maybe',
  'createdAt[before]=yesterday',
  'createdAt[after][0]=2026-01-01',
  'contactPerson[0]=x',
  'acceptanceMode[9999999999]=click',
  'status[0][1][2][3]=open',
  '%5Bstatus%5D=open',
  'a[__proto__]=1',
  'status[constructor]=open',
];
const PAGES = [
  'page=0',
  'page=-1',
  'page=1.5',
  'page=abc',
  'page=',
  'page=99999999999999999999',
  'page=9007199254740993',
  'page=1e3',
  'page=2147483648',
  'page[]=1',
  'limit=-1',
  'limit=101',
  'limit=1e9',
  'limit=abc',
  'page=1&page=2',
  'page=%00',
  'page=0x10',
  'page=%201',
];

export const URL_MUTATORS: Record<string, { weight: number; make: Mutator }> = {
  'bad percent-encoding': {
    weight: 2,
    make: (m) => {
      const op = pickOp(m, (o) => o.path.includes('{'));
      const req = validRequest(op, m.rng, m.world);
      const bad = m.rng.pick(['%', '%zz', '%E0%A4%A', '%C3', '%ED%A0%80', '%FF%FE', '%u0041', '%%']);
      const path = op.path.replace(/\{[^}]+\}/, bad).replace(/\{([^}]+)\}/g, 'x');
      const merchant = surfaceOf(op.path) === 'merchant';
      return {
        ...req,
        kind: 'bad percent-encoding',
        path,
        expect: { status: merchant ? [400, 403] : [400], why: 'a URL that cannot be decoded' },
      };
    },
  },
  'over-long URL': {
    weight: 1,
    make: (m) => {
      const req = validRequest(pickOp(m), m.rng, m.world);
      const long = 'a'.repeat(m.rng.int(9_000, 15_000));
      const path = m.rng.chance(0.5) ? `${req.path.split('?')[0]}/${long}` : `${req.path}${req.path.includes('?') ? '&' : '?'}q=${long}`;
      return { ...req, kind: 'over-long URL', path, expect: { status: [414], why: 'a URL over 8 KiB is 414 URI Too Long' } };
    },
  },
  'oversized headers': {
    weight: 1,
    make: (m) => {
      const req = validRequest(pickOp(m), m.rng, m.world);
      const headers = {
        ...req.headers,
        [m.rng.pick(['x-padding', 'cookie', 'user-agent', 'x-request-id'])]: 'h'.repeat(m.rng.int(17_000, 40_000)),
      };
      return { ...req, kind: 'oversized headers', headers, expect: { status: [431], why: 'headers over 16 KiB are 431' } };
    },
  },
  'wrong method': {
    weight: 3,
    make: (m) => {
      const op = pickOp(m);
      const allowed = m.methods.get(op.path) ?? new Set();
      const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((x) => !allowed.has(x) && !(x === 'GET' && allowed.has('HEAD')));
      if (others.length === 0) return validRequest(op, m.rng, m.world);
      const req = validRequest(op, m.rng, m.world);
      const merchant = surfaceOf(op.path) === 'merchant';
      return {
        ...req,
        kind: 'wrong method',
        method: m.rng.pick(others),
        path: fillPath(op, m.rng, m.world),
        expect: merchant
          ? { status: [403, 405], why: 'the vendor answers 403 to unknown URLs' }
          : { status: [405], allow: true, why: '405 with Allow' },
      };
    },
  },
  'indexed or bracket query, out-of-range page': {
    weight: 5,
    make: (m) => {
      const route = m.rng.pick(LIST_ROUTES);
      const query = Array.from({ length: m.rng.int(1, 3) }, () => m.rng.pick(m.rng.chance(0.6) ? BRACKETS : PAGES)).join('&');
      return {
        kind: 'indexed or bracket query, out-of-range page',
        route: `GET ${route}`,
        method: 'GET',
        path: `${route}?${query}`,
        headers: {},
        auth: 'valid',
        expect: { status: [200, 400], why: 'a list query is read or refused with 400' },
      };
    },
  },
};
