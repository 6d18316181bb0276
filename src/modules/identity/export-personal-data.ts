import { listAuditOfUser } from '../../platform/audit/audit.repo.ts';
import { findAccountById, listRoleGrants } from '../../platform/auth/accounts.repo.ts';
import { listSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import type { Services } from '../../platform/services.ts';
import { listConsentHistory } from './consents.repo.ts';
import { listLinksOfUser } from './federation/federation.repo.ts';
import { findIdentityAccount, listAttributes } from './identity.repo.ts';

/**
 * The right of access: everything held about the citizen, as JSON they can download. Secrets are not included
 * (password hash, TOTP seed): they are the citizen's own and worthless to read.
 */
export async function exportPersonalData(
  services: Services,
  userId: string,
): Promise<Record<string, unknown> | undefined> {
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
  return {
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
}
