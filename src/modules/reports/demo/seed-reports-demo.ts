import type { Services } from '../../../platform/services.ts';
import { findEServiceOfTenant } from '../../catalogue/index.ts';
import { loadFormVersion } from '../../forms/index.ts';
import { changeRequestStatus, submitValidRequest } from '../../requests/index.ts';
import { projectReports } from '../project-reports.ts';

/** Demo reports in Lyon, Vénissieux and Givors (two potholes 90 m apart, to show the nearby suggestions). */
const DEMO_REPORTS = [
  {
    key: 'demo-signalement-1',
    categorie: 'nid-de-poule',
    description: 'Trou profond dans la chaussée devant l’arrêt de bus, dangereux pour les vélos.',
    lieu: { lat: 45.764, lon: 4.8357 },
    to: null,
  },
  {
    key: 'demo-signalement-2',
    categorie: 'nid-de-poule',
    description: 'Chaussée affaissée sur deux mètres : les voitures font un écart.',
    lieu: { lat: 45.7648, lon: 4.8362 },
    to: 'en-cours',
  },
  {
    key: 'demo-signalement-3',
    categorie: 'tag',
    description: 'Grand tag sur le mur de l’école maternelle, côté cour.',
    lieu: { lat: 45.77, lon: 4.85 },
    to: 'en-cours',
  },
  {
    key: 'demo-signalement-4',
    categorie: 'depot-sauvage',
    description: 'Matelas et gravats abandonnés au pied des conteneurs de tri.',
    lieu: { lat: 45.7, lon: 4.88 },
    to: null,
  },
  {
    key: 'demo-signalement-5',
    categorie: 'eclairage',
    description: 'Trois lampadaires éteints depuis une semaine, la rue est dans le noir.',
    lieu: { lat: 45.59, lon: 4.76 },
    to: null,
  },
  {
    key: 'demo-signalement-6',
    categorie: 'trottoir',
    description: 'Dalle du trottoir soulevée par une racine.',
    lieu: { lat: 45.75, lon: 4.86 },
    to: 'traitee',
  },
] as const;

/** A few public reports, anonymous and fictitious, so the public list and map show something. Idempotent. */
export async function seedReportsDemo(services: Services): Promise<void> {
  const metropole = await services.tenants.metropole();
  const service = await findEServiceOfTenant(services.db, metropole.id, 'signaler-un-probleme');
  if (!service?.published_form_version_id) return;
  const form = await loadFormVersion(services.db, service.published_form_version_id);
  for (const report of DEMO_REPORTS) {
    const result = await submitValidRequest(services, {
      eservice: service,
      provider: metropole,
      form,
      answers: { categorie: report.categorie, description: report.description, lieu: report.lieu },
      citizen: null,
      contact: { email: 'habitant.demo@example.org', sms: null },
      idempotency: { key: report.key, fingerprint: report.key },
    });
    // Published at once (the job after submissions would do it when the worker runs; doing it twice is harmless).
    await projectReports(services.db, result.holder, [result.request.id]);
    if (result.replayed || !report.to || result.request.status !== 'recue') continue;
    const agent = { userId: null, label: 'Service de démonstration', ip: null };
    if (report.to === 'traitee')
      await changeRequestStatus(services, {
        holder: result.holder,
        requestId: result.request.id,
        to: 'en-cours',
        actor: agent,
      });
    await changeRequestStatus(services, {
      holder: result.holder,
      requestId: result.request.id,
      to: report.to,
      actor: agent,
    });
  }
}
