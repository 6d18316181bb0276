import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { TenantTheme } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { type AcceptedType, detectAcceptedType, IMAGE_TYPES } from '../../platform/files/file-store.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import { updateTenantTheme } from '../../platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { MINIMUM_TEXT_CONTRAST, themeContrastPairs } from '../../platform/views/contrast.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';

export const MAX_LOGO_BYTES = 512 * 1024;

export type UpdateThemeOptions = {
  tenant: ResolvedTenant;
  actor: AuditActor;
  primary: string;
  logo: { bytes: Buffer; filename: string } | null;
  removeLogo: boolean;
};

const ratioText = (ratio: number) => ratio.toFixed(2).replace('.', ',');

/**
 * Why a colour cannot be a charter, or undefined: every text/background pair the stylesheet makes of it (white text
 * on it and on its darker shade, it as text on each light surface) must reach 4.5:1, the worst is named.
 */
export function colourProblem(primary: string): string | undefined {
  const failing = themeContrastPairs(primary)
    .filter((p) => p.ratio < MINIMUM_TEXT_CONTRAST)
    .sort((a, b) => a.ratio - b.ratio);
  const worst = failing[0];
  if (!worst) return undefined;
  return worst.text === '#ffffff' && worst.background === primary.toLowerCase()
    ? `Cette couleur est trop claire : le texte blanc n'y est pas lisible (contraste ${ratioText(worst.ratio)}:1, il faut au moins 4,5:1). Choisissez une teinte plus foncée.`
    : `Cette couleur est trop claire : ${worst.where} n'est pas lisible (contraste ${ratioText(worst.ratio)}:1, il faut au moins 4,5:1). Choisissez une teinte plus foncée.`;
}

/**
 * A Partenaire commune prepares its graphic charter: the colour must stay legible wherever the stylesheet uses it,
 * and a logo is accepted only if its bytes are a PNG, JPEG or WebP image, whatever its name says. What passes is
 * kept as a draft, shown on the preview page: the instance changes only when the administrator publishes it.
 */
export async function updateTheme(
  services: Services,
  options: UpdateThemeOptions,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const { tenant, actor } = options;
  const errors: FieldErrors = {};
  const problem = colourProblem(options.primary);
  if (problem) errors.primary = problem;
  let logoType: AcceptedType | undefined;
  if (options.logo) {
    if (options.logo.bytes.byteLength > MAX_LOGO_BYTES) errors.logo = 'Le logo dépasse 512 Ko. Réduisez sa taille.';
    else {
      logoType = await detectAcceptedType(options.logo.bytes, IMAGE_TYPES);
      if (!logoType) errors.logo = "Ce fichier n'est pas une image PNG, JPEG ou WebP.";
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const now = services.clock.now();
  const draft: NonNullable<TenantTheme['draft']> = { primary: options.primary.toLowerCase() };
  if (!options.removeLogo && tenant.theme.logoFileId) draft.logoFileId = tenant.theme.logoFileId;
  await withTenant(services.db, tenant.id, async (trx) => {
    if (options.logo && logoType) {
      const stored = await services.files.put(options.logo.bytes);
      const file = await insertStoredFile(trx, {
        tenantId: tenant.id,
        sha256: stored.sha256,
        byteSize: stored.byteSize,
        mediaType: logoType.mediaType,
        originalName: options.logo.filename,
        createdBy: actor.userId,
        at: now,
      });
      draft.logoFileId = file.id;
    }
    await updateTenantTheme(trx, tenant.id, { ...tenant.theme, draft });
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'tenant.theme.draft',
      target: { type: 'tenant', id: tenant.id },
      details: { draft },
      at: now,
    });
  });
  services.tenants.invalidate();
  return { ok: true };
}

/** Publishes the draft the administrator previewed: every page of the instance shows it from now on. */
export async function publishTheme(
  services: Services,
  options: { tenant: ResolvedTenant; actor: AuditActor },
): Promise<{ ok: true } | { ok: false }> {
  const { tenant, actor } = options;
  const draft = tenant.theme.draft;
  // The draft was checked when saved; checking again keeps a rule tightened since then from being bypassed.
  if (!draft || colourProblem(draft.primary)) return { ok: false };
  const now = services.clock.now();
  const theme: TenantTheme = { primary: draft.primary, ...(draft.logoFileId ? { logoFileId: draft.logoFileId } : {}) };
  await withTenant(services.db, tenant.id, async (trx) => {
    await updateTenantTheme(trx, tenant.id, theme);
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'tenant.theme.update',
      target: { type: 'tenant', id: tenant.id },
      details: { from: { primary: tenant.theme.primary, logoFileId: tenant.theme.logoFileId }, to: theme },
      at: now,
    });
  });
  services.tenants.invalidate();
  return { ok: true };
}
