import type { PersonalDataPart } from '../../platform/app-module/app-module.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import { listFollowsOf } from './followers.repo.ts';

/** A person's part of their data export: the reports they follow, and since when (their address is the account's). */
export async function exportFollows(services: Services, userId: string): Promise<PersonalDataPart> {
  const account = await findAccountById(services.db, userId);
  if (!account) return { data: {}, files: [] };
  const follows = await listFollowsOf(services.db, { userId, email: account.email.toLowerCase() });
  return {
    data: {
      signalementsSuivis: follows.map((f) => ({
        signalement: `${services.config.publicUrl}/signalements/${f.report_id}`,
        categorie: f.category_label || f.service_title,
        commune: f.commune_name,
        adresse: f.email,
        depuis: f.created_at,
        confirme: f.confirmed_at !== null,
        arrete: f.stopped_at,
      })),
    },
    files: [],
  };
}
