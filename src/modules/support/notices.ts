import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { moduleState } from '../../platform/app-module/module-state.ts';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { PageNotice } from '../../platform/views/page-context.ts';
import { insertNotice, listMaintenanceOverlapping } from './availability.repo.ts';
import type { NoticeKind, NoticeRow } from './support.tables.ts';

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  maintenance: 'Maintenance programmée',
  changement: 'Évolution importante',
  actualite: 'Actualité',
};

const windowFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

export function windowText(notice: Pick<NoticeRow, 'starts_at' | 'ends_at'>): string {
  if (!notice.starts_at || !notice.ends_at) return '';
  return `du ${windowFormat.format(notice.starts_at)} au ${windowFormat.format(notice.ends_at)}`;
}

/**
 * Publishes a notice on the communes' news page. A maintenance or a significant change is also mailed to every
 * commune's administrators at once, ahead of it (the agreement: communes "informées avant les interruptions
 * programmées et les évolutions significatives"); the notice and its e-mails commit together.
 */
export async function publishNotice(
  services: Services,
  options: {
    kind: NoticeKind;
    title: string;
    body: string;
    window: { startsAt: Date; endsAt: Date } | null;
    actor: AuditActor;
  },
): Promise<NoticeRow> {
  const at = services.clock.now();
  const communes = (await services.tenants.all()).filter((t) => t.kind === 'commune' && !t.isTestInstance);
  const recipients: Array<{ email: string; tenantId: string }> = [];
  if (options.kind !== 'actualite')
    for (const commune of communes)
      for (const member of await listTenantMembers(services.db, commune.id))
        if (member.roles.includes('admin')) recipients.push({ email: member.email, tenantId: commune.id });
  const notice = await services.db.transaction().execute(async (trx) => {
    const row = await insertNotice(trx, {
      kind: options.kind,
      title: options.title,
      body: options.body,
      startsAt: options.window?.startsAt ?? null,
      endsAt: options.window?.endsAt ?? null,
      by: options.actor.label,
      at,
    });
    const when = windowText(row);
    await services.jobs.enqueueAll(
      trx,
      recipients.map(({ email, tenantId }) =>
        emailJob({
          to: email,
          tenantId,
          dedupeKey: `support-notice:${row.id}:${email}`,
          content: {
            subject: `${NOTICE_KIND_LABELS[row.kind]} : ${row.title}`,
            greeting: 'Bonjour,',
            paragraphs: [when ? `${row.title}, ${when}.` : row.title, ...row.body.split(/\n{2,}/)],
            action: { label: 'Voir les actualités de la plateforme', url: `${services.config.publicUrl}/actualites` },
            signature: 'Métropole de Lyon – équipe de la plateforme',
          },
        }),
      ),
    );
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: null,
      action: 'support.notice.publish',
      target: { type: 'support_notice', id: row.id },
      details: { kind: row.kind, title: row.title, recipients: recipients.length },
      at,
    });
    return row;
  });
  forgetBannerCache(services);
  return notice;
}

// Every page asks for the banner: the windows of the coming days are kept for a few seconds, and filtered by the
// injected clock on each page (so a test moving time sees the banner come and go).
const BANNER_TTL_MS = 30_000;
const LOOKAHEAD_MS = 7 * 86_400_000;
export const bannerState = moduleState('support.banner', () => ({
  windows: [] as NoticeRow[],
  loadedAt: Number.NEGATIVE_INFINITY,
  until: 0,
}));

export function forgetBannerCache(services: Services): void {
  services.states.get(bannerState).loadedAt = Number.NEGATIVE_INFINITY;
}

/** The maintenance under way, for the banner of every page. */
export async function maintenanceBanner(services: Services, _tenant: ResolvedTenant): Promise<PageNotice[]> {
  const cache = services.states.get(bannerState);
  const now = services.clock.now();
  if (performance.now() - cache.loadedAt > BANNER_TTL_MS || now.getTime() > cache.until) {
    cache.windows = await listMaintenanceOverlapping(services.db, now, new Date(now.getTime() + LOOKAHEAD_MS));
    cache.loadedAt = performance.now();
    cache.until = now.getTime() + LOOKAHEAD_MS / 2;
  }
  return cache.windows
    .filter((w) => w.starts_at && w.ends_at && w.starts_at <= now && now < w.ends_at)
    .map((w) => ({
      title: `${NOTICE_KIND_LABELS.maintenance} en cours :`,
      text: `${w.title}, ${windowText(w)}. Certaines fonctions peuvent être indisponibles.`,
      href: '/actualites',
    }));
}
