// Issuing credentials inside the caller's transaction: the secret is returned once, only its hash
// (API tokens) or its encryption (merchant secrets, needed to verify signatures) is stored.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { encryptSecret } from '../platform/crypto.js';
import { newApiToken, newMerchantCredentials, type Scope } from './credentials.js';
import * as repo from './repository.js';

export async function issueApiToken(q: Queryable, organisationId: string, scopes: readonly Scope[], label: string | null = null) {
  const { token, hash, prefix } = newApiToken();
  const row = await repo.insertApiToken(q, { id: crypto.randomUUID(), organisationId, hash, prefix, scopes, label });
  return { token, row };
}

export async function issueMerchantKey(q: Queryable, secretKey: Buffer, organisationId: string) {
  const credentials = newMerchantCredentials();
  await repo.insertMerchantKey(q, {
    id: crypto.randomUUID(),
    organisationId,
    key: credentials.key,
    secretEncrypted: encryptSecret(secretKey, credentials.secret),
  });
  return credentials;
}
