// Migration 19 (issue 13, item 12): events an older server stored with recipients' link tokens in
// plain text — outbox payloads, delivery bodies, receivers' echoed answers — are sealed on upgrade; a
// removed recipient's dead token is dropped. Retries then send what the old server would have sent.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import sealedEventLinks from '../../src/db/migrations/0019_sealed_event_links.js';
import { decryptSecret } from '../../src/platform/crypto.js';
import { openRecipientLinks } from '../../src/platform/sealed-links.js';
import { dispatchOutbox } from '../../src/webhooks/dispatcher.js';
import { verifyWebhook } from '../../src/webhooks/signing.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { bearer, describeEachEngine, ManualClock } from '../helpers/app.js';
import { tokenOf } from '../offers/recipient-support.js';
import { createOffer, getOffer, publish } from '../offers/support.js';
import { dumpEveryColumn, findSecrets } from './at-rest.js';
import { createWebhook, startReceiver, type Receiver } from './helpers.js';

const clock = new ManualClock(new Date('2026-06-01T10:00:00Z'));
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

// Client text with a link-like value that is no recipient's: left as it is.
const DECOY = `http://offerpay.test/o/${'x'.repeat(43)}`;
const SEALED = /\/o\/\{sealed:v1:[^}]+\}$/;

describeEachEngine(
  'migration 19: link tokens in stored events',
  (ctx) => {
    it('seals the plain tokens of outbox rows, delivery bodies and echoed answers; retries send the old bytes', async () => {
      const t = ctx();
      const org = await t.newOrganisation();
      const hook = await createWebhook(t, org.apiToken, { url: `${receiver.url}/hook`, events: ['*'] });
      const offer = await createOffer(t, org.apiToken, {
        name: 'Upgrade',
        customVariables: { link: DECOY },
        recipients: [
          { email: 'anna@example.com', role: 'sign' },
          { email: 'ben@example.com', role: 'read' },
          { email: 'gone@example.com', role: 'read' },
        ],
      });
      assert.equal((await publish(t, org.apiToken, offer.id)).statusCode, 200);
      const gone = offer.recipients.find((r: { email: string }) => r.email === 'gone@example.com');
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/offers/${offer.id}/recipients/${gone.id}`,
        headers: bearer(org.apiToken),
      });
      assert.equal(removed.statusCode, 200, removed.body);
      const links = (await getOffer(t, org.apiToken, offer.id)).recipients.map((r: { link: string }) => r.link) as string[];
      const goneToken = tokenOf(gone.link);

      // Deliveries for the first events, one attempt answered with an echo; the last event stays in the outbox.
      await dispatchOutbox(t.deps);
      receiver.respond = (req) => ({ status: 500, body: req.body });
      assert.equal((await runOnce(t.deps)).attempted, 1);
      const renamed = await t.app.inject({
        method: 'PUT',
        url: `/offers/${offer.id}`,
        headers: bearer(org.apiToken),
        payload: { name: 'Upgrade 2' },
      });
      assert.equal(renamed.statusCode, 200, renamed.body);

      // Back to what an older server stored: every link in plain text, echoed answers too.
      const { rows: outbox } = await t.db.query<{ id: string; payload: { data: { recipients?: { link: string }[] } } }>(
        'SELECT id, payload FROM outbox WHERE organisation_id = $1',
        [org.organisation.id],
      );
      for (const row of outbox) {
        for (const r of row.payload.data.recipients ?? []) r.link = openLink(t.deps.secretKey, r.link);
        await t.db.query('UPDATE outbox SET payload = $2 WHERE id = $1', [row.id, JSON.stringify(row.payload)]);
      }
      const { rows: deliveries } = await t.db.query<{ id: string; event_id: string; body: string }>(
        'SELECT id, event_id, body FROM webhook_deliveries WHERE organisation_id = $1',
        [org.organisation.id],
      );
      const oldBodies = new Map<string, string>();
      for (const d of deliveries) {
        const plain = openRecipientLinks(t.deps.secretKey, d.body).body;
        oldBodies.set(d.event_id, plain);
        await t.db.query(
          'UPDATE webhook_deliveries SET body = $2, last_response = CASE WHEN last_response IS NULL THEN NULL ELSE $2 END WHERE id = $1',
          [d.id, plain],
        );
        await t.db.query('UPDATE webhook_delivery_attempts SET response_excerpt = $2 WHERE delivery_id = $1', [d.id, plain]);
      }
      const secrets = { anna: tokenOf(links[0]!), ben: tokenOf(links[1]!), gone: goneToken };
      assert.ok(findSecrets(await dumpEveryColumn(t.db), secrets).length > 0, 'the old form holds plain tokens');

      await t.db.exec(sealedEventLinks.sql);

      assert.deepEqual(findSecrets(await dumpEveryColumn(t.db), secrets), []);
      const { rows: migrated } = await t.db.query<{
        payload: { data: { recipients?: { email: string; link: string }[]; customVariables?: { link: string } } };
      }>('SELECT payload FROM outbox WHERE organisation_id = $1 ORDER BY id', [org.organisation.id]);
      for (const { payload } of migrated) {
        for (const r of payload.data.recipients ?? [])
          if (r.email === 'gone@example.com') assert.equal(r.link, 'http://offerpay.test/o/{removed}');
          else assert.match(r.link, SEALED);
        if (payload.data.customVariables) assert.equal(payload.data.customVariables.link, DECOY);
      }

      // Retries send what the old server stored (the removed recipient's dead token aside); the rest arrives as it would have.
      receiver.respond = () => ({ status: 200, body: 'ok' });
      const from = receiver.requests.length;
      for (let i = 0; i < 20; i++) {
        clock.advance(60 * 60_000);
        await runOnce(t.deps);
      }
      const got = receiver.requests.slice(from);
      assert.equal(new Set(got.map((r) => JSON.parse(r.body).event.id)).size, migrated.length, 'every event arrived');
      for (const r of got) {
        assert.ok(verifyWebhook(hook.secret, r.body, String(r.headers['x-webhook-signature'])));
        const data = JSON.parse(r.body).data;
        const old = oldBodies.get(JSON.parse(r.body).event.id);
        if (old) assert.equal(r.body, old.replaceAll(goneToken, '{removed}'));
        for (const x of data.recipients as { email: string; link: string }[])
          if (x.email !== 'gone@example.com') assert.ok(links.includes(x.link), x.link);
      }
      assert.ok(oldBodies.size > 0 && got.some((r) => oldBodies.has(JSON.parse(r.body).event.id)));
    });
  },
  { clock },
);

/** The link an older server stored: the sealed token opened. */
function openLink(key: Buffer, link: string): string {
  const m = /^(.*\/o\/)\{sealed:(.+)\}$/.exec(link);
  return m ? `${m[1]}${decryptSecret(key, m[2]!)}` : link;
}
