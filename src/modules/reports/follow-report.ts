import { newToken, tokenDigest } from '../identity/index.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { confirmFollowUrl } from './follow-links.ts';
import { upsertFollower } from './followers.repo.ts';
import { publicReport } from './public-report.ts';
import { findReport, type PublicScope } from './reports.repo.ts';

export type FollowOutcome =
  { ok: true; state: 'following' | 'check-mailbox'; categoryLabel: string } | { ok: false; reason: 'not-found' };

/**
 * Follows a report rather than sending its duplicate: a signed-in citizen at once, with their account's address;
 * anyone else gives an address, which follows once confirmed by the link sent to it (the platform sends nothing
 * regularly to an address whose holder did not ask for it). Following again is harmless; an address already
 * following gets no second link. A closed report can still be followed (it may reopen).
 */
export async function followReport(
  services: Services,
  options: {
    reportId: string;
    scope: PublicScope;
    account: { userId: string; email: string } | null;
    email: string | null;
  },
): Promise<FollowOutcome> {
  const report = await findReport(services.db, options.reportId);
  const email = (options.account?.email ?? options.email ?? '').trim().toLowerCase();
  if (!report || !email) return { ok: false, reason: 'not-found' };
  // A commune's instance follows only the reports located in it, as its pages show them.
  if (options.scope.inseeCode !== null && report.commune_insee !== options.scope.inseeCode)
    return { ok: false, reason: 'not-found' };
  const at = services.clock.now();
  // A confirmation link's token: random, only its digest stored.
  const token = newToken();
  const digest = tokenDigest(token);
  const categoryLabel = publicReport(report).categoryLabel;
  return services.db.transaction().execute(async (trx) => {
    const follower = await upsertFollower(trx, {
      tenantId: report.tenant_id,
      reportId: report.id,
      userId: options.account?.userId ?? null,
      email,
      tokenDigest: digest,
      at,
      confirmed: options.account !== null,
    });
    if (options.account) return { ok: true as const, state: 'following' as const, categoryLabel };
    if (!follower.confirmed_at)
      await queueEmail(trx, services.jobs, {
        to: email,
        tenantId: report.tenant_id,
        content: {
          subject: `Confirmez le suivi du signalement « ${categoryLabel} »`,
          greeting: 'Bonjour,',
          paragraphs: [
            `Vous avez demandé à suivre le signalement « ${categoryLabel} »${report.commune_name ? ` à ${report.commune_name}` : ''}. Confirmez-le : vous recevrez alors un courriel à chacune de ses étapes.`,
            'Si vous n’avez rien demandé, ignorez ce message : aucun courriel ne vous sera envoyé.',
          ],
          action: { label: 'Confirmer le suivi', url: confirmFollowUrl(services, token) },
          signature: 'Les signalements sur l’espace public — Métropole de Lyon',
        },
      });
    return { ok: true as const, state: 'check-mailbox' as const, categoryLabel };
  });
}
