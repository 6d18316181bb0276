import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { blankToUndefined } from '../../platform/http/forms.ts';
import type { Services } from '../../platform/services.ts';
import { saveRetentionRule } from './retention.repo.ts';

const months = (what: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: `${what} : indiquez un nombre de mois.` })
      .int(`${what} : indiquez un nombre entier de mois.`)
      .min(1, `${what} : un mois au moins.`)
      .max(600, `${what} : 600 mois (50 ans) au plus.`)
      .optional(),
  );

export const ZRetentionForm = z
  .object({
    service: z.string().max(100).default(''),
    anonymisation: months('Anonymisation'),
    fichiers: months('Pièces jointes'),
    actif: z.literal('oui').optional().catch(undefined),
  })
  .superRefine((form, ctx) => {
    if (form.anonymisation === undefined && form.fichiers === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['anonymisation'],
        message: 'Indiquez au moins une durée : anonymisation des demandes ou suppression des pièces jointes.',
      });
    if (form.anonymisation !== undefined && form.fichiers !== undefined && form.fichiers > form.anonymisation)
      ctx.addIssue({
        code: 'custom',
        path: ['fichiers'],
        message:
          'Les pièces jointes ne peuvent être gardées plus longtemps que la demande : l’anonymisation les supprime.',
      });
  });
export type RetentionForm = z.output<typeof ZRetentionForm>;

/** The officer sets an e-service's retention rule, or the instance's default (no service); audited. */
export async function setRetentionRule(
  services: Services,
  options: { tenantId: string; eserviceId: string | null; form: RetentionForm; actor: AuditActor },
): Promise<void> {
  const at = services.clock.now();
  const { form } = options;
  await withTenant(services.db, options.tenantId, async (trx) => {
    await saveRetentionRule(trx, {
      eserviceId: options.eserviceId,
      anonymiseAfterMonths: form.anonymisation ?? null,
      purgeFilesAfterMonths: form.fichiers ?? null,
      active: form.actif === 'oui',
      label: options.actor.label,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenantId,
      action: 'privacy.retention.rule',
      target: { type: 'eservice', id: options.eserviceId ?? 'instance' },
      details: {
        anonymiseAfterMonths: form.anonymisation ?? null,
        purgeFilesAfterMonths: form.fichiers ?? null,
        active: form.actif === 'oui',
      },
      at,
    });
  });
}
