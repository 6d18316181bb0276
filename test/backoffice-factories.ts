import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { ToodegoOffer } from '../src/platform/db/schema.ts';
import type { ResolvedTenant } from '../src/platform/tenancy/tenant-directory.ts';
import type { Services } from '../src/platform/services.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { applyWorkflow } from '../src/modules/catalogue/apply-workflow.ts';
import { publishWorkflow } from '../src/modules/workflows/publish-workflow.ts';
import type { WorkflowDefinitionInput } from '../src/modules/workflows/workflow-definition.ts';
import { loadFormVersion } from '../src/modules/forms/form-versions.ts';
import type { FormDefinitionInput } from '../src/modules/forms/form-definition.ts';
import { submitValidRequest } from '../src/modules/requests/submit-request.ts';
import { indexRequestsForSearch } from '../src/modules/requests/listing/inbox.repo.ts';
import type { ProcessingActor } from '../src/modules/requests/processing/run-actions.ts';
import { performTransition } from '../src/modules/requests/processing/perform-transition.ts';
import { buildEService } from './requests-factories.ts';
import { buildCommune, buildUser } from './factories.ts';

/**
 * Back-office test data: a commune processing its requests here, its agents and administrator, a citizen, and an
 * e-service; each test file builds its own.
 */
export const SIMPLE_FORM: FormDefinitionInput = {
  title: 'Votre demande',
  fields: [
    { type: 'text', key: 'objet', label: 'Objet', maxLength: 200 },
    { type: 'textarea', key: 'details', label: 'Détails', required: false, maxLength: 2000 },
  ],
};

export type ProcessingWorld = Awaited<ReturnType<typeof buildProcessingWorld>>;

export async function buildProcessingWorld(services: Services, options: { offer?: ToodegoOffer } = {}) {
  const commune = await buildCommune(services, {
    toodego: options.offer ?? 'partenaire',
    name: `Commune ${randomBytes(3).toString('hex')}`,
  });
  const agentA = await buildUser(services, {
    grants: [{ tenant: commune, role: 'agent' }],
    name: `Agent A ${randomBytes(2).toString('hex')}`,
  });
  const agentB = await buildUser(services, {
    grants: [{ tenant: commune, role: 'agent' }],
    name: `Agent B ${randomBytes(2).toString('hex')}`,
  });
  const admin = await buildUser(services, {
    grants: [{ tenant: commune, role: 'admin' }],
    name: `Admin ${randomBytes(2).toString('hex')}`,
  });
  const citizen = await buildUser(services, { name: `Camille ${randomBytes(2).toString('hex')}` });
  const service = await buildWorldService(services, commune);
  return { commune, agentA, agentB, admin, citizen, service };
}

/** An e-service of the commune, as the world's first one: signed-in citizens, the simple form, the town hall's desk. */
export async function buildWorldService(services: Services, commune: ResolvedTenant) {
  return buildEService(services, commune, {
    access: 'account',
    title: `Demande de test ${randomBytes(3).toString('hex')}`,
    form: SIMPLE_FORM,
    settings: {
      office: { name: 'Accueil de la mairie', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'signalement' },
    },
  });
}

/** Publishes a workflow in the world's commune and makes its e-service follow it; returns the version's id. */
export async function useWorkflow(
  services: Services,
  world: ProcessingWorld,
  key: string,
  definition: WorkflowDefinitionInput | unknown,
): Promise<string> {
  const published = await publishWorkflow(services, { tenant: world.commune, actor: SYSTEM_ACTOR, key, definition });
  if (!published.ok) throw new Error(`workflow refused: ${JSON.stringify(published.problems)}`);
  await useWorkflowVersion(services, world, published.id);
  return published.id;
}

/**
 * A request submitted under a workflow "reçue → acceptée" whose acceptance calls these webhooks, then accepted by the
 * world's first agent: the calls are queued, the worker not yet run.
 */
export async function acceptRequestWithWebhooks(
  services: Services,
  world: ProcessingWorld,
  webhooks: ReadonlyArray<{ url: string; event: string }>,
) {
  await useWorkflow(services, world, 'avec-webhook', {
    label: 'Avec appel sortant',
    initial: 'recue',
    statuses: [
      { key: 'recue', label: 'Reçue', citizenLabel: 'Reçue', visibleToCitizen: true },
      {
        key: 'acceptee',
        label: 'Acceptée',
        citizenLabel: 'Acceptée',
        visibleToCitizen: true,
        final: true,
        outcome: 'accepted',
        onEnter: webhooks.map(({ url, event }) => ({ type: 'webhook', url, event })),
      },
    ],
    transitions: [{ from: 'recue', to: 'acceptee', label: 'Accepter' }],
  });
  const request = await submitTestRequest(services, world);
  const accepted = await performTransition(services, {
    holder: world.commune,
    requestId: request.id,
    expectedVersion: null,
    actor: agentActor(world.agentA),
    to: 'acceptee',
    raw: {},
  });
  if (!accepted.ok) throw new Error('acceptance refused');
  return request;
}

export async function useWorkflowVersion(services: Services, world: ProcessingWorld, versionId: string): Promise<void> {
  const applied = await applyWorkflow(services, {
    tenant: world.commune,
    actor: SYSTEM_ACTOR,
    eserviceId: world.service.eservice.id,
    workflowVersionId: versionId,
  });
  if (!applied.ok) throw new Error('workflow not applied');
  world.service.eservice = { ...world.service.eservice, workflow_version_id: versionId };
}

let sequence = 0;

/** A request of the world's citizen (or anonymous, with an e-mail), submitted as the counter does it. */
export async function submitTestRequest(
  services: Services,
  world: ProcessingWorld,
  options: { objet?: string; anonymous?: boolean; sms?: string } = {},
) {
  const { citizen, service, commune } = world;
  const form = await loadFormVersion(services.db, service.formVersionId);
  const result = await submitValidRequest(services, {
    eservice: service.eservice,
    provider: commune,
    form,
    answers: { objet: options.objet ?? 'Lampadaire éteint rue Victor-Hugo' },
    citizen: options.anonymous
      ? null
      : { userId: citizen.id, email: citizen.email, displayName: citizen.display_name, via: 'session' },
    contact: { email: options.anonymous ? 'anonyme@example.org' : citizen.email, sms: options.sms ?? null },
    idempotency: { key: `test-${Date.now()}-${sequence++}-${randomBytes(4).toString('hex')}`, fingerprint: 'x' },
  });
  // Searchable at once, as after the follow-up job (whose e-mails the tests that want them get by draining the worker).
  await indexRequestsForSearch(services.db, [result.request.id]);
  return result.request;
}

export function agentActor(
  user: { id: string; display_name: string },
  roles: Array<'agent' | 'admin'> = ['agent'],
): ProcessingActor {
  return { userId: user.id, label: user.display_name, ip: null, kind: 'agent', roles };
}

/**
 * Copies of one request, made in one set-based statement (as the benchmark loads its million): numbers, codes and
 * keys made unique, submissions spread a minute apart before the original's. Platform work, outside any tenant scope.
 */
export async function cloneRequests(services: Services, requestId: string, count: number): Promise<void> {
  const clones = await sql<{ id: string }>`
    INSERT INTO request (id, tenant_id, eservice_id, form_version_id, workflow_version_id, number, tracking_code, citizen_user_id, contact_email,
      contact_sms, answers, status, citizen_status, submitted_at, updated_at, routing, commune_insee, acknowledgement, idempotency_scope,
      idempotency_key, idempotency_fingerprint)
    SELECT gen_random_uuid(), tenant_id, eservice_id, form_version_id, workflow_version_id, number || '-' || g, 'CLONE-' || upper(substr(md5(random()::text), 1, 12)),
      citizen_user_id, contact_email, contact_sms, answers, status, citizen_status, submitted_at - make_interval(mins => g), updated_at - make_interval(mins => g),
      routing, commune_insee, acknowledgement, idempotency_scope, idempotency_key || '-' || g, idempotency_fingerprint
    FROM request, generate_series(1, ${count}) AS g
    WHERE id = ${requestId}
    RETURNING id`.execute(services.db);
  await indexRequestsForSearch(
    services.db,
    clones.rows.map((r) => r.id),
  );
}
