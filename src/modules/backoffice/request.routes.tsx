import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { type FileUpload, rawFromHtml } from '../forms/index.ts';
import {
  addInternalNote,
  assignRequest,
  type AssignRequestResult,
  findRequest,
  performTransition,
  postAdministrationMessage,
  runButton,
  type StepRefusal,
} from '../requests/index.ts';
import { buildAgentRequestView, findRequestDocument, type StepButton } from './agent-request-view.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { AgentRequestPage, stepField } from './views/agent-request-page.tsx';

const UPLOAD_ROUTE = { config: { multipartOptions: { throwFileSizeLimit: false } as Record<string, unknown> } };

const NOTICES: Record<string, string> = {
  pris: 'Vous traitez cette demande.',
  libere: 'La demande est libérée.',
  attribue: 'La demande est attribuée.',
  action: 'C’est fait : la demande est à jour.',
  message: 'Votre message est envoyé à l’usager.',
  note: 'La note est ajoutée.',
};

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

  const findRow = async (access: AgentAccess, id: string) => {
    const row = await withTenant(services.db, access.holder.id, (trx) => findRequest(trx, id));
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
    const view = await buildAgentRequestView(services, access.holder, await findRow(access, id), access.roles);
    const fait = (request.query as Record<string, unknown>).fait;
    const notice =
      state.notice ??
      (typeof fait === 'string' && NOTICES[fait] ? { kind: 'success' as const, text: NOTICES[fait] } : null);
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

  const params = (request: FastifyRequest) => request.params as { id: string };
  const versionOf = (body: unknown) => {
    const raw = formValues(body).version;
    const n = Number(typeof raw === 'string' ? raw : NaN);
    return Number.isInteger(n) && n > 0 ? n : -1;
  };
  const done = (request: FastifyRequest, reply: FastifyReply, id: string, fait: string, anchor = '') =>
    redirectWithin(request, reply, `/gru/demandes/${id}?fait=${fait}${anchor}`);

  app.get('/gru/demandes/:id', async (request, reply) => {
    const access = requireAgent(request);
    return render(request, reply, access, params(request).id);
  });

  app.get('/gru/demandes/:id/documents/:fileId', async (request, reply) => {
    const access = requireAgent(request);
    const { id, fileId } = request.params as { id: string; fileId: string };
    const processed = await findRow(access, id);
    const row = await withTenant(services.db, access.holder.id, async (trx) =>
      (await findRequestDocument(trx, processed.id, fileId)) ? findStoredFile(trx, fileId) : undefined,
    );
    const bytes = row ? await services.files.get(row.sha256) : undefined;
    if (!row || !bytes) throw notFound("Ce document n'existe pas.");
    return reply
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.original_name)}`)
      .header('x-content-type-options', 'nosniff')
      .type(row.media_type)
      .send(bytes);
  });

  const stepInput = async (body: unknown, button: Pick<StepButton, 'kind' | 'key'>) => {
    const values = formValues(body);
    const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    const pieceName = stepField('piece', button);
    const raw = await rawFromHtml(
      [
        {
          type: 'file',
          key: pieceName,
          label: 'Document',
          required: false,
          accept: ['image', 'pdf'],
          maxBytes: 5 * 1024 * 1024,
        },
      ],
      body,
    );
    return {
      raw: {
        text: text(stepField('texte', button)),
        note: text(stepField('note', button)),
        upload: raw[pieceName] as FileUpload | undefined,
      },
      values: Object.fromEntries(
        ['texte', 'note'].map((f) => [
          stepField(f as 'texte' | 'note', button),
          (text(stepField(f as 'texte' | 'note', button)) ?? '').slice(0, 4000),
        ]),
      ),
      // Errors come back keyed like the engine's fields; the page keys them by this button's field names.
      rename: (errors: FieldErrors) =>
        Object.fromEntries(
          Object.entries(errors).map(([k, v]) => [
            k === 'texte' || k === 'piece' || k === 'note' ? stepField(k, button) : k,
            v,
          ]),
        ),
    };
  };

  app.post('/gru/demandes/:id/transitions', UPLOAD_ROUTE, async (request, reply) => {
    const access = requireAgent(request);
    const { id } = params(request);
    const to = String(formValues(request.body).vers ?? '');
    const button = { kind: 'transition' as const, key: to };
    const input = await stepInput(request.body, button);
    const result = await performTransition(services, {
      holder: access.holder,
      requestId: id,
      expectedVersion: versionOf(request.body),
      actor: access.actor,
      to,
      raw: input.raw,
    });
    if (result.ok) return done(request, reply, id, 'action');
    const state = refusalNotice(result);
    return render(request, reply, access, id, {
      ...state,
      errors: state.errors ? input.rename(state.errors) : {},
      values: input.values,
    });
  });

  app.post('/gru/demandes/:id/boutons/:key', UPLOAD_ROUTE, async (request, reply) => {
    const access = requireAgent(request);
    const { id, key } = request.params as { id: string; key: string };
    const button = { kind: 'button' as const, key };
    const input = await stepInput(request.body, button);
    const result = await runButton(services, {
      holder: access.holder,
      requestId: id,
      expectedVersion: versionOf(request.body),
      actor: access.actor,
      buttonKey: key,
      raw: input.raw,
    });
    if (result.ok) return done(request, reply, id, 'action');
    const state = refusalNotice(result);
    return render(request, reply, access, id, {
      ...state,
      errors: state.errors ? input.rename(state.errors) : {},
      values: input.values,
    });
  });

  const assign =
    (target: 'prendre' | 'liberer' | 'attribuer', fait: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const access = requireAgent(request);
      const { id } = params(request);
      const values = formValues(request.body);
      const result = await assignRequest(services, {
        holder: access.holder,
        requestId: id,
        expectedVersion: versionOf(request.body),
        actor: access.actor,
        to:
          target === 'prendre'
            ? { kind: 'me' }
            : target === 'liberer'
              ? { kind: 'nobody' }
              : { kind: 'agent', userId: String(values.agent ?? '') },
        takeOver: values.reprise === 'oui',
      });
      if (result.ok) return done(request, reply, id, fait);
      return render(request, reply, access, id, refusalNotice(result));
    };
  app.post('/gru/demandes/:id/prendre', assign('prendre', 'pris'));
  app.post('/gru/demandes/:id/liberer', assign('liberer', 'libere'));
  app.post('/gru/demandes/:id/attribuer', assign('attribuer', 'attribue'));

  app.post('/gru/demandes/:id/messages', UPLOAD_ROUTE, async (request, reply) => {
    const access = requireAgent(request);
    const { id } = params(request);
    const row = await findRow(access, id);
    const raw = await rawFromHtml(
      [
        {
          type: 'file',
          key: 'piece',
          label: 'Pièce jointe',
          required: false,
          accept: ['image', 'pdf'],
          maxBytes: 5 * 1024 * 1024,
        },
      ],
      request.body,
    );
    const body = String(formValues(request.body).message ?? '');
    const result = await postAdministrationMessage(services, {
      holder: access.holder,
      requestId: row.id,
      actor: access.actor,
      authorLabel: (row.routing as { competent: { office: { name: string } } }).competent.office.name,
      body,
      upload: raw.piece as FileUpload | undefined,
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
    const { id } = params(request);
    const body = String(formValues(request.body).note ?? '');
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
