// The templates screen: list, create, edit and delete through the template use cases of the Offers
// API (templates/commands.ts), each body checked by the API's schema first. Everyone who reads offers
// reads templates; writing needs templates.write. A refusal shows the form again as typed (422).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createTemplate, deleteTemplate, updateTemplate } from '../offers/templates/commands.js';
import { getTemplate, listTemplates } from '../offers/templates/queries.js';
import { CreateTemplateBody, UpdateTemplateBody } from '../offers/templates/schemas.js';
import { checkBody } from '../platform/check-body.js';
import type { App } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { MAX_PAGE } from '../platform/limits.js';
import type { Lang } from '../platform/locale-format.js';
import { can } from '../users/permissions.js';
import { editorTextsFor, type EditorTexts } from './editor-texts.js';
import { sendPage } from './layout.js';
import { FORM_BODY_LIMIT, refusal } from './offer-editor-routes.js';
import { applyOp, contentOf, emptyForm, parseForm, valuesFrom, withoutEmptyRows, type FormValues } from './offer-form.js';
import type { FormErrors, FormSpec } from './offer-form-view.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';
import { templateFormView, templateReadView, templatesListView, type Template } from './templates-view.js';

const hide = { schema: { hide: true } };
const PER_PAGE = 50;
type Raw = Record<string, unknown>;

/** The template body the API takes; numbers the form could not read are a 422 on their fields. */
function templateBody(values: FormValues, t: EditorTexts) {
  const parts = contentOf(values, t);
  const days = values.validForDays.trim();
  if (days !== '' && !/^\d{1,4}$/.test(days)) parts.problems.push({ propertyPath: 'validForDays', message: t.wholeNumber });
  if (parts.problems.length > 0) throw new AppError('unprocessable', 'The request body is invalid.', parts.problems);
  return {
    name: values.name.trim(),
    title: values.title.trim() || null,
    validForDays: days === '' ? null : Number(days),
    acceptanceMode: values.acceptanceMode,
    dealType: values.dealType,
    ...(values.locale ? { locale: values.locale } : {}),
    sections: parts.sections,
    blocks: parts.blocks,
    customVariables: parts.customVariables,
    lineItems: parts.lineItems,
  };
}

const doneOf = (request: FastifyRequest) => {
  const done = (request.query as { done?: unknown }).done;
  return typeof done === 'string' ? done : null;
};

export function registerTemplatesRoutes(app: App, kit: ConsoleKit): void {
  const read = { ...hide, preHandler: kit.guard('offers.read') };
  const write = { ...hide, preHandler: kit.guard('templates.write'), bodyLimit: FORM_BODY_LIMIT };

  const spec = (template: Template | null, values: FormValues, errors: FormErrors | null, t: EditorTexts): FormSpec => ({
    kind: 'template',
    action: template ? `/app/templates/${encodeURIComponent(template.id)}` : '/app/templates/new',
    cancel: '/app/templates',
    submit: t.save,
    values,
    errors,
  });

  app.get('/app/templates', read, async (request, reply) => {
    const raw = Number((request.query as { page?: unknown }).page ?? 1);
    const page = Number.isInteger(raw) && raw >= 1 && raw <= MAX_PAGE ? raw : 1;
    const list = await listTemplates(kit.context(request), { page, limit: PER_PAGE });
    return sendPage(
      reply,
      templatesListView(
        langOfRequest(request),
        kit.signed(request),
        { data: list.data, page, lastPage: list.meta.pagination.lastPage },
        doneOf(request),
      ),
    );
  });

  app.get('/app/templates/new', write, async (request, reply) => {
    const lang = langOfRequest(request);
    const t = editorTextsFor(lang);
    return sendPage(reply, templateFormView(lang, kit.signed(request), spec(null, emptyForm(), null, t), null, null));
  });

  /**
   * A submitted template form: a row button shows it again with every value kept; otherwise `save`
   * checks and writes the body and names the template, and a refusal shows the form as typed.
   */
  const submit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    template: Template | null,
    save: (body: ReturnType<typeof templateBody>, lang: Lang) => Promise<string>,
  ) => {
    const lang = langOfRequest(request);
    const t = editorTextsFor(lang);
    const raw = (request.body ?? {}) as Raw;
    const typed = { ...parseForm(raw), recipients: [] };
    const changed = applyOp(typed, raw._op);
    if (changed) return sendPage(reply, templateFormView(lang, kit.signed(request), spec(template, changed, null, t), template, null));
    const values = withoutEmptyRows(typed);
    try {
      const id = await save(templateBody(values, t), lang);
      return reply.redirect(`/app/templates/${encodeURIComponent(id)}?done=saved`, 303);
    } catch (error) {
      const { status, errors } = refusal(error, t, values, lang);
      return sendPage(reply, templateFormView(lang, kit.signed(request), spec(template, values, errors, t), template, null), status);
    }
  };

  app.post('/app/templates/new', write, (request, reply) =>
    submit(request, reply, null, async (body, lang) => {
      checkBody(CreateTemplateBody, body, lang);
      return (await createTemplate(kit.context(request), body as Parameters<typeof createTemplate>[1])).id;
    }),
  );

  const templateOf = (request: FastifyRequest) => getTemplate(kit.context(request), { templateId: (request.params as { id: string }).id });

  app.get('/app/templates/:id', read, async (request, reply) => {
    const lang = langOfRequest(request);
    const signed = kit.signed(request);
    const template = await templateOf(request);
    if (!can(signed.user.role, 'templates.write')) return sendPage(reply, templateReadView(lang, signed, template));
    const t = editorTextsFor(lang);
    return sendPage(reply, templateFormView(lang, signed, spec(template, valuesFrom(template), null, t), template, doneOf(request)));
  });

  app.post('/app/templates/:id', write, async (request, reply) => {
    const template = await templateOf(request);
    return submit(request, reply, template, async (changes, lang) => {
      checkBody(UpdateTemplateBody, changes, lang);
      await updateTemplate(kit.context(request), {
        templateId: template.id,
        changes: changes as Parameters<typeof updateTemplate>[1]['changes'],
      });
      return template.id;
    });
  });

  app.post('/app/templates/:id/delete', write, async (request, reply) => {
    await deleteTemplate(kit.context(request), { templateId: (request.params as { id: string }).id });
    return reply.redirect('/app/templates?done=deleted', 303);
  });
}
