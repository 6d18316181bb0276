import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { TenantTheme } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { type AcceptedType, detectAcceptedType, IMAGE_TYPES } from '../../platform/files/file-store.ts';
import { insertStoredFile } from '../../platform/files/stored-files.repo.ts';
import type { Services } from '../../platform/services.ts';
import { updateTenantTheme } from '../../platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { contrastRatio, MINIMUM_TEXT_CONTRAST } from '../../platform/views/contrast.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';

export const MAX_LOGO_BYTES = 512 * 1024;

export type UpdateThemeOptions = {
  tenant: ResolvedTenant;
  actor: AuditActor;
  primary: string;
  logo: { bytes: Buffer; filename: string } | null;
  removeLogo: boolean;
};

/**
 * A Partenaire commune sets its graphic charter. The colour must stay legible (4.5:1 against white, both ways
 * it is used); a logo is accepted only if its bytes are a PNG, JPEG or WebP image, whatever its name says.
 */
export async function updateTheme(
  services: Services,
  options: UpdateThemeOptions,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const { tenant, actor } = options;
  const errors: FieldErrors = {};
  const ratio = contrastRatio(options.primary, '#ffffff');
  if (ratio < MINIMUM_TEXT_CONTRAST) {
    errors.primary = `Cette couleur est trop claire : le texte blanc n'y est pas lisible (contraste ${ratio.toFixed(2).replace('.', ',')}:1, il faut au moins 4,5:1). Choisissez une teinte plus foncée.`;
  }
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
  const theme: TenantTheme = { ...tenant.theme, primary: options.primary.toLowerCase() };
  if (options.removeLogo) delete theme.logoFileId;
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
      theme.logoFileId = file.id;
    }
    await updateTenantTheme(trx, tenant.id, theme);
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'tenant.theme.update',
      target: { type: 'tenant', id: tenant.id },
      details: { from: tenant.theme, to: theme },
      at: now,
    });
  });
  services.tenants.invalidate();
  return { ok: true };
}
