import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { insertIncidentEvent, updateIncident } from './incidents.repo.ts';
import type { IncidentRow, IncidentSeverity, IncidentStatus } from './incidents.tables.ts';

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  signale: 'Signalé',
  qualifie: 'Qualifié',
  notifie: 'Notifié à la CNIL',
  clos: 'Clos',
};

export const SEVERITY_LABELS: Record<IncidentSeverity, string> = {
  faible: 'Faible',
  moyenne: 'Moyenne',
  elevee: 'Élevée',
  critique: 'Critique',
};

/** One step of a report's workflow, taken by the metropolis's operators. */
export type IncidentStep =
  | { step: 'qualification'; personalData: boolean; severity: IncidentSeverity; note: string }
  | { step: 'alerte'; note: string }
  | { step: 'cnil'; reference: string; note: string }
  | { step: 'cloture'; note: string };

/**
 * The workflow: signalé → qualifié (personal data touched or not, severity) → notifié à la CNIL (when personal data
 * is touched) → clos; the 8-hour alert is recorded at any point before closure. A step that does not apply to the
 * report as it stands is refused with the reason, in French; every step is written in the history and the audit log.
 */
export async function advanceIncident(
  services: Services,
  options: { incident: IncidentRow; step: IncidentStep; actor: AuditActor },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const now = services.clock.now();
  const { incident, step } = options;
  const plan = planStep(incident, step, now);
  if ('error' in plan) return { ok: false, error: plan.error };
  return services.db.transaction().execute(async (trx) => {
    if (!(await updateIncident(trx, incident.id, plan.from, plan.values)))
      return { ok: false as const, error: 'Le signalement a changé entre-temps : rechargez la page.' };
    await insertIncidentEvent(trx, {
      tenant_id: incident.tenant_id,
      incident_id: incident.id,
      kind: step.step,
      body: plan.body,
      actor_label: options.actor.label,
      side: 'metropole',
      at: now,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: incident.tenant_id,
      action: `incident.${step.step}`,
      target: { type: 'incident_report', id: incident.id },
      details: plan.values as Record<string, unknown>,
      at: now,
    });
    return { ok: true as const };
  });
}

type Plan = { from: IncidentStatus[]; values: Parameters<typeof updateIncident>[3]; body: string } | { error: string };

function planStep(incident: IncidentRow, step: IncidentStep, now: Date): Plan {
  const note = (text: string) => (step.note ? `${text}\n\n${step.note}` : text);
  switch (step.step) {
    case 'qualification':
      if (incident.status !== 'signale') return { error: 'Ce signalement est déjà qualifié.' };
      return {
        from: ['signale'],
        values: { status: 'qualifie', personal_data: step.personalData, severity: step.severity },
        body: note(
          `Gravité ${SEVERITY_LABELS[step.severity].toLowerCase()} ; ${
            step.personalData ? 'des données personnelles sont touchées' : 'aucune donnée personnelle touchée'
          }.`,
        ),
      };
    case 'alerte':
      if (!incident.identity_attack)
        return { error: 'L’alerte sous 8 heures ne concerne que les attaques sur l’intégration d’identité.' };
      if (incident.alerted_at) return { error: 'L’alerte est déjà enregistrée.' };
      if (incident.status === 'clos') return { error: 'Ce signalement est clos.' };
      return {
        from: ['signale', 'qualifie', 'notifie'],
        values: { alerted_at: now },
        body: note('Alerte transmise (fournisseurs d’identité et CERT).'),
      };
    case 'cnil':
      if (incident.status !== 'qualifie')
        return {
          error:
            incident.status === 'signale'
              ? 'Qualifiez d’abord le signalement.'
              : 'Ce signalement n’est plus à notifier.',
        };
      if (!incident.personal_data) return { error: 'Aucune donnée personnelle touchée : rien à notifier à la CNIL.' };
      return {
        from: ['qualifie'],
        values: { status: 'notifie', cnil_notified_at: now, cnil_reference: step.reference },
        body: note(`Notifié à la CNIL, référence ${step.reference}.`),
      };
    case 'cloture':
      if (incident.status === 'signale') return { error: 'Qualifiez d’abord le signalement.' };
      if (incident.status === 'clos') return { error: 'Ce signalement est déjà clos.' };
      if (!step.note) return { error: 'Dites ce qui a été fait (et, sans notification à la CNIL, pourquoi).' };
      return {
        from: ['qualifie', 'notifie'],
        values: { status: 'clos', closed_at: now },
        body: note('Signalement clos.'),
      };
  }
}
