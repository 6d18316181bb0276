import { strToU8, type Zippable, zipSync } from 'fflate';
import { listAuditOfUser } from '../../platform/audit/audit.repo.ts';
import { findAccountById, listRoleGrants } from '../../platform/auth/accounts.repo.ts';
import { listSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import type { PersonalDataPart } from '../../platform/app-module/app-module.ts';
import type { Services } from '../../platform/services.ts';
import { listConsentHistory } from './consents.repo.ts';
import { listLinksOfUser } from './federation/federation.repo.ts';
import { findIdentityAccount, listAttributes } from './identity.repo.ts';

/**
 * The right of access: everything held about the citizen, as JSON they can download, and the files among it. Secrets
 * are not included (password hash, TOTP seed): they are the citizen's own and worthless to read. The account is this
 * module's; what the modules above hold about the person (their requests, drafts, messages, documents) each module
 * gives through its descriptor's `personalData`, read from the application's module list: identity, the lowest
 * module, never imports them.
 */
export async function exportPersonalData(services: Services, userId: string): Promise<PersonalDataPart | undefined> {
  const { db } = services;
  const account = await findAccountById(db, userId);
  if (!account) return undefined;
  const identity = await findIdentityAccount(db, userId);
  const sessions = await listSessionsOfUser(db, userId);
  const history = await listAuditOfUser(db, userId, 1000);
  const tenants = await Promise.all(
    (await listRoleGrants(db, userId)).map(async (g) => ({
      tenant: (await services.tenants.byId(g.tenantId))?.name ?? g.tenantId,
      role: g.role,
    })),
  );
  const own = {
    exportedAt: services.clock.now().toISOString(),
    service: 'GrandLyon Connect',
    account: {
      id: account.id,
      email: account.email,
      displayName: account.display_name,
      createdAt: account.created_at,
      lastLoginAt: account.last_login_at,
      hasPassword: !!account.password_hash,
      emailVerifiedAt: identity.emailVerifiedAt,
      secondFactor: !!identity.totpEnabledAt,
      createdVia: identity.createdVia,
      lastKeepaliveAt: identity.lastKeepaliveAt,
      inactivityWarnedAt: identity.inactivityWarnedAt,
    },
    identity: (await listAttributes(db, userId)).map((a) => ({
      attribute: a.name,
      value: a.name === 'address' ? JSON.parse(a.value) : a.value,
      provenance: {
        source: a.source === 'franceconnect' ? 'FranceConnect' : 'déclaré',
        verifiedAt: a.verified_at,
        acr: a.acr,
      },
      updatedAt: a.updated_at,
    })),
    consents: (await listConsentHistory(db, userId)).map((c) => ({
      service: c.consumer_name,
      clientId: c.client_id,
      identifierForThisService: c.subject,
      attributes: c.attributes,
      refused: c.refused_attributes,
      scopes: c.scopes,
      wording: c.wording,
      grantedAt: c.granted_at,
      revokedAt: c.revoked_at,
    })),
    federation: (await listLinksOfUser(db, userId)).map((l) => ({
      partner: l.partner,
      identityProvider: l.idp_id || null,
      subject: l.subject,
      linkedAt: l.linked_at,
      lastLoginAt: l.last_login_at,
    })),
    roles: tenants,
    sessions,
    history,
  };
  const parts = [];
  for (const module of services.modules)
    if (module.personalData) parts.push(await module.personalData(services, userId));
  return {
    data: Object.assign(own, ...parts.map((p) => p.data)) as Record<string, unknown>,
    files: parts.flatMap((p) => p.files),
  };
}

/**
 * The export as one ZIP file: `donnees.json` (the same JSON as the JSON download) and every file it names, at the
 * path it gives. Files are stored as they are (already compressed formats gain nothing); a file missing from the
 * store is listed in `fichiers-manquants.txt` rather than failing the whole export.
 */
export async function personalDataArchive(services: Services, exported: PersonalDataPart): Promise<Buffer> {
  const entries: Zippable = { 'donnees.json': strToU8(JSON.stringify(exported.data, null, 2)) };
  const missing: string[] = [];
  for (const file of exported.files) {
    const bytes = await services.files.get(file.sha256);
    if (bytes) entries[file.path] = [bytes, { level: 0 }];
    else missing.push(file.path);
  }
  if (missing.length) entries['fichiers-manquants.txt'] = strToU8(`${missing.join('\n')}\n`);
  return Buffer.from(zipSync(entries, { level: 6 }));
}
