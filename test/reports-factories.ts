import type { Services } from '../src/platform/services.ts';
import type { ResolvedTenant } from '../src/platform/tenancy/tenant-directory.ts';
import { loadFormVersion } from '../src/modules/forms/index.ts';
import { submitValidRequest } from '../src/modules/requests/index.ts';
import { projectReports } from '../src/modules/reports/project-reports.ts';
import { buildEService, REPORT_FORM } from './requests-factories.ts';

let keys = 0;

/**
 * A public report held by one commune: a report e-service of its own (owner routing), one request submitted to it
 * with the given author, then published as the job after submissions would.
 */
export async function buildCommuneReport(
  services: Services,
  commune: ResolvedTenant,
  options: { description?: string; contactEmail?: string; point?: { lat: number; lon: number } } = {},
): Promise<{ reportId: string; requestId: string; holder: ResolvedTenant }> {
  const built = await buildEService(services, commune, {
    form: REPORT_FORM,
    settings: {
      office: { name: 'Services techniques', email: 'technique@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'signalement' },
    },
  });
  const result = await submitValidRequest(services, {
    eservice: built.eservice,
    provider: commune,
    form: await loadFormVersion(services.db, built.formVersionId),
    answers: {
      categorie: 'voirie',
      description: options.description ?? 'Nid de poule devant la mairie',
      lieu: options.point ?? { lat: -20.5, lon: -10.5 },
    },
    citizen: null,
    contact: { email: options.contactEmail ?? 'auteur@example.org', sms: null },
    idempotency: { key: `rapport-${keys}`, fingerprint: `rapport-${keys++}` },
  });
  await projectReports(services.db, result.holder, [result.request.id]);
  const report = await services.db
    .selectFrom('report')
    .select('id')
    .where('request_id', '=', result.request.id)
    .executeTakeFirstOrThrow();
  return { reportId: report.id, requestId: result.request.id, holder: result.holder };
}
