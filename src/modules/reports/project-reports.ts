import { listTenants } from '../../platform/tenancy/tenancy.repo.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServicesByIds, parseSettings } from '../catalogue/index.ts';
import { type Answers, type FormDefinition, inputFields, isPointAnswer, loadFormVersion } from '../forms/index.ts';
import { findBoundary, listRequestFacts, type RequestFacts } from '../requests/index.ts';
import { loadWorkflow, statusOf } from '../workflows/index.ts';
import { insertReports } from './reports.repo.ts';

/** Longest public description kept (a report form caps its own text lower). */
const DESCRIPTION_MAX = 4000;

/**
 * Makes the public reports of requests just submitted: those of a *signalement* e-service whose form places a point
 * on a map. Called from the requests' `requestsSubmitted` event (in the job after a batch of submissions) and by the
 * demo; a request already published is left as it is. A test instance's requests are never public.
 */
export async function projectReports(
  db: Executor,
  holder: ResolvedTenant,
  requestIds: readonly string[],
): Promise<void> {
  if (holder.isTestInstance || requestIds.length === 0) return;
  const facts = await listRequestFacts(db, holder.id, requestIds);
  const eservices = new Map(
    (await findEServicesByIds(db, [...new Set(facts.map((f) => f.eservice_id))])).map((e) => [e.id, e]),
  );
  const rows = [];
  for (const request of facts) {
    const eservice = eservices.get(request.eservice_id);
    if (!eservice) continue;
    const settings = parseSettings(eservice);
    if (settings.legal.kind !== 'signalement') continue;
    const form = await loadFormVersion(db, request.form_version_id);
    const answers = request.answers as Answers;
    const point = pointOf(form.definition, answers);
    if (!point) continue;
    const categoryField = settings.routing.mode === 'territorial' ? settings.routing.categoryField : null;
    const category = categoryField ? String(answers[categoryField] ?? '') : '';
    const workflow = await loadWorkflow(db, request.workflow_version_id);
    rows.push({
      tenant_id: holder.id,
      request_id: request.id,
      eservice_id: request.eservice_id,
      service_title: eservice.title,
      category,
      category_label: categoryLabel(form.definition, categoryField, category),
      lat: point.lat,
      lon: point.lon,
      commune_insee: request.commune_insee,
      commune_name: await communeName(db, request),
      description: descriptionOf(form.definition, answers).slice(0, DESCRIPTION_MAX),
      status: request.citizen_status,
      status_label: statusOf(workflow, request.citizen_status)?.citizenLabel ?? request.citizen_status,
      closed_at: request.closed_at,
      submitted_at: request.submitted_at,
      status_changed_at: request.submitted_at,
    });
  }
  await insertReports(db, rows);
}

/** The form's first point on a map, as answered. */
export function pointOf(definition: FormDefinition, answers: Answers): { lat: number; lon: number } | null {
  const field = inputFields(definition).find((f) => f.type === 'mapPoint');
  const value = field ? answers[field.key] : undefined;
  return isPointAnswer(value) && Number.isFinite(value.lat) && Number.isFinite(value.lon) ? value : null;
}

/** The category as the form words it for citizens. */
export function categoryLabel(definition: FormDefinition, key: string | null, value: string): string {
  const field = key ? inputFields(definition).find((f) => f.key === key) : undefined;
  const options = field && 'options' in field ? field.options : [];
  return options.find((o) => o.value === value)?.label ?? value;
}

/** What the author says of the problem: the field named `description` (as Open311 names it), else the first long text. */
function descriptionOf(definition: FormDefinition, answers: Answers): string {
  const fields = inputFields(definition);
  const field =
    fields.find((f) => f.key === 'description' && (f.type === 'textarea' || f.type === 'text')) ??
    fields.find((f) => f.type === 'textarea');
  const value = field ? answers[field.key] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The commune's name, read in the caller's transaction: its outline's (where the commune was found), else its tenant's
 * (an address's INSEE code). Never the tenant directory here: on the embedded database a second connection would wait
 * for this transaction's, which waits for it.
 */
async function communeName(db: Executor, request: RequestFacts): Promise<string> {
  if (!request.commune_insee) return '';
  const boundary = await findBoundary(db, request.commune_insee);
  if (boundary) return boundary.name;
  return (
    (await listTenants(db)).find((t) => t.insee_code === request.commune_insee && t.environment !== 'test')?.name ?? ''
  );
}
