import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { UPLOAD_ROUTE, parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import {
  addInternalNote,
  assignRequest,
  type AssignRequestResult,
  markRequestRead,
  performTransition,
  postAdministrationMessage,
  type RoutingDecision,
  runButton,
  type StepRefusal,
} from '../requests/index.ts';
import { buildAgentRequestView } from './agent-request-view.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { findHeldRequest } from './find-held-request.ts';
import { ZIdParams } from './input-schemas.ts';
import { loadRequestDocument } from './load-request-document.ts';
import {
  attachedFile,
  readStepForm,
  ZAssignForm,
  ZButtonParams,
  ZDocumentParams,
  ZMessageForm,
  ZNoteForm,
  ZTransitionForm,
  ZVersionForm,
} from './request-forms.ts';
import { mayReceiveRequestsOf } from './team-visibility.ts';
import { AgentRequestPage } from './views/agent-request-page.tsx';

/** What the page says after a step that went through (its "fait" parameter). */
const NOTICES = {
  pris: 'Vous traitez cette demande.',
  libere: 'La demande est libérée.',
  attribue: 'La demande est attribuée.',
  action: 'C’est fait : la demande est à jour.',
  message: 'Votre message est envoyé à l’usager.',
  note: 'La note est ajoutée.',
  reoriente: 'La demande est transmise à l’administration compétente ; l’usager a reçu un nouvel accusé de réception.',
} as const;

/** An unknown "fait" says nothing. */
const ZRequestPageQuery = z.object({
  fait: z
    .enum(Object.keys(NOTICES) as [keyof typeof NOTICES])
    .optional()
    .catch(undefined),
});

type PageState = {
  status?: number;
  notice?: { kind: 'success' | 'warning'; text: string } | null;
  errors?: FieldErrors;
  values?: Record<string, string>;
};

/** The refusal of a step, as the agent reads it: what happened, and what to do. */
function refusalNotice(result: StepRefusal | AssignRequestResult): PageState {
  if (result.ok) return {};
  switch (result.reason) {
    case 'conflict':
      return {
        status: 409,
        notice: {
          kind: 'warning',
          text: 'Rien n’a été fait : la demande a changé depuis que vous l’avez ouverte (un collègue, l’usager ou un délai). Voici son état actuel ; recommencez si besoin.',
        },
      };
    case 'held':
      return {
        status: 409,
        notice: {
          kind: 'warning',
          text: `Rien n’a été fait : ${result.heldBy} traite cette demande. Reprenez-la d’abord si vous devez agir.`,
        },
      };
    case 'refused':
      return { status: 409, notice: { kind: 'warning', text: `Rien n’a été fait : ${result.message}` } };
    case 'unknown-agent':
      return { status: 422, errors: { agent: 'Choisissez un agent de la liste.' } };
    case 'invalid':
      return { status: 422, errors: result.errors };
    default:
      throw notFound();
  }
}

/** One request in the back-office: its page, its workflow buttons, assignment, messages, notes, documents. */
export function registerRequestRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** The request as this agent may see it (another team's answers 404 like a request that does not exist). */
  const findRow = async (access: AgentAccess, id: string) => {
    const row = await findHeldRequest(services, access.holder, id, access.actor);
    if (!row) throw notFound("Cette demande n'existe pas ou ne relève pas de cette administration.");
    return row;
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: AgentAccess,
    id: string,
    state: PageState = {},
  ) => {
    const row = await findRow(access, id);
    const view = await buildAgentRequestView(services, access.holder, row, access.roles);
    // The page shows every message: the citizen's are read, for this agent, up to now.
    await withTenant(services.db, access.holder.id, (trx) =>
      markRequestRead(trx, row.id, access.user.id, services.clock.now()),
    );
    const { fait } = parseQuery(ZRequestPageQuery, request);
    const notice = state.notice ?? (fait ? { kind: 'success' as const, text: NOTICES[fait] } : null);
    return sendPage(
      request,
      reply,
      (context) =>
        AgentRequestPage({
          context,
          view,
          base: `${request.basePath}/gru/demandes/${id}`,
          userId: access.user.id,
          notice,
          errors: state.errors ?? {},
          values: state.values ?? {},
        }),
      state.status ?? 200,
    );
  };

  const done = (request: FastifyRequest, reply: FastifyReply, id: string, fait: keyof typeof NOTICES, anchor = '') =>
    redirectWithin(request, reply, `/gru/demandes/${id}?fait=${fait}${anchor}`);

  app.get('/gru/demandes/:id', async (request, reply) => {
    const access = requireAgent(request);
    return render(request, reply, access, parseParams(ZIdParams, request).id);
  });

  app.get('/gru/demandes/:id/documents/:fileId', async (request, reply) => {
    const access = requireAgent(request);
    const { id, fileId } = parseParams(ZDocumentParams, request);
    const processed = await findRow(access, id);
    const file = await loadRequestDocument(services, access.holder, processed.id, fileId);
    if (!file) throw notFound("Ce document n'existe pas.");
    return reply
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff')
      .type(file.mediaType)
      .send(file.bytes);
  });

  /** A step the engine refused: the page again, the refusal said, the form redrawn with what was typed. */
  const refused = (
    request: FastifyRequest,
    reply: FastifyReply,
    access: AgentAccess,
    id: string,
    result: StepRefusal,
    input: Awaited<ReturnType<typeof readStepForm>>,
  ) => {
    const state = refusalNotice(result);
    return render(request, reply, access, id, {
      ...state,
      errors: state.errors ? input.rename(state.errors) : {},
      values: input.values,
    });
  };

  app.post('/gru/demandes/:id/transitions', UPLOAD_ROUTE, async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseParams(ZIdParams, request);
    await findRow(access, id);
    const { version, vers: to } = parseBody(ZTransitionForm, request);
    const input = await readStepForm(request.body, { kind: 'transition', key: to });
    const result = await performTransition(services, {
      holder: access.holder,
      requestId: id,
      expectedVersion: version,
      actor: access.actor,
      to,
      raw: input.raw,
    });
    if (result.ok) return done(request, reply, id, 'action');
    return refused(request, reply, access, id, result, input);
  });

  app.post('/gru/demandes/:id/boutons/:key', UPLOAD_ROUTE, async (request, reply) => {
    const access = requireAgent(request);
    const { id, key } = parseParams(ZButtonParams, request);
    await findRow(access, id);
    const { version } = parseBody(ZVersionForm, request);
    const input = await readStepForm(request.body, { kind: 'button', key });
    const result = await runButton(services, {
      holder: access.holder,
      requestId: id,
      expectedVersion: version,
      actor: access.actor,
      buttonKey: key,
      raw: input.raw,
    });
    if (result.ok) return done(request, reply, id, 'action');
    return refused(request, reply, access, id, result, input);
  });

  const assign =
    (target: 'prendre' | 'liberer' | 'attribuer', fait: keyof typeof NOTICES) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const access = requireAgent(request);
      const { id } = parseParams(ZIdParams, request);
      const row = await findRow(access, id);
      const form = parseBody(ZAssignForm, request);
      // Handed to a colleague outside the service's team, the request would leave the sight of the one holding it.
      if (target === 'attribuer' && !(await mayReceiveRequestsOf(services, access.holder, row.eservice_id, form.agent)))
        return render(request, reply, access, id, refusalNotice({ ok: false, reason: 'unknown-agent' }));
      const result = await assignRequest(services, {
        holder: access.holder,
        requestId: id,
        expectedVersion: form.version,
        actor: access.actor,
        to:
          target === 'prendre'
            ? { kind: 'me' }
            : target === 'liberer'
              ? { kind: 'nobody' }
              : { kind: 'agent', userId: form.agent },
        takeOver: form.reprise,
      });
      if (result.ok) return done(request, reply, id, fait);
      return render(request, reply, access, id, refusalNotice(result));
    };
  app.post('/gru/demandes/:id/prendre', assign('prendre', 'pris'));
  app.post('/gru/demandes/:id/liberer', assign('liberer', 'libere'));
  app.post('/gru/demandes/:id/attribuer', assign('attribuer', 'attribue'));

  app.post('/gru/demandes/:id/messages', UPLOAD_ROUTE, async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseParams(ZIdParams, request);
    const row = await findRow(access, id);
    const upload = await attachedFile(request.body, 'piece', 'Pièce jointe');
    const { message: body } = parseBody(ZMessageForm, request);
    const result = await postAdministrationMessage(services, {
      holder: access.holder,
      requestId: row.id,
      actor: access.actor,
      authorLabel: (row.routing as RoutingDecision).competent.office.name,
      body,
      upload,
    });
    if (result.ok) return done(request, reply, id, 'message', '#messages');
    if ('errors' in result)
      return render(request, reply, access, id, {
        status: 422,
        errors: result.errors,
        values: { message: body.slice(0, 5000) },
      });
    throw notFound();
  });

  app.post('/gru/demandes/:id/notes', async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseParams(ZIdParams, request);
    await findRow(access, id);
    const { note: body } = parseBody(ZNoteForm, request);
    const result = await addInternalNote(services, { holder: access.holder, requestId: id, actor: access.actor, body });
    if (result.ok) return done(request, reply, id, 'note', '#notes');
    if ('errors' in result)
      return render(request, reply, access, id, {
        status: 422,
        errors: result.errors,
        values: { note: body.slice(0, 4000) },
      });
    throw notFound();
  });
}
