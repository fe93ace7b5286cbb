// Credentials added right before sending, so that the Merchant API's signature covers the final
// (mutated) body: signed requests exercise validation, not authentication.
import { credentialOf, type FuzzRequest } from './request.js';
import { signBody, type World } from './world.js';

export function withCredentials(req: FuzzRequest, world: World): Record<string, string> {
  const [org, other] = world.orgs;
  const kind = credentialOf(req.path);
  if (req.auth === 'none' || kind === 'none') return req.headers;
  const body = req.body === undefined ? '' : Buffer.from(req.body);
  if (kind === 'merchant') {
    const merchant = req.auth === 'other-tenant' ? other.merchant : org.merchant;
    const signature = signBody(merchant.secret, body as string);
    const headers: Record<string, string> = { 'x-processing-key': merchant.key, 'x-processing-signature': signature };
    if (req.auth === 'missing-signature') delete headers['x-processing-signature'];
    if (req.auth === 'wrong-signature') headers['x-processing-signature'] = signBody(org.merchant.key, body as string);
    if (req.auth === 'stale-signature') headers['x-processing-signature'] = signBody(merchant.secret, `${body} `);
    if (req.auth === 'uppercase-signature') headers['x-processing-signature'] = signature.toUpperCase();
    if (req.auth === 'unknown-key') headers['x-processing-key'] = 'f'.repeat(40);
    return { ...headers, ...req.headers };
  }
  const token = kind === 'admin' ? world.adminToken : req.auth === 'other-tenant' ? other.apiToken : org.apiToken;
  const value = req.auth === 'wrong-token' ? `Bearer ${token.slice(0, -2)}xx` : `Bearer ${token}`;
  return { authorization: value, ...req.headers };
}
