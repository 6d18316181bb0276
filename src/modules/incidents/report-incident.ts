import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { AcceptedType } from '../../platform/files/file-store.ts';
import { storeUpload, type Upload } from '../../platform/files/checked-upload.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { operatorAddresses } from '../support/index.ts';
import { ALERT_DELAY_MS, CNIL_DELAY_MS } from './incident-clocks.ts';
import { tellOperators } from './incident-mail.ts';
import { scheduleReminders } from './incident-reminder.job.ts';
import { insertIncident, insertIncidentEvent, nextIncidentNumber } from './incidents.repo.ts';
import type { IncidentKind, IncidentRow } from './incidents.tables.ts';

export const KIND_LABELS: Record<IncidentKind, string> = {
  fuite: 'Violation de données (fuite, perte, accès non autorisé)',
  attaque: 'Attaque (intrusion, rançongiciel, déni de service, hameçonnage)',
};

export type IncidentInput = {
  kind: IncidentKind;
  identityAttack: boolean;
  title: string;
  description: string;
  detectedAt: Date;
};

/**
 * A commune (or the metropolis) reports a suspected breach or attack: numbered in its tenant, its description and
 * its first evidence as the start of its history, both clocks set from the detection, their reminders planned as
 * jobs on the clock, the operators told, all in one transaction with its audit entry.
 */
export async function reportIncident(
  services: Services,
  options: {
    reporter: ResolvedTenant;
    input: IncidentInput;
    evidence: { upload: Upload; type: AcceptedType } | null;
    author: { userId: string; label: string };
    actor: AuditActor;
  },
): Promise<IncidentRow> {
  const now = services.clock.now();
  const { input, reporter } = options;
  const side: 'commune' | 'metropole' = reporter.kind === 'metropole' ? 'metropole' : 'commune';
  const identityAttack = input.kind === 'attaque' && input.identityAttack;
  // Read before the transaction: the metropolis's role assignments are outside a commune's scope.
  const operators = await operatorAddresses(services, services.db);
  return withTenant(services.db, reporter.id, async (trx) => {
    const incident = await insertIncident(trx, {
      number: await nextIncidentNumber(trx),
      kind: input.kind,
      identity_attack: identityAttack,
      title: input.title,
      description: input.description,
      detected_at: input.detectedAt,
      reported_at: now,
      reported_by_user_id: options.author.userId,
      reported_by_label: options.author.label,
      alert_due_at: identityAttack ? new Date(input.detectedAt.getTime() + ALERT_DELAY_MS) : null,
      cnil_due_at: new Date(input.detectedAt.getTime() + CNIL_DELAY_MS),
    });
    const event = {
      tenant_id: reporter.id,
      incident_id: incident.id,
      actor_label: options.author.label,
      side,
      at: now,
    };
    await insertIncidentEvent(trx, { ...event, kind: 'signalement', body: input.description });
    if (options.evidence) {
      const file = await storeUpload(services, trx, {
        tenantId: reporter.id,
        upload: options.evidence.upload,
        type: options.evidence.type,
        createdBy: options.author.userId,
      });
      await insertIncidentEvent(trx, { ...event, kind: 'piece', file_id: file.id });
    }
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: reporter.id,
      action: 'incident.reported',
      target: { type: 'incident_report', id: incident.id },
      details: { kind: input.kind, identityAttack },
      at: now,
    });
    await scheduleReminders(services, trx, incident);
    await tellOperators(services, trx, {
      operators,
      incident,
      reporter,
      subject: identityAttack ? 'Attaque sur l’intégration d’identité signalée' : 'Nouveau signalement de sécurité',
      paragraphs: [
        `${reporter.name} signale : ${KIND_LABELS[input.kind].toLowerCase()}.`,
        identityAttack
          ? 'Attaque sur l’intégration d’identité : l’alerte est due dans les 8 heures suivant sa détection.'
          : 'S’il touche des données personnelles, la CNIL doit être notifiée dans les 72 heures suivant sa détection.',
      ],
      dedupe: `incident-signale:${incident.id}`,
    });
    return incident;
  });
}
