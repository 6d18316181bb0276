import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../platform/db/uuid.ts';
import { notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { instanceBase, redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { zText } from '../../platform/http/form-fields.ts';
import { askForHelp, resolveHelpContext } from './ask-for-help.ts';
import {
  deleteFaqEntry,
  faqMaintainer,
  faqServiceChoices,
  findFaqAnswers,
  findFaqOf,
  listFaqOf,
  mayMaintainFaq,
  saveFaqEntry,
} from './faq.ts';
import { FaqAdminPage, FaqPage, HelpFormPage, HelpSentPage } from './views/help-pages.tsx';

const ZSlug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(100);
const ZFaqQuery = z.object({
  q: z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, 200)),
  service: ZSlug.optional().catch(undefined),
});
const ZHelpQuery = z.object({
  page: z.string().max(2000).optional().catch(undefined),
  service: ZSlug.optional().catch(undefined),
});
const ZHelpForm = z.object({
  page: z.string().max(2000).optional().catch(undefined),
  service: ZSlug.optional().catch(undefined),
  subject: z.string().max(10_000).catch('').default(''),
  message: z.string().max(20_000).catch('').default(''),
  email: z.string().max(320).catch('').default(''),
  key: z.string().max(100).catch('').default(''),
  step: z.enum(['suggest', 'send']).catch('suggest').default('suggest'),
});
const ZFaqEntry = z.object({
  service: z.union([z.literal(''), ZSlug], { message: 'Choisissez une démarche dans la liste' }),
  question: zText('la question', 300),
  answer: zText('la réponse', 10_000),
});
const ZIdParams = z.object({ id: z.string() });
const ZDoneQuery = z.object({ fait: z.enum(['ajout', 'modification', 'suppression']).optional().catch(undefined) });
const DONE = {
  ajout: 'La question est ajoutée.',
  modification: 'La question est modifiée.',
  suppression: 'La question est supprimée.',
};

/** Public pages are rate-limited: the FAQ search and the help form are open to anyone. */
const PUBLIC_ROUTE = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };
const SENDING_ROUTE = { config: { rateLimit: { max: 10, timeWindow: 60_000 } } };

/** The FAQ at /aide, the help form reachable from every page, and the FAQ's management. */
export function registerHelpRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/aide', PUBLIC_ROUTE, async (request, reply) => {
    const query = parseQuery(ZFaqQuery, request);
    const context = await resolveHelpContext(services, request.tenant, request.user, { service: query.service });
    const entries = await findFaqAnswers(services, request.tenant, { q: query.q, serviceSlug: context.service?.slug });
    return sendPage(request, reply, (page) =>
      FaqPage({ context: page, q: query.q, service: context.service, entries, mayMaintain: mayMaintainFaq(request) }),
    );
  });

  app.get('/aide/demande', PUBLIC_ROUTE, async (request, reply) => {
    const query = parseQuery(ZHelpQuery, request);
    const helpContext = await resolveHelpContext(services, request.tenant, request.user, query);
    return sendPage(request, reply, (context) =>
      HelpFormPage({
        context,
        helpContext,
        administrationName: helpContext.administration.name,
        values: { subject: '', message: '', email: '', key: randomUUID() },
        errors: {},
        suggestions: null,
      }),
    );
  });

  // First step: the answers matching what was typed; second step: the request is sent. Without JavaScript alike.
  app.post('/aide/demande', SENDING_ROUTE, async (request, reply) => {
    const form = parseBody(ZHelpForm, request);
    const helpContext = await resolveHelpContext(services, request.tenant, request.user, form);
    const values = { subject: form.subject, message: form.message, email: form.email, key: form.key || randomUUID() };
    const errors: Record<string, string> = {};
    if (!form.subject.trim()) errors.subject = 'Saisissez le sujet de votre demande.';
    else if (form.subject.length > 200) errors.subject = 'Le sujet : 200 caractères au plus.';
    if (!form.message.trim()) errors.message = 'Saisissez votre question ou votre problème.';
    else if (form.message.length > 4000) errors.message = 'Votre message : 4 000 caractères au plus.';
    const suggestions = await findFaqAnswers(services, request.tenant, {
      q: `${form.subject} ${form.message}`,
      serviceSlug: helpContext.service?.slug,
      limit: 5,
    });
    // A first step refused for a missing field stays a first step: the answers are suggested once it is complete.
    const redraw = (fieldErrors: Record<string, string>, status: number, withSuggestions = true) =>
      sendPage(
        request,
        reply,
        (context) =>
          HelpFormPage({
            context,
            helpContext,
            administrationName: helpContext.administration.name,
            values,
            errors: fieldErrors,
            suggestions: withSuggestions ? suggestions : null,
          }),
        status,
      );
    if (Object.keys(errors).length > 0) return redraw(errors, 422, form.step === 'send');
    if (form.step === 'suggest') return redraw({}, 200);
    const outcome = await askForHelp(services, {
      context: helpContext,
      user: request.user,
      subject: form.subject,
      message: form.message,
      email: form.email,
      key: values.key,
    });
    if (!outcome.ok) return redraw(outcome.errors, 422);
    const base = instanceBase(outcome.administration);
    const followHref = request.user
      ? `${base}/mes-demandes/${outcome.requestId}`
      : `${base}/suivi/${outcome.trackingCode}`;
    return sendPage(request, reply, (context) =>
      HelpSentPage({
        context,
        number: outcome.number,
        administrationName: outcome.administration.name,
        followHref,
      }),
    );
  });

  const adminPage = async (
    request: FastifyRequest,
    editing: { id: string | null; values: { service: string; question: string; answer: string } },
    errors: Record<string, string>,
    done?: string,
  ) => {
    const owner = faqMaintainer(request);
    const [entries, serviceChoices] = await Promise.all([
      listFaqOf(services, owner.tenant),
      faqServiceChoices(services, owner),
    ]);
    return (context: Parameters<typeof FaqAdminPage>[0]['context']) =>
      FaqAdminPage({ context, entries, serviceChoices, editing, errors, done });
  };
  const blank = { id: null, values: { service: '', question: '', answer: '' } };

  const ownEntry = async (request: FastifyRequest) => {
    const owner = faqMaintainer(request);
    const { id } = parseParams(ZIdParams, request);
    const entry = isUuid(id) ? await findFaqOf(services, owner.tenant, id) : undefined;
    if (!entry) throw notFound('Cette question n’existe pas.');
    return { owner, entry };
  };

  app.get('/admin/aide', async (request, reply) => {
    const { fait } = parseQuery(ZDoneQuery, request);
    return sendPage(request, reply, await adminPage(request, blank, {}, fait ? DONE[fait] : undefined));
  });

  const save = async (request: FastifyRequest, id: string | null) => {
    const owner = faqMaintainer(request);
    const user = requireUser(request);
    const form = parseForm(ZFaqEntry, request.body);
    const choices = await faqServiceChoices(services, owner);
    const values = {
      service: String(form.values.service ?? ''),
      question: String(form.values.question ?? ''),
      answer: String(form.values.answer ?? ''),
    };
    const choice = choices.find((c) => c.value === values.service);
    const errors = form.ok ? {} : form.errors;
    if (!choice) errors.service = 'Choisissez une démarche dans la liste';
    if (!form.ok || !choice) return { ok: false as const, page: await adminPage(request, { id, values }, errors) };
    const saved = await saveFaqEntry(services, {
      tenant: owner.tenant,
      id,
      actor: actorOf(request, user),
      entry: {
        serviceSlug: form.data.service || null,
        serviceTitle: form.data.service ? choice.label : null,
        question: form.data.question,
        answer: form.data.answer,
      },
    });
    if (!saved) throw notFound('Cette question n’existe pas.');
    return { ok: true as const };
  };

  app.post('/admin/aide', async (request, reply) => {
    const result = await save(request, null);
    if (!result.ok) return sendPage(request, reply, result.page, 422);
    return redirectWithin(request, reply, '/admin/aide?fait=ajout');
  });

  app.get('/admin/aide/:id', async (request, reply) => {
    const { entry } = await ownEntry(request);
    const editing = {
      id: entry.id,
      values: { service: entry.service_slug ?? '', question: entry.question, answer: entry.answer },
    };
    return sendPage(request, reply, await adminPage(request, editing, {}));
  });

  app.post('/admin/aide/:id', async (request, reply) => {
    const { entry } = await ownEntry(request);
    const result = await save(request, entry.id);
    if (!result.ok) return sendPage(request, reply, result.page, 422);
    return redirectWithin(request, reply, '/admin/aide?fait=modification');
  });

  app.post('/admin/aide/:id/suppression', async (request, reply) => {
    const { owner, entry } = await ownEntry(request);
    const user = requireUser(request);
    await deleteFaqEntry(services, { tenant: owner.tenant, id: entry.id, actor: actorOf(request, user) });
    return redirectWithin(request, reply, '/admin/aide?fait=suppression');
  });
}
