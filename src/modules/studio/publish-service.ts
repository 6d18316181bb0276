import { isDeepStrictEqual } from 'node:util';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import {
  findEServiceOfTenant,
  InvalidEServiceError,
  isTurnkeyInstance,
  publishEService,
  TURNKEY_LOCKED_MESSAGE,
} from '../catalogue/index.ts';
import { loadWorkflow, publishWorkflow } from '../workflows/index.ts';
import { agendaChoiceValue, agendaChoices } from './agenda-choices.ts';
import { bundleOf, bundleProblems, ZServiceBundle, ZServiceDraft } from './service-draft.ts';
import { findStudioService, latestPublishedRevision, latestRevision, markPublished } from './studio.repo.ts';

export type PublishResult =
  { ok: true; number: number } | { ok: false; reason: 'not-found' } | { ok: false; problems: string[] };

/**
 * Publishes the latest draft version of a studio service: checked whole (the form's and the workflow's own schemas,
 * the validator included), then its workflow becomes a frozen workflow version (unless unchanged since the last
 * publication), its form a frozen form version and its catalogue entry follows — through their owners' functions.
 * The draft version is frozen too. Requests already made keep the versions they pinned.
 */
export async function publishStudioService(
  services: Services,
  options: { tenant: ResolvedTenant; actor: AuditActor; serviceId: string },
): Promise<PublishResult> {
  const { tenant, actor } = options;
  const found = await withTenant(services.db, tenant.id, async (trx) => {
    const service = await findStudioService(trx, options.serviceId);
    if (!service) return undefined;
    return {
      service,
      eservice: await findEServiceOfTenant(trx, tenant.id, service.slug),
      latest: await latestRevision(trx, service.id),
      previous: await latestPublishedRevision(trx, service.id),
    };
  });
  if (!found) return { ok: false, reason: 'not-found' };
  const { service, latest, previous } = found;
  // Refused before anything is written: not even a workflow version may be published under a turnkey instance's name.
  if (found.eservice && isTurnkeyInstance(found.eservice)) return { ok: false, problems: [TURNKEY_LOCKED_MESSAGE] };
  if (latest.published_at) return { ok: true, number: latest.number };
  const candidate = bundleOf(service.slug, ZServiceDraft.parse(latest.content));
  const checked = ZServiceBundle.safeParse(candidate);
  if (!checked.success) return { ok: false, problems: bundleProblems(candidate, checked.error) };
  const { service: meta, form, workflow } = checked.data;
  // An appointment field books an agenda of this administration: one added before any agenda existed, closed since or
  // brought from another instance (a test instance's, an import) would tell every citizen nothing is bookable.
  const bookable = new Set((await agendaChoices(services, tenant.id)).map((c) => c.value));
  const unbookable = form.fields.filter(
    (f) => f.type === 'appointment' && !bookable.has(agendaChoiceValue(f.agendaId, f.meetingTypeId)),
  );
  if (unbookable.length)
    return {
      ok: false,
      problems: unbookable.map(
        (f) =>
          `formulaire › champ « ${f.key} » : l’agenda et le motif de rendez-vous choisis ne sont pas ceux d’un agenda ouvert de cette administration ; choisissez-en un dans le champ.`,
      ),
    };

  let workflowVersionId = previous?.workflow_version_id ?? null;
  if (!workflowVersionId || !isDeepStrictEqual(await loadWorkflow(services.db, workflowVersionId), workflow)) {
    const published = await publishWorkflow(services, { tenant, actor, key: service.slug, definition: workflow });
    if (!published.ok) return { ok: false, problems: published.problems.map((p) => p.message) };
    workflowVersionId = published.id;
  }
  let formVersionId: string;
  try {
    const published = await publishEService(services, {
      provider: tenant,
      actor,
      slug: service.slug,
      title: meta.title,
      summary: meta.summary,
      description: meta.description,
      themes: meta.themes,
      keywords: meta.keywords,
      access: meta.access,
      mutualised: meta.mutualised,
      settings: meta.settings,
      form,
      workflowVersionId,
    });
    formVersionId = published.formVersionId;
  } catch (error) {
    if (error instanceof InvalidEServiceError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const at = services.clock.now();
  await withTenant(services.db, tenant.id, async (trx) => {
    await markPublished(trx, latest.id, { at, formVersionId, workflowVersionId });
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'studio.publish',
      target: { type: 'studio_service', id: service.id },
      details: { slug: service.slug, version: latest.number },
      at,
    });
  });
  return { ok: true, number: latest.number };
}
