import type { TenantRole } from '../db/schema.ts';
import type { Services } from '../services.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { listRoleGrants, type RoleGrant } from './accounts.repo.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionIdOf } from './log-in.ts';
import { findLiveSession, touchSession } from './sessions.repo.ts';

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string;
  sessionId: string;
  grants: RoleGrant[];
};

// Writing last_seen_at on every request would turn each page view into a write; a few minutes' precision is enough.
const TOUCH_AFTER_MS = 5 * 60_000;

export async function loadCurrentUser(services: Services, token: string): Promise<CurrentUser | null> {
  const now = services.clock.now();
  const session = await findLiveSession(services.db, sessionIdOf(token), now);
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    const expiresAt = new Date(
      Math.min(now.getTime() + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_ABSOLUTE_MS),
    );
    await touchSession(services.db, session.sessionId, now, expiresAt);
  }
  return {
    id: session.account.id,
    email: session.account.email,
    displayName: session.account.display_name,
    sessionId: session.sessionId,
    grants: await listRoleGrants(services.db, session.account.id),
  };
}

/**
 * Roles are held on a commune's production tenant and apply to its test instance too: the same staff build and
 * try their e-services there.
 */
export function hasRole(user: CurrentUser | null, tenant: ResolvedTenant, role: TenantRole): boolean {
  return !!user?.grants.some((g) => g.role === role && g.tenantId === tenant.production.id);
}

/** Metropolis operators run the platform for every tenant. */
export function isOperator(user: CurrentUser | null): boolean {
  return !!user?.grants.some((g) => g.role === 'operator');
}

export function canAdministerTenant(user: CurrentUser | null, tenant: ResolvedTenant): boolean {
  return isOperator(user) || hasRole(user, tenant, 'admin');
}

/** Tenants where the user holds any role (their "espaces" in the account menu). */
export function tenantIdsOf(user: CurrentUser | null): string[] {
  return [...new Set(user?.grants.map((g) => g.tenantId) ?? [])];
}
