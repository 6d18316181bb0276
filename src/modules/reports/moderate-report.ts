import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { postAdministrationMessageWithin } from '../requests/index.ts';
import { publicReport } from './public-report.ts';
import { findReport, insertModeration, lockReport, setModeration } from './reports.repo.ts';
import type { ModerationAction } from './reports.tables.ts';

/** Each of the page's forms names its reason field apart (one id per page); they are one reason here. */
const oneReason = (values: unknown) => {
  const v = (values ?? {}) as Record<string, unknown>;
  return { ...v, motif: v.motif ?? v['motif-modification'] ?? v['motif-retablissement'] };
};

export const ZModerationForm = z.preprocess(
  oneReason,
  z
    .object({
      action: z.enum(['masquer', 'afficher', 'modifier', 'retablir'], {
        message: 'Choisissez une action de modération.',
      }),
      motif: z
        .string({ message: 'Indiquez le motif de la modération.' })
        .trim()
        .min(1, 'Indiquez le motif de la modération.')
        .max(1000, 'Le motif est trop long (1 000 caractères au plus).'),
      description: z
        .string()
        .trim()
        .max(3000, 'La description publique est trop longue (3 000 caractères au plus).')
        .optional(),
    })
    .superRefine((form, ctx) => {
      if (form.action === 'modifier' && !form.description)
        ctx.addIssue({ code: 'custom', path: ['description'], message: 'Écrivez la description publique.' });
    }),
);
export type ModerationForm = z.output<typeof ZModerationForm>;

const ACTIONS: Record<ModerationForm['action'], ModerationAction> = {
  masquer: 'hide',
  afficher: 'show',
  modifier: 'edit',
  retablir: 'restore',
};

/**
 * A moderator hides a report from the public pages, shows it again, or edits its public description (T12). The
 * author's words stay as sent in the report and the request; the act is kept in the report's moderation history, in
 * the audit log, and told to the author as a message on their request (its notification e-mails them) — all in one
 * transaction in the holder's scope. `holderId` limits a commune's moderators to the reports it holds.
 */
export async function moderateReport(
  services: Services,
  options: {
    reportId: string;
    holderId: string | null;
    actor: AuditActor;
    moderatorName: string;
    form: ModerationForm;
  },
): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
  const report = await findReport(services.db, options.reportId);
  if (!report || (options.holderId && report.tenant_id !== options.holderId)) return { ok: false, reason: 'not-found' };
  const holder = await services.tenants.byId(report.tenant_id);
  if (!holder) return { ok: false, reason: 'not-found' };
  const at = services.clock.now();
  const action = ACTIONS[options.form.action];
  const { motif } = options.form;
  return withTenant(services.db, holder.id, async (trx) => {
    const locked = await lockReport(trx, report.id);
    if (!locked) return { ok: false as const, reason: 'not-found' as const };
    const hidden = action === 'hide' ? true : action === 'show' ? false : locked.hidden;
    const publicDescription =
      action === 'edit' ? (options.form.description ?? '') : action === 'restore' ? null : locked.public_description;
    await setModeration(trx, locked.id, { hidden, publicDescription, at });
    await insertModeration(trx, {
      report_id: locked.id,
      action,
      reason: motif,
      public_description: action === 'edit' ? publicDescription : null,
      actor_user_id: options.actor.userId,
      actor_label: options.actor.label,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: holder.id,
      action: `report.moderation.${action}`,
      target: { type: 'report', id: locked.id },
      details: { reason: motif, ...(action === 'edit' ? { publicDescription } : {}) },
      at,
    });
    const category = publicReport(locked).categoryLabel;
    const posted = await postAdministrationMessageWithin(trx, services, {
      holder,
      requestId: locked.request_id,
      actor: options.actor,
      authorLabel: `Modération des signalements (${options.moderatorName})`,
      body: authorMessage(action, category, publicDescription, motif),
    });
    if (!posted.ok) throw new Error(`the author of report ${locked.id} could not be told of its moderation`);
    return { ok: true as const };
  });
}

/** What the author reads on their request's page and is e-mailed about. */
function authorMessage(action: ModerationAction, category: string, description: string | null, reason: string): string {
  const what = {
    hide: `Votre signalement « ${category} » n’apparaît plus sur la carte publique des signalements : la modération l’a masqué. Il reste traité par le service compétent.`,
    show: `Votre signalement « ${category} » apparaît de nouveau sur la carte publique des signalements.`,
    edit: `La description publique de votre signalement « ${category} » a été modifiée par la modération. Elle se lit désormais : « ${description ?? ''} ». Votre texte d’origine reste tel quel dans votre demande.`,
    restore: `La description publique de votre signalement « ${category} » est de nouveau votre texte d’origine.`,
  }[action];
  return `${what}\n\nMotif : ${reason}`;
}
