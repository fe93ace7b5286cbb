// Request examples for the reference: real values a reader can send as they are (from /docs, signed,
// they create a sandbox invoice), instead of the "string" placeholders Swagger UI derives from schemas.
// Added to the generated OpenAPI document, keyed by path and method.

const FOREIGN_ID = 'order-10042';

const BODIES: Record<string, Record<string, unknown>> = {
  'post /api/v2/invoices/create': {
    type: 'fill_or_kill',
    timer: false,
    title: 'Order 10042',
    description: 'Hosting for December 2026',
    foreign_id: FOREIGN_ID,
    currency: 'EUR',
    amount: '49.90',
    url_success: 'https://shop.example.com/orders/10042/paid',
    url_failed: 'https://shop.example.com/orders/10042/failed',
    email_user: 'anna.muster@example.com',
  },
  'post /api/v2/invoices/info': { foreign_id: FOREIGN_ID },
  'post /api/v2/invoices/list': { page: 1, per_page: 25, status: 'pending' },
  'post /api/v2/invoices/{foreign_id}/cancel/': {},
  'post /api/v2/accounts/list': {},
  'post /api/v2/currencies/list': { visible: true },
  'post /api/v2/currencies/pairs': { currency_from: 'EUR' },
  'post /api/v2/currencies/rates': { currency_from: 'EUR', currency_to: 'USDTE' },
  'post /api/v2/transactions/info': { foreign_id: FOREIGN_ID },
  'post /offers': {
    name: 'Website relaunch for Müller & Söhne',
    locale: 'de',
    acceptanceMode: 'click',
    validUntil: '2027-01-31T23:59:59+01:00',
    lineItems: [
      {
        name: 'Design and build',
        quantity: 1,
        unitAmountCents: 1_200_000,
        currency: 'EUR',
        interval: null,
        priceType: 'flat_fee',
        taxRate: 19,
      },
      { name: 'Hosting', quantity: 2, unitAmountCents: 4_900, currency: 'EUR', interval: '1M', priceType: 'per_unit', discountPercent: 10 },
    ],
    contactPerson: { firstName: 'Anna', lastName: 'Muster', email: 'anna.muster@example.com', phone: '+49 89 1234567' },
    recipients: [{ email: 'max.mueller@example.com', firstName: 'Max', lastName: 'Müller', role: 'sign' }],
  },
};

const PARAMETERS: Record<string, string> = { foreign_id: FOREIGN_ID };

type Operation = {
  requestBody?: { content?: Record<string, { example?: unknown }> };
  parameters?: { name: string; in: string; example?: unknown }[];
};

export function withRealExamples<T extends Record<string, unknown>>(doc: T): T {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, methods] of Object.entries(paths))
    for (const [method, operation] of Object.entries(methods)) {
      const body = BODIES[`${method} ${path}`];
      const json = operation.requestBody?.content?.['application/json'];
      if (body && json) json.example = body;
      for (const parameter of operation.parameters ?? [])
        if (parameter.in === 'path' && PARAMETERS[parameter.name]) parameter.example = PARAMETERS[parameter.name];
    }
  return doc;
}
