// Static files of the console, served by this server (no other host is ever asked): htmx from the
// installed package, read once.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { App } from '../platform/deps.js';
import { HTMX_PATH } from './layout.js';

let htmx: Buffer | undefined;
const htmxSource = () => (htmx ??= fs.readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js')));

export function registerAssetRoutes(app: App): void {
  app.get(HTMX_PATH, { schema: { hide: true } }, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .type('text/javascript; charset=utf-8')
      .send(htmxSource()),
  );
}
