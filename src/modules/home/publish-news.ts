import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { insertNews } from './news.repo.ts';

export const ZNews = z.object({
  title: z.string().trim().min(1, 'Indiquez le titre de l’actualité.').max(120, 'Le titre : 120 caractères au plus'),
  body: z.string().trim().min(1, 'Écrivez le texte de l’actualité.').max(2000, 'Le texte : 2 000 caractères au plus'),
});

/** A commune's administrator publishes a news item on its home page (issue 23 §2); audited. */
export async function publishCommuneNews(
  services: Services,
  tenant: ResolvedTenant,
  news: z.infer<typeof ZNews>,
  actor: AuditActor,
): Promise<void> {
  const at = services.clock.now();
  await withTenant(services.db, tenant.id, async (trx) => {
    const row = await insertNews(trx, { ...news, at, byLabel: actor.label });
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'home.news.publish',
      target: { type: 'home_news', id: row.id },
      details: { title: row.title },
      at,
    });
  });
}
