import { HOUR } from '../../platform/clock.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { ALERT_DELAY_MS, CNIL_DELAY_MS } from './incident-clocks.ts';
import { insertIncident, insertIncidentEvent, listIncidents, nextIncidentNumber } from './incidents.repo.ts';

/** Two reports of Givors: an attack on the identity integration with its alert clock running, a qualified breach. */
export async function seedIncidentsDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  if (!givors) return;
  const now = services.clock.now();
  await withTenant(services.db, givors.id, async (trx) => {
    if ((await listIncidents(trx, givors.id)).length > 0) return;
    const demos = [
      {
        kind: 'attaque' as const,
        identity_attack: true,
        title: 'Tentatives de connexion en masse sur GrandLyon Connect',
        description: 'Des milliers d’essais de mots de passe depuis quelques adresses, sur les comptes des agents.',
        detected_at: new Date(now.getTime() - 3 * HOUR),
      },
      {
        kind: 'fuite' as const,
        identity_attack: false,
        title: 'Tableur des inscriptions scolaires envoyé au mauvais destinataire',
        description: 'Un agent a envoyé par erreur le tableur des inscriptions (noms, adresses) à une association.',
        detected_at: new Date(now.getTime() - 30 * HOUR),
      },
    ];
    for (const demo of demos) {
      const incident = await insertIncident(trx, {
        ...demo,
        number: await nextIncidentNumber(trx),
        reported_at: new Date(demo.detected_at.getTime() + HOUR),
        reported_by_user_id: null,
        reported_by_label: 'Référent de Givors (démonstration)',
        status: demo.kind === 'fuite' ? 'qualifie' : 'signale',
        personal_data: demo.kind === 'fuite' ? true : null,
        severity: demo.kind === 'fuite' ? 'moyenne' : null,
        alert_due_at: demo.identity_attack ? new Date(demo.detected_at.getTime() + ALERT_DELAY_MS) : null,
        cnil_due_at: new Date(demo.detected_at.getTime() + CNIL_DELAY_MS),
      });
      await insertIncidentEvent(trx, {
        tenant_id: givors.id,
        incident_id: incident.id,
        kind: 'signalement',
        body: demo.description,
        actor_label: 'Référent de Givors (démonstration)',
        side: 'commune',
        at: incident.reported_at,
      });
    }
  });
}
