// Writing offers in the console: new (maybe from a template), edit while the state machine allows it,
// recipients added and removed one by one, and the preview. Every save calls the Offers API's own use
// cases with the body the API takes, checked by the API's schema first; a refusal shows the form
// again as typed, the messages next to their fields (422), and nothing changes.
import { cspNonce } from '../platform/crypto.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addRecipient } from '../offers/add-recipient.js';
import { createOffer } from '../offers/create.js';
import { previewOffer } from '../offers/public/preview.js';
import { htmlHeaders } from '../offers/public/page-layout.js';
import { renderOffer } from '../offers/public/page-offer.js';
import { getOffer } from '../offers/queries.js';
import { removeRecipient } from '../offers/remove-recipient.js';
import { CreateOfferBody, type OfferReadT, RecipientInput, UpdateOfferBody } from '../offers/schemas.js';
import { transition, type AcceptanceMode, type OfferStatus } from '../offers/states.js';
import { fromTemplate } from '../offers/templates/from-template.js';
import { getTemplate } from '../offers/templates/queries.js';
import { updateOffer } from '../offers/update.js';
import { loadProfile } from '../organisations/profile.js';
import { checkBody } from '../platform/check-body.js';
import { classifyError } from '../platform/classify-error.js';
import type { App } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { escapeHtml } from '../platform/html.js';
import { editorTextsFor } from './editor-texts.js';
import { sendPage } from './layout.js';
import { editOfferView, formErrors, newOfferView, notEditableView } from './offer-editor-view.js';
import {
  applyOp,
  contentOf,
  dateOf,
  emptyForm,
  emptyLine,
  endOfDay,
  parseForm,
  valuesFrom,
  withoutEmptyRows,
  type FormValues,
} from './offer-form.js';
import { variableField } from './offer-form-content.js';
import { onlyChanged } from './offer-form-diff.js';
import { contactBody, customerBody } from './offer-form-parties.js';
import type { FormErrors } from './offer-form-view.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';
import { localiseError } from './error-texts.js';
import type { Lang } from '../platform/locale-format.js';

/** A form may carry a whole offer (256 KB of content, more once URL-encoded). */
export const FORM_BODY_LIMIT = 1024 * 1024;

const hide = { schema: { hide: true } };
type Raw = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Raw => (request.body ?? {}) as Raw;
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** A use case's refusal as the form's errors; anything else (403, 404, 5xx) answers as the console's error pages do. */
export function refusal(
  error: unknown,
  t: ReturnType<typeof editorTextsFor>,
  values?: FormValues,
  lang: Lang = 'en',
): { status: number; errors: FormErrors } {
  const e = localiseError(classifyError(error), lang);
  if (e.status >= 500 || e.status === 404 || e.status === 403 || e.status === 401) throw error;
  // The API names a variable's violation by its name; the form shows it at that row's value.
  const violations = e.violations.map((v) => ({ ...v, propertyPath: (values && variableField(v.propertyPath, values)) || v.propertyPath }));
  return { status: e.status, errors: formErrors(e.message, violations, t) };
}

/** The API body of an offer form (create: every field; edit: validUntil only when its date changed, since it freezes at publish). */
function offerBody(values: FormValues, t: ReturnType<typeof editorTextsFor>, current: OfferReadT | null) {
  const parts = contentOf(values, t);
  if (parts.problems.length > 0) throw new AppError('unprocessable', 'The request body is invalid.', parts.problems);
  // A select left out (a hand-made post) keeps the default or the current value.
  const content = {
    ...(values.acceptanceMode ? { acceptanceMode: values.acceptanceMode } : {}),
    ...(values.dealType ? { dealType: values.dealType } : {}),
    ...(values.locale ? { locale: values.locale } : {}),
    sections: parts.sections,
    blocks: parts.blocks,
    customVariables: parts.customVariables,
    lineItems: parts.lineItems,
    customer: customerBody(values.customer),
    contactPerson: contactBody(values.contactPerson),
  };
  if (current) {
    const date = values.validUntil.trim();
    return {
      ...onlyChanged({ name: values.name.trim(), ...content }, current),
      ...(date !== dateOf(current.validUntil) ? { validUntil: date ? endOfDay(date) : null } : {}),
    };
  }
  return {
    ...(values.name.trim() ? { name: values.name.trim() } : {}),
    ...(values.validUntil.trim() ? { validUntil: endOfDay(values.validUntil) } : {}),
    ...content,
    ...(parts.recipients.length ? { recipients: parts.recipients } : {}),
    ...(values.offerTemplateId ? { offerTemplateId: values.offerTemplateId } : {}),
  };
}

export function registerOfferEditorRoutes(app: App, kit: ConsoleKit): void {
  const write = { ...hide, preHandler: kit.guard('offers.write'), bodyLimit: FORM_BODY_LIMIT };
  const read = { ...hide, preHandler: kit.guard('offers.read') };

  const newSpec = (values: FormValues, errors: FormErrors | null, lang: ReturnType<typeof langOfRequest>) => ({
    kind: 'new-offer' as const,
    action: '/app/offers/new',
    cancel: '/app/offers',
    submit: editorTextsFor(lang).createOffer,
    values,
    errors,
  });
  const templateName = async (request: FastifyRequest, id: string) =>
    id ? ((await getTemplate(kit.context(request), { templateId: id }).catch(() => null))?.name ?? null) : null;

  app.get('/app/offers/new', write, async (request, reply) => {
    const lang = langOfRequest(request);
    const ctx = kit.context(request);
    const template = (request.query as { template?: unknown }).template;
    let values: FormValues = { ...emptyForm(), lines: [emptyLine()] };
    if (typeof template === 'string' && template !== '') {
      // The API's own merge of a template into a new offer; another organisation's template is not there.
      const input = await fromTemplate(ctx, ctx.deps.db, { offerTemplateId: template }).catch(() => {
        throw notFound('Offer template');
      });
      values = { ...valuesFrom(input), offerTemplateId: template };
    }
    return sendPage(
      reply,
      newOfferView(lang, kit.signed(request), newSpec(values, null, lang), await templateName(request, values.offerTemplateId)),
    );
  });

  app.post('/app/offers/new', write, async (request, reply) => {
    const lang = langOfRequest(request);
    const t = editorTextsFor(lang);
    const raw = bodyOf(request);
    const typed = parseForm(raw);
    const name = await templateName(request, typed.offerTemplateId);
    const changed = applyOp(typed, raw._op);
    if (changed) return sendPage(reply, newOfferView(lang, kit.signed(request), newSpec(changed, null, lang), name));
    const values = withoutEmptyRows(typed);
    try {
      const body = offerBody(values, t, null);
      checkBody(CreateOfferBody, body, lang);
      const offer = await createOffer(kit.context(request), body as Parameters<typeof createOffer>[1]);
      return reply.redirect(`/app/offers/${encodeURIComponent(offer.id)}?done=saved`, 303);
    } catch (error) {
      const { status, errors } = refusal(error, t, values, lang);
      return sendPage(reply, newOfferView(lang, kit.signed(request), newSpec(values, errors, lang), name), status);
    }
  });

  /** The offer when it may be edited; else the page saying why has been sent (null). */
  async function editable(request: FastifyRequest, reply: FastifyReply): Promise<OfferReadT | null> {
    const offer = await getOffer(kit.context(request), { offerId: idOf(request) });
    const allowed = transition(offer.status as OfferStatus, 'update', offer.acceptanceMode as AcceptanceMode);
    if (allowed.ok) return offer;
    await sendPage(reply, notEditableView(langOfRequest(request), kit.signed(request), offer, allowed.reason), 409);
    return null;
  }
  const editSpec = (offer: OfferReadT, values: FormValues, errors: FormErrors | null, lang: ReturnType<typeof langOfRequest>) => ({
    kind: 'edit-offer' as const,
    action: `/app/offers/${encodeURIComponent(offer.id)}/edit`,
    cancel: `/app/offers/${encodeURIComponent(offer.id)}`,
    submit: editorTextsFor(lang).save,
    values,
    errors,
  });

  app.get('/app/offers/:id/edit', write, async (request, reply) => {
    const offer = await editable(request, reply);
    if (!offer) return reply;
    const lang = langOfRequest(request);
    return sendPage(reply, editOfferView(lang, kit.signed(request), offer, editSpec(offer, valuesFrom(offer), null, lang)));
  });

  app.post('/app/offers/:id/edit', write, async (request, reply) => {
    const offer = await editable(request, reply);
    if (!offer) return reply;
    const lang = langOfRequest(request);
    const t = editorTextsFor(lang);
    const raw = bodyOf(request);
    const typed = parseForm(raw);
    const changed = applyOp({ ...typed, recipients: [] }, raw._op);
    if (changed) return sendPage(reply, editOfferView(lang, kit.signed(request), offer, editSpec(offer, changed, null, lang)));
    const values = { ...withoutEmptyRows(typed), recipients: [] };
    try {
      const changes = offerBody(values, t, offer);
      checkBody(UpdateOfferBody, changes, lang);
      // Nothing changed: nothing is written (no new version, no activity).
      if (Object.keys(changes).length > 0)
        await updateOffer(kit.context(request), { offerId: offer.id, changes: changes as Parameters<typeof updateOffer>[1]['changes'] });
      return reply.redirect(`/app/offers/${encodeURIComponent(offer.id)}?done=saved`, 303);
    } catch (error) {
      const { status, errors } = refusal(error, t, values, lang);
      return sendPage(reply, editOfferView(lang, kit.signed(request), offer, editSpec(offer, values, errors, lang)), status);
    }
  });

  app.post('/app/offers/:id/recipients', write, async (request, reply) => {
    const offer = await editable(request, reply);
    if (!offer) return reply;
    const lang = langOfRequest(request);
    const t = editorTextsFor(lang);
    const typed = parseForm(bodyOf(request)).recipients[0] ?? { firstName: '', lastName: '', email: '', role: 'sign' };
    const blank = (s: string) => (s.trim() === '' ? null : s.trim());
    const recipient = { email: typed.email.trim(), firstName: blank(typed.firstName), lastName: blank(typed.lastName), role: typed.role };
    try {
      checkBody(RecipientInput, recipient, lang);
      await addRecipient(kit.context(request), {
        offerId: offer.id,
        recipient: recipient as Parameters<typeof addRecipient>[1]['recipient'],
      });
      return reply.redirect(`/app/offers/${encodeURIComponent(offer.id)}/edit`, 303);
    } catch (error) {
      const { status, errors: raw } = refusal(error, t, undefined, lang);
      // The single recipient's violations name `email`, `role` …: they belong to the add form's fields.
      const errors: FormErrors = {
        summary: raw.summary,
        fields: Object.fromEntries(Object.entries(raw.fields).map(([k, v]) => [k.startsWith('recipients[') ? k : `recipients[0].${k}`, v])),
      };
      const values = valuesFrom(offer);
      return sendPage(
        reply,
        editOfferView(lang, kit.signed(request), offer, editSpec(offer, values, null, lang), { values: typed, errors }),
        status,
      );
    }
  });

  app.post('/app/offers/:id/recipients/:recipientId/remove', write, async (request, reply) => {
    const offer = await editable(request, reply);
    if (!offer) return reply;
    await removeRecipient(kit.context(request), {
      offerId: offer.id,
      recipientId: (request.params as { recipientId: string }).recipientId,
    });
    return reply.redirect(`/app/offers/${encodeURIComponent(offer.id)}/edit`, 303);
  });

  // Exactly the recipient page, rendered by its own renderer from the draft, under a banner; no action, nothing recorded.
  app.get('/app/offers/:id/preview', read, async (request, reply) => {
    const ctx = kit.context(request);
    const view = await previewOffer(ctx, { offerId: idOf(request) });
    const seller = await loadProfile(ctx.deps.db, ctx.organisationId);
    const t = editorTextsFor(langOfRequest(request));
    const nonce = cspNonce();
    const banner = `<div class="notice warn" role="status" id="preview-banner"><p><strong>${escapeHtml(t.previewBanner)}</strong></p><p><a href="/app/offers/${encodeURIComponent(view.offer.id)}">${escapeHtml(t.backToOffer)}</a></p></div>`;
    const html = renderOffer({ view, token: 'preview', nonce, query: {}, seller, preview: banner });
    return htmlHeaders(reply, nonce).header('cache-control', 'no-store').send(html);
  });
}
