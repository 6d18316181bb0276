import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notificationPreferencesForm } from '../../platform/app-module/app-module.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { applyWorkflow, TURNKEY_LOCKED_MESSAGE } from '../catalogue/index.ts';
import { publishWorkflow } from '../workflows/index.ts';
import { defaultNotification } from './agent-notifications.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { findAgentPreference } from './backoffice.repo.ts';
import { ZIdParams, ZText } from './input-schemas.ts';
import { findCircuit, loadCircuit } from './load-circuit.ts';
import { loadCircuits } from './load-circuits.ts';
import { saveAgentPreference } from './save-agent-preference.ts';
import { CircuitPage, CircuitsPage } from './views/circuits-pages.tsx';
import { PreferencesPage } from './views/preferences-page.tsx';

const ZPreference = z.object({
  nouvelles: z.enum(['immediate', 'digest', 'none'], { message: 'Choisissez comment être prévenu.' }),
  heure: z.coerce
    .number({ message: 'Choisissez une heure.' })
    .int()
    .min(0, 'Choisissez une heure.')
    .max(23, 'Choisissez une heure.'),
});

/** The hour a refused preferences form is redrawn with: the one typed, else 8 o'clock. */
const ZHourShown = z.coerce
  .number()
  .catch(8)
  .transform((hour) => hour || 8);

/** "fait=1": the preferences were just saved. */
const ZPreferencesQuery = z.object({ fait: z.literal('1').optional().catch(undefined) });

/** What the circuits page says after a publication or an application; anything else says nothing. */
const ZCircuitsQuery = z.object({ fait: z.enum(['publie', 'applique']).optional().catch(undefined) });

const ZPublishForm = z.object({ cle: ZText.transform((key) => key.trim()), definition: ZText });

/** A circuit's definition as typed: JSON, or a French message saying it is not. */
const ZJsonText = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'Le texte n’est pas du JSON valide : vérifiez les guillemets, les virgules et les accolades.',
    });
    return z.NEVER;
  }
});

const ZApplyForm = z.object({ demarche: ZText });

/** Administrators of a tenant that builds its own e-services (Partenaire) publish and apply workflows. */
const mayBuild = (access: AgentAccess) =>
  access.roles.includes('admin') && tenantMayUse(access.holder, 'instance.build-eservices');

type PublishState = {
  key?: string;
  definition?: string;
  errors?: FieldErrors;
  problems?: string[];
  status?: number;
};

/** The agent's notification preferences, and the tenant's workflows. */
export function registerSettingsRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/gru/preferences', async (request, reply) => {
    const access = requireAgent(request);
    const { fait } = parseQuery(ZPreferencesQuery, request);
    const saved = await withTenant(services.db, access.holder.production.id, (trx) =>
      findAgentPreference(trx, access.user.id),
    );
    const values = {
      newRequests: saved?.new_requests ?? defaultNotification({ roles: access.roles }),
      digestHour: saved?.digest_hour ?? 8,
    };
    const notificationPreferences = await notificationPreferencesForm(services, access.user.id, 'gru');
    return sendPage(request, reply, (context) =>
      PreferencesPage({
        context,
        tenantName: access.holder.name,
        values,
        errors: {},
        saved: fait === '1',
        notificationPreferences,
      }),
    );
  });

  app.post('/gru/preferences', async (request, reply) => {
    const access = requireAgent(request);
    const form = parseForm(ZPreference, request.body);
    if (!form.ok) {
      const values = { newRequests: 'immediate' as const, digestHour: ZHourShown.parse(form.values.heure) };
      return sendPage(
        request,
        reply,
        (context) =>
          PreferencesPage({ context, tenantName: access.holder.name, values, errors: form.errors, saved: false }),
        422,
      );
    }
    await saveAgentPreference(services, {
      holder: access.holder,
      userId: access.user.id,
      newRequests: form.data.nouvelles,
      digestHour: form.data.heure,
    });
    return redirectWithin(request, reply, '/gru/preferences?fait=1');
  });

  const renderCircuits = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: AgentAccess,
    state: PublishState = {},
  ) => {
    const { circuits, webhookSecret } = await loadCircuits(services, access);
    const { fait } = parseQuery(ZCircuitsQuery, request);
    return sendPage(
      request,
      reply,
      (context) =>
        CircuitsPage({
          context,
          circuits,
          canPublish: mayBuild(access),
          webhookSecret,
          publish: {
            key: state.key ?? '',
            definition: state.definition ?? '',
            errors: state.errors ?? {},
            problems: state.problems ?? [],
          },
          notice:
            fait === 'publie'
              ? 'La nouvelle version du circuit est publiée.'
              : fait === 'applique'
                ? 'La démarche suit désormais ce circuit pour ses nouvelles demandes.'
                : null,
        }),
      state.status ?? 200,
    );
  };

  app.get('/gru/circuits', async (request, reply) => renderCircuits(request, reply, requireAgent(request)));

  app.post('/gru/circuits', async (request, reply) => {
    const access = requireAgent(request);
    if (!mayBuild(access)) throw notFound();
    const { cle: key, definition: text } = parseBody(ZPublishForm, request);
    const definition = ZJsonText.safeParse(text);
    if (!definition.success) {
      return renderCircuits(request, reply, access, {
        key,
        definition: text,
        status: 422,
        errors: { definition: definition.error.issues[0]?.message ?? '' },
      });
    }
    const result = await publishWorkflow(services, {
      tenant: access.holder,
      actor: access.actor,
      key,
      definition: definition.data,
    });
    if (!result.ok) {
      const keyProblem = result.problems.find((p) => p.path[0] === 'key');
      const others = result.problems.filter((p) => p.path[0] !== 'key');
      return renderCircuits(request, reply, access, {
        key,
        definition: text,
        status: 422,
        errors: {
          ...(keyProblem ? { cle: keyProblem.message } : {}),
          ...(others.length
            ? {
                definition: `Le circuit est refusé (${others.length} problème${others.length > 1 ? 's' : ''}, listés au-dessus du formulaire).`,
              }
            : {}),
        },
        problems: others.map((p) => `${p.path.length ? `${p.path.join(' › ')} : ` : ''}${p.message}`),
      });
    }
    return redirectWithin(request, reply, '/gru/circuits?fait=publie');
  });

  const notACircuit = () => notFound("Ce circuit n'existe pas ou n'est pas disponible ici.");

  app.get('/gru/circuits/:id', async (request, reply) => {
    const access = requireAgent(request);
    const page = await loadCircuit(services, access.holder, parseParams(ZIdParams, request).id);
    if (!page) throw notACircuit();
    return sendPage(request, reply, (context) =>
      CircuitPage({ context, ...page, canApply: mayBuild(access), json: JSON.stringify(page.definition, null, 2) }),
    );
  });

  app.post('/gru/circuits/:id/appliquer', async (request, reply) => {
    const access = requireAgent(request);
    const circuit = await findCircuit(services, access.holder, parseParams(ZIdParams, request).id);
    if (!circuit) throw notACircuit();
    if (!mayBuild(access)) throw notFound();
    const result = await applyWorkflow(services, {
      tenant: access.holder,
      actor: access.actor,
      eserviceId: parseBody(ZApplyForm, request).demarche,
      workflowVersionId: circuit.id,
    });
    if (!result.ok && result.reason === 'turnkey') throw new AppError('forbidden', TURNKEY_LOCKED_MESSAGE);
    if (!result.ok) throw notFound("Cette démarche n'existe pas ici.");
    return redirectWithin(request, reply, '/gru/circuits?fait=applique');
  });
}
