// The key that encrypts stored secrets. Embedded installs get one generated into DATA_DIR on first
// start (mode 0600); PostgreSQL installs must configure SECRET_KEY so every replica shares it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseSecretKey, type Config } from '../config.js';

export function resolveSecretKey(config: Pick<Config, 'secretKey' | 'dataDir'>): Buffer {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSecretKey(fs.readFileSync(file, 'utf8').trim());
}
