import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { listWorkflowVersions, loadWorkflow, publishWorkflow } from '../workflows/index.ts';
import { applyWorkflow, listEServiceWorkflows } from '../catalogue/index.ts';
import { countRequestsByWorkflowVersion, webhookSecret } from '../requests/index.ts';
import { defaultNotification } from './agent-notifications.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { findAgentPreference } from './backoffice.repo.ts';
import { saveAgentPreference } from './save-agent-preference.ts';
import { type CircuitSummary, CircuitPage, CircuitsPage } from './views/circuits-pages.tsx';
import { PreferencesPage } from './views/preferences-page.tsx';

const ZPreference = z.object({
  nouvelles: z.enum(['immediate', 'digest', 'none'], { message: 'Choisissez comment être prévenu.' }),
  heure: z.coerce
    .number({ message: 'Choisissez une heure.' })
    .int()
    .min(0, 'Choisissez une heure.')
    .max(23, 'Choisissez une heure.'),
});

/** Administrators of a tenant that builds its own e-services (Partenaire) publish and apply workflows. */
const mayBuild = (access: AgentAccess) =>
  access.roles.includes('admin') && tenantMayUse(access.holder, 'instance.build-eservices');

/** The agent's notification preferences, and the tenant's workflows. */
export function registerSettingsRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/gru/preferences', async (request, reply) => {
    const access = requireAgent(request);
    const saved = await withTenant(services.db, access.holder.production.id, (trx) =>
      findAgentPreference(trx, access.user.id),
    );
    const values = {
      newRequests: saved?.new_requests ?? defaultNotification({ roles: access.roles }),
      digestHour: saved?.digest_hour ?? 8,
    };
    const fait = (request.query as Record<string, unknown>).fait === '1';
    return sendPage(request, reply, (context) =>
      PreferencesPage({ context, tenantName: access.holder.name, values, errors: {}, saved: fait }),
    );
  });

  app.post('/gru/preferences', async (request, reply) => {
    const access = requireAgent(request);
    const form = parseForm(ZPreference, request.body);
    if (!form.ok) {
      const values = { newRequests: 'immediate' as const, digestHour: Number(form.values.heure ?? 8) || 8 };
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

  const circuits = async (access: AgentAccess): Promise<CircuitSummary[]> => {
    const { holder } = access;
    const [versions, counts, eservices] = await withTenant(services.db, holder.id, (trx) =>
      Promise.all([
        listWorkflowVersions(trx, holder.id),
        countRequestsByWorkflowVersion(trx, holder.id),
        listEServiceWorkflows(trx, holder.id),
      ]),
    );
    return versions.map((v) => ({
      id: v.id,
      key: v.key,
      version: v.version,
      label: String((v.definition as { label?: unknown }).label ?? v.key),
      platform: v.tenant_id === null,
      publishedAt: v.published_at,
      requests: counts.get(v.id) ?? 0,
      eservices: eservices.filter((e) => e.workflow_version_id === v.id).map((e) => e.title),
    }));
  };

  const renderCircuits = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: AgentAccess,
    state: { key?: string; definition?: string; errors?: FieldErrors; problems?: string[]; status?: number } = {},
  ) => {
    const secret = access.roles.includes('admin')
      ? await withTenant(services.db, access.holder.id, (trx) =>
          webhookSecret(trx, access.holder.id, services.clock.now()),
        )
      : null;
    const list = await circuits(access);
    const fait = (request.query as Record<string, unknown>).fait;
    return sendPage(
      request,
      reply,
      (context) =>
        CircuitsPage({
          context,
          circuits: list,
          canPublish: mayBuild(access),
          webhookSecret: secret,
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
    const values = formValues(request.body);
    const key = String(values.cle ?? '').trim();
    const text = String(values.definition ?? '');
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch {
      return renderCircuits(request, reply, access, {
        key,
        definition: text,
        status: 422,
        errors: {
          definition: 'Le texte n’est pas du JSON valide : vérifiez les guillemets, les virgules et les accolades.',
        },
      });
    }
    const result = await publishWorkflow(services, { tenant: access.holder, actor: access.actor, key, definition });
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

  const findCircuit = async (access: AgentAccess, id: string) => {
    const circuit = (await circuits(access)).find((c) => c.id === id);
    if (!circuit) throw notFound("Ce circuit n'existe pas ou n'est pas disponible ici.");
    return circuit;
  };

  app.get('/gru/circuits/:id', async (request, reply) => {
    const access = requireAgent(request);
    const circuit = await findCircuit(access, (request.params as { id: string }).id);
    const definition = await loadWorkflow(services.db, circuit.id);
    const eservices = await withTenant(services.db, access.holder.id, (trx) =>
      listEServiceWorkflows(trx, access.holder.id),
    );
    return sendPage(request, reply, (context) =>
      CircuitPage({
        context,
        circuit,
        definition,
        eservices: eservices
          .filter((e) => e.workflow_version_id !== circuit.id)
          .map((e) => ({ value: e.id, label: e.title })),
        canApply: mayBuild(access),
        json: JSON.stringify(definition, null, 2),
      }),
    );
  });

  app.post('/gru/circuits/:id/appliquer', async (request, reply) => {
    const access = requireAgent(request);
    const circuit = await findCircuit(access, (request.params as { id: string }).id);
    if (!mayBuild(access)) throw notFound();
    const result = await applyWorkflow(services, {
      tenant: access.holder,
      actor: access.actor,
      eserviceId: String(formValues(request.body).demarche ?? ''),
      workflowVersionId: circuit.id,
    });
    if (!result.ok) throw notFound("Cette démarche n'existe pas ici.");
    return redirectWithin(request, reply, '/gru/circuits?fait=applique');
  });
}
