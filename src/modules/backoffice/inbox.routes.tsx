import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { asList, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { checkPlainText } from '../forms/index.ts';
import { actOnSelection, type SelectionAction } from './act-on-selection.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { deleteInboxView } from './delete-inbox-view.ts';
import { filtersOf, type InboxQuery, inboxQueryString, ZInboxQuery } from './inbox-query.ts';
import { loadInbox } from './load-inbox.ts';
import { ZIdParams, ZText, ZTicked } from './input-schemas.ts';
import { saveInboxView } from './save-inbox-view.ts';
import { InboxPage, type InboxPageProps } from './views/inbox-page.tsx';

const ZSaveView = z.object({
  nom: ZText.transform((name) => name.trim()).superRefine((name, ctx) => {
    const problem = name
      ? checkPlainText(name, { maxLength: 80, multiline: false })
      : 'Donnez un nom à la vue, par exemple « Éclairage non attribué ».';
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  partagee: ZTicked,
});

/** A ticked request: its id and the version the agent saw ("id:version"); anything else is not a request. */
const SELECTION_ITEM = /^([0-9a-f-]{36}):(\d{1,9})$/;

/** The bulk action chosen in the inbox's menu. */
function selectionAction(chosen: string): SelectionAction | null {
  if (chosen === 'moi') return { kind: 'me' };
  if (chosen === 'liberer') return { kind: 'nobody' };
  if (chosen.startsWith('agent:')) return { kind: 'agent', userId: chosen.slice(6) };
  if (chosen.startsWith('vers:')) return { kind: 'transition', to: chosen.slice(5) };
  return null;
}

const ZSelection = z.object({
  demandes: z
    .preprocess(asList, z.array(z.string()))
    .transform((items) =>
      items.flatMap((item) => {
        const match = SELECTION_ITEM.exec(item);
        return match?.[1] && match[2] ? [{ id: match[1], version: Number(match[2]) }] : [];
      }),
    )
    .refine((ticked) => ticked.length > 0, 'Cochez au moins une demande.'),
  action: ZText.transform((chosen, ctx) => {
    const action = selectionAction(chosen);
    if (action) return action;
    ctx.addIssue({ code: 'custom', message: 'Choisissez une action.' });
    return z.NEVER;
  }),
});

type InboxState = { errors?: FieldErrors; notice?: InboxPageProps['notice']; status?: number };

/** The inbox page for this query, with the errors of its filters or a notice. */
export async function renderInbox(
  request: FastifyRequest,
  reply: FastifyReply,
  access: AgentAccess,
  asked: InboxQuery,
  state: InboxState = {},
) {
  const { views, current, ...listing } = await loadInbox(request.server.services, access, asked);
  return sendPage(
    request,
    reply,
    (context) =>
      InboxPage({
        context,
        ...listing,
        errors: state.errors ?? {},
        views: views.map(({ target, ...view }) => ({
          ...view,
          href: `${request.basePath}/gru/demandes${target}`,
          current: target === current,
        })),
        notice: state.notice ?? null,
      }),
    state.status ?? 200,
  );
}

/** How many requests a bulk action did, and why the others were left as they were. */
function selectionNotice(outcomes: Awaited<ReturnType<typeof actOnSelection>>): InboxPageProps['notice'] {
  const done = outcomes.filter((o) => o.ok).length;
  const refused = outcomes.filter((o) => !o.ok);
  return {
    kind: refused.length ? 'warning' : 'success',
    title: `${done} demande${done > 1 ? 's' : ''} traitée${done > 1 ? 's' : ''}${refused.length ? `, ${refused.length} non traitée${refused.length > 1 ? 's' : ''}` : ''}.`,
    lines: refused.map((o) => `n° ${o.number ?? '?'} : ${o.message}`),
  };
}

/** The inbox, its saved views and its bulk actions. */
export function registerInboxRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/gru/demandes', async (request, reply) => {
    const access = requireAgent(request);
    const { query, errors } = parseQuery(ZInboxQuery, request);
    return renderInbox(request, reply, access, query, { errors, status: Object.keys(errors).length ? 422 : 200 });
  });

  app.post('/gru/vues', async (request, reply) => {
    const access = requireAgent(request);
    const query = filtersOf(request.body);
    const form = parseForm(ZSaveView, request.body);
    if (!form.ok) return renderInbox(request, reply, access, query, { errors: form.errors, status: 422 });
    await saveInboxView(services, access, { name: form.data.nom, query, shared: form.data.partagee });
    return redirectWithin(request, reply, `/gru/demandes${inboxQueryString(query, { page: 1 })}`);
  });

  app.post('/gru/vues/:id/supprimer', async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseParams(ZIdParams, request);
    if (!(await deleteInboxView(services, access, id))) throw notFound("Cette vue n'existe pas ou n'est pas la vôtre.");
    return redirectWithin(request, reply, '/gru/demandes');
  });

  app.post('/gru/selection', async (request, reply) => {
    const access = requireAgent(request);
    const query = filtersOf(request.body);
    const form = parseForm(ZSelection, request.body);
    if (!form.ok) {
      return renderInbox(request, reply, access, query, {
        status: 422,
        notice: { kind: 'warning', title: form.errors.demandes ?? form.errors.action ?? '', lines: [] },
      });
    }
    const outcomes = await actOnSelection(services, {
      holder: access.holder,
      actor: access.actor,
      selection: form.data.demandes,
      action: form.data.action,
    });
    return renderInbox(request, reply, access, query, { notice: selectionNotice(outcomes) });
  });
}
