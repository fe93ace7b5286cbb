// A stand-in for a CoinGecko-compatible price API: GET /api/v3/simple/price?ids=…&vs_currencies=…
// answers the documented shape ({"ethereum": {"eur": 3012.5}}) from `prices`, restricted to what was
// asked. A test changes the prices, makes it fail (500) or hang, and reads the requests it got.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PriceServer {
  url: string;
  prices: Record<string, Record<string, number>>;
  requests: URL[];
  mode: 'ok' | 'fail' | 'hang';
  close(): Promise<void>;
}

export async function startPriceServer(prices: Record<string, Record<string, number>>): Promise<PriceServer> {
  const hanging: http.ServerResponse[] = [];
  const state: Omit<PriceServer, 'url' | 'close'> = { prices, requests: [], mode: 'ok' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    state.requests.push(url);
    if (state.mode === 'hang') return void hanging.push(res);
    if (state.mode === 'fail' || url.pathname !== '/api/v3/simple/price') {
      res.writeHead(state.mode === 'fail' ? 500 : 404).end('{}');
      return;
    }
    const ids = (url.searchParams.get('ids') ?? '').split(',');
    const vs = (url.searchParams.get('vs_currencies') ?? '').split(',');
    const body = Object.fromEntries(
      ids
        .filter((id) => state.prices[id])
        .map((id) => [id, Object.fromEntries(vs.filter((v) => state.prices[id]![v] !== undefined).map((v) => [v, state.prices[id]![v]]))]),
    );
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
