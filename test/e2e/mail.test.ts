// `offerpay serve` with SMTP_URL runs the mail worker: an invitation queued by a publish arrives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startInbox } from '../notifications/smtp.js';
import { preparedDataDir, startServerProcess } from '../helpers/process.js';

describe('server process with SMTP_URL', () => {
  it('sends the invitation of a publish with notifyRecipients', async () => {
    const inbox = await startInbox();
    const server = await startServerProcess({
      DATA_DIR: await preparedDataDir(),
      SMTP_URL: inbox.url,
      MAIL_FROM: 'Offers <offers@offerpay.test>',
    });
    try {
      const token = /Offers API token\s+(api_\S+)/.exec(server.output())![1]!;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${server.baseUrl}/offers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Process mail', locale: 'en', recipients: [{ email: 'reader@example.com', role: 'read' }] }),
      });
      const offer = (await created.json()) as { id: string; recipients: { link: string }[] };
      const published = await fetch(`${server.baseUrl}/api/offers/${offer.id}/publish`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ notifyRecipients: true }),
      });
      assert.equal(published.status, 200);
      const [mail] = await inbox.waitFor(1, 30_000);
      assert.equal(mail!.from?.value[0]?.address, 'offers@offerpay.test');
      assert.ok(mail!.text!.includes(offer.recipients[0]!.link));
      assert.doesNotMatch(server.output(), /SMTP_URL is not set/);
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
      await inbox.close();
    }
  });
});
