import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { blankToUndefined } from '../../platform/http/forms.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findOwnConnector, saveConnector } from './connectors.repo.ts';
import { sealSecret, secretHint } from './secrets.ts';

export const ZConnectorForm = z.object({
  protocol: z.enum(['open311', 'webhook'], {
    message: 'Choisissez le protocole de votre système : Open311 ou webhook signé',
  }),
  endpointUrl: z
    .string()
    .trim()
    .max(2000, "L'adresse du système tient en 2 000 caractères au plus")
    .pipe(
      z.url({
        protocol: /^https?$/,
        message: "Saisissez l'adresse de votre système, par exemple https://signalements.commune.fr/open311/v2/",
      }),
    ),
  serviceCode: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(100, 'Le code de service tient en 100 caractères au plus')
      .regex(/^[\w.:-]+$/, 'Le code de service ne contient que des lettres, chiffres, points, tirets et soulignés')
      .optional(),
  ),
  jurisdictionId: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(100, 'Le jurisdiction_id tient en 100 caractères au plus')
      .regex(/^[\w.-]+$/, 'Le jurisdiction_id ne contient que des lettres, chiffres, points, tirets et soulignés')
      .optional(),
  ),
  secret: z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(16, 'La clé ou le secret compte au moins 16 caractères')
      .max(500, 'La clé ou le secret tient en 500 caractères au plus')
      .optional(),
  ),
  enabled: z.literal('oui').optional(),
  pollEnabled: z.literal('oui').optional(),
});
export const POLL_OPEN311_ONLY =
  'Le relevé régulier n’existe que pour Open311 : choisissez Open311 ou décochez le relevé';

export const MISSING_SECRET = 'Saisissez la clé ou le secret que votre système attend';

export type ConnectorForm = z.output<typeof ZConnectorForm>;

/**
 * Saves a Connecté commune's connector. The secret is sealed at once and never shown again (its last four
 * characters excepted); left empty, the secret in force stays. The audit names what changed, never the secret.
 */
export async function saveConnectorSettings(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor; form: ConnectorForm },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const { commune, actor, form } = options;
  const at = services.clock.now();
  // A webhook receiver has no standard list of updates to ask for: it pushes them, or nothing comes back.
  const pollEnabled = form.pollEnabled === 'oui';
  const refusal: FieldErrors = pollEnabled && form.protocol !== 'open311' ? { pollEnabled: POLL_OPEN311_ONLY } : {};
  return withTenant(services.db, commune.id, async (trx) => {
    const existing = await findOwnConnector(trx);
    if (!existing && !form.secret) return { ok: false as const, errors: { ...refusal, secret: MISSING_SECRET } };
    if (refusal.pollEnabled) return { ok: false as const, errors: refusal };
    await saveConnector(trx, {
      protocol: form.protocol,
      endpointUrl: form.endpointUrl,
      serviceCode: form.serviceCode ?? '',
      jurisdictionId: form.jurisdictionId ?? '',
      enabled: form.enabled === 'oui',
      pollEnabled,
      secret: form.secret ? { sealed: sealSecret(services, form.secret), hint: secretHint(form.secret) } : null,
      at,
      by: actor.label,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'connector.configure',
      details: {
        protocol: form.protocol,
        endpointUrl: form.endpointUrl,
        enabled: form.enabled === 'oui',
        pollEnabled,
        secretChanged: !!form.secret,
      },
      at,
    });
    return { ok: true as const };
  });
}
