// Invitations by e-mail: queued in the publishing transaction, rendered and sent by the worker
// through a real SMTP server, retried on temporary failures, recorded in the offer's activities.
import assert from 'node:assert/strict';
import { after, beforeEach, it } from 'node:test';
import { smtpMailer } from '../../src/notifications/mailer.js';
import { sendDueEmails, startMailWorker } from '../../src/notifications/worker.js';
import { pruneOnce } from '../../src/operations/retention.js';
import { bearer, describeEachEngine, json, ManualClock, type TestApp } from '../helpers/app.js';
import { approve, organisationWithPolicy } from '../offers/approval-support.js';
import { pub, tokenOf } from '../offers/recipient-support.js';
import { createOffer, getOffer, publish } from '../offers/support.js';
import { startInbox } from './smtp.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
const inbox = await startInbox({ reject: ['bounce@example.com'] });
after(() => inbox.close());

const OFFER = {
  name: 'Website relaunch',
  locale: 'en',
  validUntil: '2026-07-01T00:00:00+00:00',
  recipients: [{ email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' }],
  contactPerson: { firstName: 'Sam', lastName: 'Seller', email: 'sam@seller.example' },
};

const pending = async (t: TestApp, organisationId: string) =>
  (
    await t.db.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM email_messages WHERE organisation_id = $1 ORDER BY created_at, id',
      [organisationId],
    )
  ).rows;

const activityTypes = async (t: TestApp, token: string, id: string): Promise<string[]> =>
  json(await t.app.inject({ method: 'GET', url: `/api/offers/${id}/activities`, headers: bearer(token) })).data.map(
    (a: { type: string }) => a.type,
  );

describeEachEngine(
  'e-mail invitations',
  (ctx) => {
    const mailer = () => smtpMailer(inbox.url);
    beforeEach(() => {
      clock.set(T0);
      inbox.messages.length = 0;
    });

    it('publishing with notifyRecipients sends each recipient their personal link once the transaction committed', async () => {
      const org = await ctx().newOrganisation('Acme GmbH');
      const offer = await createOffer(ctx(), org.apiToken, OFFER);
      const res = await publish(ctx(), org.apiToken, offer.id, { notifyRecipients: true, customMessage: 'Looking forward <to> it & more' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await pending(ctx(), org.organisation.id), [{ status: 'pending', attempts: 0 }]);
      assert.equal(inbox.messages.length, 0, 'nothing is sent inside the request');

      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 1, retried: 0, failed: 0 });
      const [mail] = inbox.messages;
      const link = (await getOffer(ctx(), org.apiToken, offer.id)).recipients[0].link as string;
      assert.deepEqual(mail!.to && 'value' in mail!.to ? mail!.to.value.map((a) => a.address) : [], ['anna@example.com']);
      assert.equal(mail!.subject, `Your offer ${offer.number} "Website relaunch" from Acme GmbH`);
      assert.equal(mail!.replyTo?.value[0]?.address, 'sam@seller.example');
      assert.ok(mail!.text!.includes('Hello Anna Muster,'));
      assert.ok(mail!.text!.includes('Looking forward <to> it & more'));
      assert.ok(mail!.text!.includes(`View the offer: ${link}`));
      assert.ok(mail!.text!.includes('Valid until 1 July 2026.'));
      assert.ok(String(mail!.html).includes('Looking forward &lt;to&gt; it &amp; more'), 'typed text is escaped in HTML');
      assert.ok(String(mail!.html).includes(`href="${link}"`));
      // The link in the mail opens the offer.
      assert.equal((await pub(ctx(), 'GET', tokenOf(link))).statusCode, 200);

      assert.deepEqual(await pending(ctx(), org.organisation.id), [{ status: 'sent', attempts: 1 }]);
      assert.ok((await activityTypes(ctx(), org.apiToken, offer.id)).includes('recipient.invited'));
      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 0, retried: 0, failed: 0 }, 'sent once');
      // The link token is not stored in the clear with the message.
      const { rows } = await ctx().db.query<{ data: unknown }>('SELECT data FROM email_messages WHERE organisation_id = $1', [
        org.organisation.id,
      ]);
      assert.equal(JSON.stringify(rows).includes(tokenOf(link)), false);
    });

    it('German offers get German mail; without notifyRecipients nothing is queued', async () => {
      const org = await ctx().newOrganisation('Müller AG');
      const quiet = await createOffer(ctx(), org.apiToken, OFFER);
      await publish(ctx(), org.apiToken, quiet.id, {});
      assert.deepEqual(await pending(ctx(), org.organisation.id), []);

      const german = await createOffer(ctx(), org.apiToken, { ...OFFER, locale: 'de' });
      await publish(ctx(), org.apiToken, german.id, { notifyRecipients: true });
      await sendDueEmails(ctx().deps, mailer());
      assert.equal(inbox.messages[0]!.subject, `Ihr Angebot ${german.number} "Website relaunch" von Müller AG`);
      assert.ok(inbox.messages[0]!.text!.includes('Gültig bis 1. Juli 2026.'));
    });

    it('a temporary failure is retried with backoff; a refused mailbox fails at once', async () => {
      const org = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), org.apiToken, {
        ...OFFER,
        recipients: [OFFER.recipients[0], { email: 'bounce@example.com', role: 'read' }],
      });
      await publish(ctx(), org.apiToken, offer.id, { notifyRecipients: true });

      // The mail server is unreachable: both stay pending, due again in 30 s.
      const down = smtpMailer('smtp://127.0.0.1:1');
      assert.deepEqual(await sendDueEmails(ctx().deps, down), { sent: 0, retried: 2, failed: 0 });
      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 0, retried: 0, failed: 0 }, 'not due yet');
      clock.advance(30_000);
      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 1, retried: 0, failed: 1 });
      assert.deepEqual((await pending(ctx(), org.organisation.id)).map((r) => r.status).sort(), ['failed', 'sent']);
      const types = await activityTypes(ctx(), org.apiToken, offer.id);
      assert.ok(types.includes('recipient.invited') && types.includes('recipient.invitation_failed'));
    });

    it('adding a recipient to a published offer with sendEmail invites them; to a draft it does not', async () => {
      const org = await ctx().newOrganisation();
      const draft = await createOffer(ctx(), org.apiToken, OFFER);
      const add = (id: string, email: string) =>
        ctx().app.inject({
          method: 'POST',
          url: `/offers/${id}/recipients`,
          headers: bearer(org.apiToken),
          payload: { email, sendEmail: true },
        });
      assert.equal((await add(draft.id, 'early@example.com')).statusCode, 201);
      assert.deepEqual(await pending(ctx(), org.organisation.id), []);

      await publish(ctx(), org.apiToken, draft.id, {});
      assert.equal((await add(draft.id, 'late@example.com')).statusCode, 201);
      await sendDueEmails(ctx().deps, mailer());
      assert.deepEqual(
        inbox.messages.map((m) => (m.to && 'value' in m.to ? m.to.value[0]!.address : null)),
        ['late@example.com'],
      );
    });

    it('a recipient removed before sending gets nothing', async () => {
      const org = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), org.apiToken, {
        ...OFFER,
        acceptanceMode: 'click',
        recipients: [OFFER.recipients[0], { email: 'gone@example.com', role: 'read' }],
      });
      await publish(ctx(), org.apiToken, offer.id, { notifyRecipients: true });
      const gone = (await getOffer(ctx(), org.apiToken, offer.id)).recipients.find(
        (r: { email: string }) => r.email === 'gone@example.com',
      );
      assert.equal(
        (await ctx().app.inject({ method: 'DELETE', url: `/offers/${offer.id}/recipients/${gone.id}`, headers: bearer(org.apiToken) }))
          .statusCode,
        200,
      );
      assert.deepEqual(await sendDueEmails(ctx().deps, mailer()), { sent: 1, retried: 0, failed: 1 });
      assert.equal(inbox.messages.length, 1);
    });

    it('under an approval policy the invitations leave only when the offer goes live', async () => {
      const org = await organisationWithPolicy(ctx(), { steps: [{ name: 'Lead', approvers: ['Lead'] }] });
      const offer = await createOffer(ctx(), org.rep, OFFER);
      assert.equal(
        json(await publish(ctx(), org.rep, offer.id, { notifyRecipients: true, customMessage: 'Approved for you' })).outcome,
        'PENDING_APPROVAL',
      );
      assert.deepEqual(await pending(ctx(), org.organisationId), []);
      assert.equal((await approve(ctx(), org.tokens.Lead!.token, offer.id)).statusCode, 200);
      await sendDueEmails(ctx().deps, mailer());
      assert.ok(inbox.messages[0]!.text!.includes('Approved for you'));
    });

    it('retention deletes finished messages after RETENTION_DAYS and keeps pending ones', async () => {
      const org = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), org.apiToken, OFFER);
      await publish(ctx(), org.apiToken, offer.id, { notifyRecipients: true });
      await sendDueEmails(ctx().deps, mailer());
      const later = await createOffer(ctx(), org.apiToken, OFFER);
      await publish(ctx(), org.apiToken, later.id, { notifyRecipients: true }); // stays pending: never sent
      const DAY = 24 * 60 * 60_000;
      const mine = async () => (await pending(ctx(), org.organisation.id)).map((r) => r.status).sort();
      assert.equal((await pruneOnce(ctx().deps, new Date(T0.getTime() + 30 * DAY))).emails, 0);
      assert.deepEqual(await mine(), ['pending', 'sent']);
      assert.ok((await pruneOnce(ctx().deps, new Date(T0.getTime() + 30 * DAY + 1))).emails >= 1);
      assert.deepEqual(await mine(), ['pending']);
      await sendDueEmails(ctx().deps, mailer()); // leave no due message to the next test
    });

    it('two workers at once send each message once; the long-running worker sends on its own', async () => {
      const org = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), org.apiToken, {
        ...OFFER,
        recipients: [1, 2, 3, 4].map((i) => ({ email: `r${i}@example.com`, role: 'read' })),
      });
      await publish(ctx(), org.apiToken, offer.id, { notifyRecipients: true });
      const [a, b] = await Promise.all([
        sendDueEmails(ctx().deps, mailer(), { batch: 3 }),
        sendDueEmails(ctx().deps, mailer(), { batch: 3 }),
      ]);
      assert.equal(a.sent + b.sent, 4);
      assert.equal(inbox.messages.length, 4);

      const another = await createOffer(ctx(), org.apiToken, OFFER);
      const worker = startMailWorker(ctx().deps, { mailer: mailer(), pollIntervalMs: 20 });
      try {
        await publish(ctx(), org.apiToken, another.id, { notifyRecipients: true });
        await inbox.waitFor(5);
      } finally {
        await worker.stop();
      }
    });
  },
  { clock, env: { SMTP_URL: inbox.url, MAIL_FROM: 'Offers <offers@offerpay.test>' } },
);

describeEachEngine(
  'e-mail without SMTP_URL',
  (ctx) => {
    beforeEach(() => clock.set(T0));
    it('queues nothing and records that no invitation went out', async () => {
      const org = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), org.apiToken, OFFER);
      assert.equal((await publish(ctx(), org.apiToken, offer.id, { notifyRecipients: true })).statusCode, 200);
      assert.deepEqual(await pending(ctx(), org.organisation.id), []);
      const activities = json(
        await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/activities`, headers: bearer(org.apiToken) }),
      ).data;
      assert.equal(activities.find((a: { type: string }) => a.type === 'offer.published').data.invitationsQueued, 0);
    });
  },
  { clock },
);
