import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { mailEach } from '../support/index.ts';
import { incidentLabel } from './incident-files.ts';
import type { IncidentRow } from './incidents.tables.ts';

/** The desk's page of a report, for the operators' e-mails. */
export const deskIncidentUrl = (services: Services, incident: IncidentRow) =>
  `${services.config.publicUrl}/admin/incidents/${incident.id}`;

/** Tells the metropolis's operators something about a report, once per `dedupe` key, in the caller's transaction. */
export async function tellOperators(
  services: Services,
  db: Executor,
  options: {
    operators: string[];
    incident: IncidentRow;
    reporter: ResolvedTenant;
    subject: string;
    paragraphs: string[];
    dedupe: string;
  },
): Promise<void> {
  const label = incidentLabel(options.incident);
  await mailEach(
    services,
    db,
    options.operators,
    {
      subject: `${options.subject} : ${label} (${options.reporter.name})`,
      greeting: 'Bonjour,',
      paragraphs: [...options.paragraphs, `« ${options.incident.title} »`],
      action: { label: 'Voir le signalement', url: deskIncidentUrl(services, options.incident) },
      signature: 'Communs – sécurité',
    },
    options.dedupe,
    options.reporter.kind === 'metropole' ? null : options.reporter.id,
  );
}
