// The policy screen's steps (add, move, remove, then save: read back through the admin API), token
// approvers that follow their step and cannot be added by the form, refusals that keep what was
// typed with the message next to its field, German messages on German pages (the API stays
// English), and the inbox's pages for both lists, scoped to the organisation.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ADMIN_TOKEN, bearer, describeEachEngine, json } from '../helpers/app.js';
import { organisationWithPolicy, putPolicy, reject, type Approvers } from '../offers/approval-support.js';
import { createOffer, publish } from '../offers/support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const DEAL = { name: 'Paged deal', recipients: [{ email: 'p@example.com', role: 'sign' }] };

describeEachEngine('console approval policy steps and inbox pages', (ctx) => {
  let org: Approvers;
  let adam: { id: string; cookie: string; csrf: string };
  let controller: { id: string; token: string };

  const page = () => ctx().app.inject({ method: 'GET', url: '/app/approvals/policy', headers: { cookie: adam.cookie } });
  const send = (fields: Record<string, string>) => post(ctx().app, '/app/approvals/policy', { _csrf: adam.csrf, ...fields }, adam.cookie);
  const saved = async () =>
    json(
      await ctx().app.inject({
        method: 'GET',
        url: `/admin/organisations/${org.organisationId}/approval-policy`,
        headers: bearer(ADMIN_TOKEN),
      }),
    );
  const inputValue = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
  const hidden = (html: string, name: string) => new RegExp(`name="${name.replace('.', '\\.')}" value="([^"]*)"`).exec(html)?.[1];

  before(async () => {
    org = await organisationWithPolicy(ctx(), {
      steps: [
        { name: 'Lead step', approvers: ['Lead'] },
        { name: 'Finance', approvers: ['CFO'] },
      ],
    });
    controller = org.tokens.Controller!;
    const email = uniqueEmail('adam');
    const id = (await addUser(ctx(), org.organisationId, { email, name: 'Adam Admin', role: 'admin' })).user.id;
    const { cookie } = await signIn(ctx().app, email);
    adam = { id, cookie, csrf: await csrfOf(ctx().app, cookie, '/app/preferences') };
  });

  it('adds, moves and removes steps without saving until asked; the tokens follow their step; saving goes through the PUT', async () => {
    const start = await page();
    assert.equal(start.statusCode, 200);
    assert.equal(hidden(start.body, 'step0.tokens'), org.tokens.Lead!.id, 'token approvers travel with their step');
    assert.match(start.body, /API tokens that approve[^<]*: Lead</);
    assert.match(start.body, /API tokens that approve[^<]*: CFO</);
    const base = {
      minContractValueCents: '7000',
      steps: '2',
      'step0.name': 'Lead step',
      'step0.quorum': '1',
      'step0.tokens': org.tokens.Lead!.id,
      'step1.name': 'Finance',
      'step1.quorum': '1',
      'step1.tokens': org.tokens.CFO!.id,
    };

    const added = await send({ ...base, _op: 'add' });
    assert.equal(added.statusCode, 200, added.body.slice(0, 300));
    assert.equal(inputValue(added.body, 'step2-name'), '', 'a third, empty step');
    assert.equal(inputValue(added.body, 'policy-threshold'), '7000', 'what was typed stays');
    assert.equal(hidden(added.body, 'steps'), '3');
    assert.equal((await saved()).steps.length, 2, 'a step button saves nothing');

    const three = { ...base, steps: '3', 'step2.name': 'Legal', 'step2.quorum': '1', 'step2.tokens': '', [`step2.user.${adam.id}`]: 'on' };
    const moved = await send({ ...three, _op: 'up:2' });
    assert.equal(moved.statusCode, 200);
    assert.equal(inputValue(moved.body, 'step1-name'), 'Legal');
    assert.equal(inputValue(moved.body, 'step2-name'), 'Finance');
    assert.equal(hidden(moved.body, 'step2.tokens'), org.tokens.CFO!.id, 'CFO moved down with Finance');
    assert.match(moved.body, new RegExp(`name="step1\\.user\\.${adam.id}" value="on" checked`), 'the ticked person moved up with Legal');

    // Save the moved order; a token id the saved policy does not name (Controller) is ignored, not added.
    const ok = await send({
      minContractValueCents: '7000',
      steps: '3',
      'step0.name': 'Lead step',
      'step0.quorum': '1',
      'step0.tokens': `${org.tokens.Lead!.id},${controller.id}`,
      'step1.name': 'Legal',
      'step1.quorum': '1',
      'step1.tokens': '',
      [`step1.user.${adam.id}`]: 'on',
      'step2.name': 'Finance',
      'step2.quorum': '1',
      'step2.tokens': org.tokens.CFO!.id,
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    let policy = await saved();
    assert.equal(policy.minContractValueCents, 7000);
    assert.deepEqual(
      policy.steps.map((s: { name: string; approvers: { label: string }[]; users: { name: string }[] }) => [
        s.name,
        s.approvers.map((a) => a.label),
        s.users.map((u) => u.name),
      ]),
      [
        ['Lead step', ['Lead'], []],
        ['Legal', [], ['Adam Admin']],
        ['Finance', ['CFO'], []],
      ],
    );

    const removed = await send({ ...three, _op: 'remove:0' });
    assert.equal(removed.statusCode, 200);
    assert.equal(inputValue(removed.body, 'step0-name'), 'Finance');
    assert.equal(inputValue(removed.body, 'step1-name'), 'Legal');
    assert.equal(inputValue(removed.body, 'step2-name'), undefined);
    const two = await send({
      steps: '2',
      'step0.name': 'Legal',
      'step0.quorum': '1',
      [`step0.user.${adam.id}`]: 'on',
      'step1.name': 'Finance',
      'step1.quorum': '1',
      'step1.tokens': org.tokens.CFO!.id,
    });
    assert.equal(two.statusCode, 303, two.body.slice(0, 500));
    policy = await saved();
    assert.equal(policy.minContractValueCents, null);
    assert.deepEqual(
      policy.steps.map((s: { name: string }) => s.name),
      ['Legal', 'Finance'],
    );
  });

  it('refuses with the values as typed and the message next to its field; nothing changes', async () => {
    const before = await saved();
    const fields = {
      minContractValueCents: '123',
      steps: '2',
      'step0.name': 'Legal renamed',
      'step0.quorum': '1',
      [`step0.user.${adam.id}`]: 'on',
      'step1.name': 'Finance',
      'step1.quorum': '5',
      'step1.tokens': org.tokens.CFO!.id,
    };
    const refused = await send(fields);
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /role="alert"/);
    assert.equal(inputValue(refused.body, 'step0-name'), 'Legal renamed');
    assert.equal(inputValue(refused.body, 'policy-threshold'), '123');
    assert.match(refused.body, /id="step1-quorum"[^>]*value="5" aria-invalid="true" aria-describedby="step1-quorum-error"/);
    assert.match(
      refused.body,
      /<p class="field-error" id="step1-quorum-error">The quorum cannot exceed the step&#39;s 1 approver\(s\)\.<\/p>/,
    );

    const notANumber = await send({ ...fields, 'step1.quorum': 'two' });
    assert.equal(notANumber.statusCode, 400);
    assert.match(notANumber.body, /id="step1-quorum-error">The approvals needed are a whole number from 1\./);
    assert.equal(inputValue(notANumber.body, 'step1-quorum'), 'two');
    assert.deepEqual(await saved(), before);
  });

  it('shows German messages on a German page while the API answers in English', async () => {
    const de = await post(ctx().app, '/app/preferences', { locale: 'de', _csrf: adam.csrf }, adam.cookie);
    assert.equal(de.statusCode, 303, de.body.slice(0, 300));
    const fields = {
      steps: '2',
      'step0.name': '',
      'step0.quorum': '1',
      [`step0.user.${adam.id}`]: 'on',
      'step1.name': 'Finance',
      'step1.quorum': '1',
      'step1.tokens': org.tokens.CFO!.id,
    };
    const schema = await send(fields);
    assert.equal(schema.statusCode, 422);
    assert.match(schema.body, /<html lang="de"/);
    assert.match(schema.body, /role="alert">Das hat nicht geklappt: Die Eingaben sind ungültig\.<\/p>/);
    assert.match(schema.body, /<p class="field-error" id="step0-name-error">Darf nicht leer sein\.<\/p>/);

    const useCase = await send({ ...fields, 'step0.name': 'Legal', 'step1.quorum': '2' });
    assert.equal(useCase.statusCode, 422);
    assert.match(useCase.body, /role="alert">Das hat nicht geklappt: Die Freigaberichtlinie ist ungültig\.<\/p>/);
    assert.match(
      useCase.body,
      /id="step1-quorum-error">Die nötigen Freigaben können nicht mehr als die 1 Freigebenden der Stufe sein\.<\/p>/,
    );

    const api = await putPolicy(ctx(), org.organisationId, { steps: [{ name: '', users: [adam.id] }] });
    assert.equal(api.statusCode, 422);
    const problem = json(api);
    assert.equal(problem.violations[0].propertyPath, 'steps[0].name');
    assert.equal(problem.violations[0].message, 'Must NOT have fewer than 1 characters.');
    const apiUseCase = await putPolicy(ctx(), org.organisationId, { steps: [{ name: 'X', quorum: 2, users: [adam.id] }] });
    assert.equal(json(apiUseCase).violations[0].message, "The quorum cannot exceed the step's 1 approver(s).");
    assert.equal(await post(ctx().app, '/app/preferences', { locale: 'en', _csrf: adam.csrf }, adam.cookie).then((r) => r.statusCode), 303);
  });

  it('pages both inbox lists, keeping the other list’s page and the size; another organisation’s requests never show', async () => {
    // Its own organisation: one step, the Lead token, so a rejection ends a request.
    const paged = await organisationWithPolicy(ctx(), { steps: [{ name: 'Desk', approvers: ['Lead'] }] });
    const email = uniqueEmail('pager');
    await addUser(ctx(), paged.organisationId, { email, name: 'Pia Pager', role: 'viewer' });
    const { cookie } = await signIn(ctx().app, email);
    const requested = async (name: string) => {
      const offer = await createOffer(ctx(), paged.rep, { ...DEAL, name });
      assert.equal(json(await publish(ctx(), paged.rep, offer.id)).outcome, 'PENDING_APPROVAL');
      return offer.id as string;
    };
    for (const n of [1, 2, 3]) await requested(`Waiting ${n}`);
    for (const n of [1, 2, 3]) {
      const id = await requested(`Decided ${n}`);
      assert.equal((await reject(ctx(), paged.tokens.Lead!.token, id)).statusCode, 200);
    }
    // Another organisation's requests, waiting and decided, sharing the names.
    const foreign = await organisationWithPolicy(ctx(), { steps: [{ name: 'Desk', approvers: ['Lead'] }] });
    const foreignOffer = await createOffer(ctx(), foreign.rep, { ...DEAL, name: 'Waiting 0 foreign' });
    await publish(ctx(), foreign.rep, foreignOffer.id);

    const inbox = (query: string) => ctx().app.inject({ method: 'GET', url: `/app/approvals${query}`, headers: { cookie } });
    const names = (html: string, prefix: string) =>
      [...html.matchAll(new RegExp(`Paged|(${prefix} \\d[^<]*)<`, 'g'))].map((m) => m[1]).filter(Boolean);

    const first = await inbox('?limit=2');
    assert.equal(first.statusCode, 200);
    assert.deepEqual(names(first.body, 'Waiting'), ['Waiting 1', 'Waiting 2'], 'oldest first');
    assert.deepEqual(names(first.body, 'Decided'), ['Decided 3', 'Decided 2'], 'newest first');
    assert.match(first.body, /<a rel="next" href="\/app\/approvals\?waitingPage=2&amp;limit=2#h-waiting">Next page<\/a>/);
    assert.match(first.body, /<a rel="next" href="\/app\/approvals\?decidedPage=2&amp;limit=2#h-ended">Next page<\/a>/);
    assert.doesNotMatch(first.body, /rel="prev"/);

    const second = await inbox('?waitingPage=2&decidedPage=2&limit=2');
    assert.deepEqual(names(second.body, 'Waiting'), ['Waiting 3']);
    assert.deepEqual(names(second.body, 'Decided'), ['Decided 1']);
    assert.doesNotMatch(second.body, /rel="next"/);
    assert.match(second.body, /<a rel="prev" href="\/app\/approvals\?decidedPage=2&amp;limit=2#h-waiting">Previous page<\/a>/);
    assert.match(second.body, /<a rel="prev" href="\/app\/approvals\?waitingPage=2&amp;limit=2#h-ended">Previous page<\/a>/);
    assert.doesNotMatch(second.body, /foreign/);

    const beyond = await inbox('?waitingPage=9&decidedPage=x&limit=2');
    assert.equal(beyond.statusCode, 200);
    assert.deepEqual(names(beyond.body, 'Waiting'), []);
    assert.deepEqual(names(beyond.body, 'Decided'), ['Decided 3', 'Decided 2'], 'a page that is no number reads as the first');
    assert.match(beyond.body, /No request is waiting for a decision\./);

    const all = await inbox('');
    assert.deepEqual(names(all.body, 'Waiting'), ['Waiting 1', 'Waiting 2', 'Waiting 3'], 'default sizes: all on one page');
    assert.doesNotMatch(all.body, /foreign|rel="next"/);
  });
});
