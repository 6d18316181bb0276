import { parisDay } from '../../platform/paris-time.ts';
import { type ExportColumnOf, type ExportSheet, sheetOf } from '../../platform/exports/table-export.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type AnswerValue, formatAnswer, isInput, loadFormVersion } from '../forms/index.ts';
import { findEServiceById } from '../catalogue/index.ts';
import { loadWorkflow, statusOf } from '../workflows/index.ts';
import type { InboxQuery } from './inbox-query.ts';
import type { InboxExportRow } from '../requests/index.ts';

/** Up to this many rows, the file is made while the agent waits; beyond, by a job with its progress shown. */
export const SYNC_EXPORT_LIMIT = 500;
/** An export larger than this is refused: narrow the filters. */
export const MAX_EXPORT_ROWS = 200_000;
export const EXPORT_BATCH = 1000;

const parisDate = (at: Date | null) => (at ? parisDay(at) : null);

/** What turns listing rows into a sheet: the tenant's commune names, and the form of the filtered service, if one. */
export type SheetBuilder = (rows: InboxExportRow[]) => Promise<ExportSheet>;

export async function sheetBuilder(services: Services, query: InboxQuery): Promise<SheetBuilder> {
  const communes = new Map(
    (await services.tenants.all()).filter((t) => t.insee_code && !t.isTestInstance).map((t) => [t.insee_code, t.name]),
  );
  const eservice = query.eserviceId ? await findEServiceById(services.db, query.eserviceId) : undefined;
  const form = eservice?.published_form_version_id
    ? await loadFormVersion(services.db, eservice.published_form_version_id)
    : undefined;
  const answerColumns: Array<ExportColumnOf<InboxExportRow & { statusLabel: string; citizenLabel: string }>> = (
    form?.definition.fields ?? []
  )
    .filter(isInput)
    .map((field) => ({
      header: field.label,
      value: (r) => {
        const value = r.answers[field.key] as AnswerValue | undefined;
        return value === undefined ? null : formatAnswer(field, value);
      },
    }));
  return async (rows) => {
    const labelled = [];
    for (const r of rows) {
      const workflow = await loadWorkflow(services.db, r.workflow_version_id);
      labelled.push({
        ...r,
        statusLabel: statusOf(workflow, r.status)?.label ?? r.status,
        citizenLabel: statusOf(workflow, r.citizen_status)?.citizenLabel ?? r.citizen_status,
      });
    }
    return sheetOf(
      'Demandes',
      [
        { header: 'Numéro', value: (r) => r.number },
        { header: 'Démarche', value: (r) => r.title },
        { header: 'Statut', value: (r) => r.statusLabel },
        { header: 'Statut vu par l’usager', value: (r) => r.citizenLabel },
        { header: 'Déposée le', type: 'date', value: (r) => parisDate(r.submitted_at) },
        { header: 'Dernière activité le', type: 'date', value: (r) => parisDate(r.activity_at) },
        { header: 'Close le', type: 'date', value: (r) => parisDate(r.closed_at) },
        {
          header: 'Commune du lieu',
          value: (r) => (r.commune_insee ? (communes.get(r.commune_insee) ?? r.commune_insee) : null),
        },
        { header: 'Traitée par', value: (r) => r.assignee_name },
        { header: 'Courriel de l’usager', value: (r) => r.contact_email },
        { header: 'Code de suivi', value: (r) => r.tracking_code },
        ...answerColumns,
      ],
      labelled,
    );
  };
}

export function exportFilename(holder: ResolvedTenant, at: Date): string {
  return `demandes-${holder.slug}-${parisDate(at)}`;
}
