import { z } from 'zod';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { listPublishedDatasets, updateDataset } from './opendata.repo.ts';
import { FREQUENCIES } from './vocabulary.ts';

const DAILY = 24 * 60;

function yearsAfter(date: Date, years: number): Date {
  const later = new Date(date);
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
}

/**
 * Every day: a published dataset whose data is older than its committed frequency allows is flagged late (its
 * producer told once); one whose data has not changed in 3 years is unpublished, and its producer told why.
 */
export async function reviewStaleness(services: Services): Promise<{ flagged: number; unpublished: number }> {
  const now = services.clock.now();
  let flagged = 0;
  let unpublished = 0;
  for (const dataset of await listPublishedDatasets(services.db)) {
    const lastUpdate = dataset.data_updated_at ?? dataset.created_at;
    const link = `${services.config.publicUrl}/donnees/gestion/${dataset.id}`;
    if (yearsAfter(lastUpdate, 3) <= now) {
      await services.db.transaction().execute(async (trx) => {
        await updateDataset(trx, dataset.id, {
          status: 'unpublished',
          unpublished_at: now,
          unpublished_reason: 'Dépublié automatiquement : données non mises à jour depuis 3 ans',
        });
        await recordAudit(trx, {
          actor: SYSTEM_ACTOR,
          tenantId: dataset.tenant_id,
          action: 'opendata.dataset-unpublished-stale',
          target: { type: 'od_dataset', id: dataset.id },
          at: now,
        });
        await queueEmail(trx, services.jobs, {
          to: dataset.contact_email,
          tenantId: dataset.tenant_id,
          dedupeKey: `opendata-stale:${dataset.id}:${now.toISOString().slice(0, 10)}`,
          content: {
            subject: `Jeu de données dépublié : ${dataset.title}`,
            greeting: 'Bonjour,',
            paragraphs: [
              `Les données du jeu « ${dataset.title} » n'ont pas été mises à jour depuis 3 ans : il est dépublié du portail open data.`,
              'Chargez des données à jour puis republiez-le depuis votre espace producteur.',
            ],
            action: { label: 'Ouvrir le jeu dans l’espace producteur', url: link },
            signature: 'Le portail open data de la Métropole de Lyon',
          },
        });
      });
      unpublished++;
      continue;
    }
    const delay = FREQUENCIES[dataset.frequency]?.delayMs;
    if (delay && !dataset.late_since && lastUpdate.getTime() + delay < now.getTime()) {
      await services.db.transaction().execute(async (trx) => {
        await updateDataset(trx, dataset.id, { late_since: now });
        await queueEmail(trx, services.jobs, {
          to: dataset.contact_email,
          tenantId: dataset.tenant_id,
          dedupeKey: `opendata-late:${dataset.id}:${now.toISOString().slice(0, 10)}`,
          content: {
            subject: `Jeu de données en retard : ${dataset.title}`,
            greeting: 'Bonjour,',
            paragraphs: [
              `Le jeu « ${dataset.title} » devait être mis à jour selon la fréquence « ${FREQUENCIES[dataset.frequency]?.label} » : il est signalé en retard sur le portail.`,
              'Sans mise à jour pendant 3 ans, il serait dépublié automatiquement.',
            ],
            action: { label: 'Mettre à jour le jeu', url: link },
            signature: 'Le portail open data de la Métropole de Lyon',
          },
        });
      });
      flagged++;
    }
  }
  return { flagged, unpublished };
}

export const stalenessDailyJob = defineRecurringJob({
  name: 'opendata.staleness',
  everyMinutes: DAILY,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await reviewStaleness(services);
  },
});
