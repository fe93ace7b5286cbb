// The copy button of a secret shown once: a static script of this server (the CSP allows only
// scripts carrying the response's nonce, so no inline handler). A button `data-copy="id"` copies
// the text of the element with that id and then shows its `data-done` text.
import type { App } from '../platform/deps.js';

export const COPY_PATH = '/app/assets/copy.js';

const SOURCE = `document.addEventListener('click',function(e){
var b=e.target instanceof Element?e.target.closest('button[data-copy]'):null;if(!b)return;
var el=document.getElementById(b.getAttribute('data-copy'));if(!el||!navigator.clipboard)return;
navigator.clipboard.writeText(el.textContent.trim()).then(function(){b.textContent=b.getAttribute('data-done');});});
`;

export function registerCopyScript(app: App): void {
  app.get(COPY_PATH, { schema: { hide: true } }, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .type('text/javascript; charset=utf-8')
      .send(SOURCE),
  );
}
