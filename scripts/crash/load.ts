// The crash test's load and its ledger: concurrent clients write through the three APIs and record
// every acknowledged write (a 2xx) with what it must contain; a write cut by the kill may have landed
// or not, so both outcomes stay allowed until the next read settles it.
import crypto from 'node:crypto';

export interface Credentials {
  token: string;
  key: string;
  secret: string;
  adminToken: string;
  organisationId: string;
}

/** The fields of a 2xx answer the ledger keeps: an offer's or token's id, a token, an invoice's amount. */
interface Answer {
  id: string;
  token: string;
  data: { amount: string };
}

/** One record the server acknowledged, with every state it may now be in (as JSON). */
interface Entry {
  kind: 'offer' | 'invoice' | 'token';
  id: string;
  allowed: Set<string>;
}

export interface Figures {
  acknowledged: number;
  verified: number;
  lost: string[];
  /** Answers that were neither 2xx nor a connection cut by the kill (a 4xx here is a bug too). */
  unexpected: string[];
}

const sign = (secret: string, body: string) => crypto.createHmac('sha512', secret).update(body).digest('hex');
const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

export class Ledger {
  readonly entries = new Map<string, Entry>();
  readonly figures: Figures = { acknowledged: 0, verified: 0, lost: [], unexpected: [] };

  constructor(readonly credentials: Credentials) {}

  /** Runs `clients` loops of random writes until `stop` resolves, then waits for their last request. */
  async drive(baseUrl: string, clients: number, stop: Promise<void>): Promise<void> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const loop = async (client: number) => {
      while (!stopped) if (!(await this.step(baseUrl, client))) return;
    };
    await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)));
  }

  /** One write; false once the server is gone (the kill). */
  private async step(baseUrl: string, client: number): Promise<boolean> {
    const offers = [...this.entries.values()].filter((e) => e.kind === 'offer' && e.allowed.size === 1 && e.id.endsWith(`#${client}`));
    const invoices = [...this.entries.values()].filter((e) => e.kind === 'invoice' && e.allowed.size === 1 && e.id.endsWith(`#${client}`));
    const roll = Math.random();
    const offer = pick(offers);
    const invoice = pick(invoices.filter((e) => JSON.parse([...e.allowed][0]!).status === 'created'));
    if (roll < 0.25 || !offer) return this.createOffer(baseUrl, client);
    if (roll < 0.5) return this.changeOffer(baseUrl, offer);
    if (roll < 0.7 || !invoice) return this.createInvoice(baseUrl, client);
    if (roll < 0.9) return this.cancelInvoice(baseUrl, invoice);
    return this.createToken(baseUrl, client);
  }

  /** Sends one write: the parsed body on a 2xx; otherwise whether the connection was cut (the kill). */
  private async send(url: string, init: RequestInit, what: string): Promise<{ ok: true; body: Answer } | { ok: false; cut: boolean }> {
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      if (response.ok) return { ok: true, body: (text ? JSON.parse(text) : {}) as Answer };
      this.figures.unexpected.push(`${what}: ${response.status} ${text.slice(0, 200)}`);
      return { ok: false, cut: false };
    } catch {
      return { ok: false, cut: true };
    }
  }

  private record(kind: Entry['kind'], id: string, state: unknown) {
    this.figures.acknowledged++;
    this.entries.set(`${kind}:${id}`, { kind, id, allowed: new Set([JSON.stringify(state)]) });
  }

  /** Applies a state change: acknowledged, it is the only state; cut, the old one stays allowed too. */
  private settle(entry: Entry, outcome: { ok: boolean; cut?: boolean }, next: unknown): boolean {
    if (outcome.ok) {
      this.figures.acknowledged++;
      entry.allowed = new Set([JSON.stringify(next)]);
      return true;
    }
    if (outcome.cut) entry.allowed.add(JSON.stringify(next));
    return !outcome.cut;
  }

  private offersApi(baseUrl: string, method: string, path: string, body?: unknown): [string, RequestInit] {
    const headers: Record<string, string> = { authorization: `Bearer ${this.credentials.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return [`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }];
  }

  private async createOffer(baseUrl: string, client: number): Promise<boolean> {
    const name = `Crash ${crypto.randomBytes(4).toString('hex')}`;
    const email = `payer-${crypto.randomBytes(3).toString('hex')}@example.com`;
    const body = { name, acceptanceMode: 'esignature', recipients: [{ email, firstName: 'Pat', lastName: 'Doe', role: 'sign' }] };
    const sent = await this.send(...this.offersApi(baseUrl, 'POST', '/offers', body), 'create offer');
    if (sent.ok) this.record('offer', `${sent.body.id}#${client}`, { name, status: 'open', email });
    return sent.ok || !sent.cut;
  }

  private async changeOffer(baseUrl: string, entry: Entry): Promise<boolean> {
    const state = JSON.parse([...entry.allowed][0]!) as { name: string; status: string; email: string };
    const id = entry.id.split('#')[0]!;
    if (state.status === 'signing') {
      const sent = await this.send(...this.offersApi(baseUrl, 'POST', `/offers/${id}/cancel-signing`), 'cancel signing');
      return this.settle(entry, sent, { ...state, status: 'open' });
    }
    if (Math.random() < 0.5) {
      const name = `Renamed ${crypto.randomBytes(4).toString('hex')}`;
      const sent = await this.send(...this.offersApi(baseUrl, 'PUT', `/offers/${id}`, { name }), 'update offer');
      return this.settle(entry, sent, { ...state, name });
    }
    const sent = await this.send(...this.offersApi(baseUrl, 'POST', `/api/offers/${id}/publish`, {}), 'publish offer');
    return this.settle(entry, sent, { ...state, status: 'signing' });
  }

  private merchant(baseUrl: string, path: string, payload: unknown): [string, RequestInit] {
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'x-processing-key': this.credentials.key,
      'x-processing-signature': sign(this.credentials.secret, body),
    };
    return [`${baseUrl}/api/v2${path}`, { method: 'POST', headers, body }];
  }

  private async createInvoice(baseUrl: string, client: number): Promise<boolean> {
    const foreignId = `crash-${crypto.randomBytes(6).toString('hex')}`;
    // 10.00–909.99 EUR: at or above the currency's minimum (10 EUR), so every invoice is a valid write.
    const amount = `${10 + Math.floor(Math.random() * 900)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
    const body = {
      timer: false,
      title: `Order ${foreignId}`,
      currency: 'EUR',
      amount,
      foreign_id: foreignId,
      url_success: 'https://shop.example.com/ok',
      url_failed: 'https://shop.example.com/failed',
    };
    const sent = await this.send(...this.merchant(baseUrl, '/invoices/create', body), 'create invoice');
    if (sent.ok) this.record('invoice', `${foreignId}#${client}`, { status: 'created', amount: sent.body.data.amount, title: body.title });
    return sent.ok || !sent.cut;
  }

  private async cancelInvoice(baseUrl: string, entry: Entry): Promise<boolean> {
    const state = JSON.parse([...entry.allowed][0]!) as Record<string, unknown>;
    const foreignId = entry.id.split('#')[0]!;
    const sent = await this.send(...this.merchant(baseUrl, `/invoices/${foreignId}/cancel/`, {}), 'cancel invoice');
    return this.settle(entry, sent, { ...state, status: 'failed' });
  }

  private async createToken(baseUrl: string, client: number): Promise<boolean> {
    const label = `crash client ${client} ${crypto.randomBytes(3).toString('hex')}`;
    const url = `${baseUrl}/admin/organisations/${this.credentials.organisationId}/api-tokens`;
    const init = {
      method: 'POST',
      headers: { authorization: `Bearer ${this.credentials.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label }),
    };
    const sent = await this.send(url, init, 'create API token');
    if (sent.ok) this.record('token', `${sent.body.id}#${client}`, { label, token: sent.body.token });
    return sent.ok || !sent.cut;
  }

  /** Reads every recorded write back through the APIs; a record in none of its allowed states is lost. */
  async verify(baseUrl: string): Promise<void> {
    const admin = { authorization: `Bearer ${this.credentials.adminToken}` };
    const tokens = await fetch(`${baseUrl}/admin/organisations/${this.credentials.organisationId}/api-tokens`, { headers: admin });
    const listed = new Map(
      ((await tokens.json()) as { data: { id: string; label: string; revokedAt: string | null }[] }).data.map((t) => [t.id, t]),
    );
    for (const [key, entry] of this.entries) {
      const actual = await this.read(baseUrl, entry, listed);
      if (actual !== null && entry.allowed.has(actual)) {
        this.figures.verified++;
        entry.allowed = new Set([actual]);
      } else {
        this.figures.lost.push(`${key}: expected one of ${[...entry.allowed].join(' | ')}, found ${actual ?? 'nothing'}`);
        this.entries.delete(key);
      }
    }
  }

  private async read(
    baseUrl: string,
    entry: Entry,
    tokens: Map<string, { label: string; revokedAt: string | null }>,
  ): Promise<string | null> {
    const id = entry.id.split('#')[0]!;
    const expected = JSON.parse([...entry.allowed][0]!) as Record<string, string>;
    if (entry.kind === 'offer') {
      const response = await fetch(`${baseUrl}/offers/${id}`, { headers: { authorization: `Bearer ${this.credentials.token}` } });
      if (response.status !== 200) return null;
      const offer = (await response.json()) as { name: string; status: string; recipients?: { email: string }[] };
      return JSON.stringify({ name: offer.name, status: offer.status, email: offer.recipients?.map((r) => r.email).join(',') });
    }
    if (entry.kind === 'invoice') {
      const response = await fetch(...this.merchant(baseUrl, '/invoices/info', { foreign_id: id }));
      if (response.status !== 200) return null;
      const { data } = (await response.json()) as { data: { status: string; amount: string; title: string } };
      return JSON.stringify({ status: data.status, amount: data.amount, title: data.title });
    }
    const token = tokens.get(id);
    if (!token || token.revokedAt) return null;
    // Intact means usable too: the token authenticates.
    const works = (await fetch(`${baseUrl}/offers?limit=1`, { headers: { authorization: `Bearer ${expected.token}` } })).status === 200;
    return works ? JSON.stringify({ label: token.label, token: expected.token }) : null;
  }
}
