import type { Executor } from '../db/tenant-scope.ts';
import type { TenantRole, UserAccount } from '../db/schema.ts';

export type RoleGrant = { tenantId: string; role: TenantRole };

export async function findAccountByEmail(db: Executor, email: string): Promise<UserAccount | undefined> {
  return db
    .selectFrom('user_account')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export async function findAccountById(db: Executor, id: string): Promise<UserAccount | undefined> {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAccount(
  db: Executor,
  account: { email: string; displayName: string; passwordHash: string | null; at: Date },
): Promise<UserAccount> {
  return db
    .insertInto('user_account')
    .values({
      email: account.email.trim(),
      display_name: account.displayName,
      password_hash: account.passwordHash,
      created_at: account.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function recordLogin(db: Executor, userId: string, at: Date): Promise<void> {
  await db.updateTable('user_account').set({ last_login_at: at }).where('id', '=', userId).execute();
}

export async function listRoleGrants(db: Executor, userId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('role_assignment')
    .select(['tenant_id', 'role'])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, role: r.role }));
}

export async function grantRole(db: Executor, grant: RoleGrant & { userId: string }): Promise<void> {
  await db
    .insertInto('role_assignment')
    .values({ user_id: grant.userId, tenant_id: grant.tenantId, role: grant.role })
    .onConflict((oc) => oc.columns(['user_id', 'tenant_id', 'role']).doNothing())
    .execute();
}

export type TenantMember = {
  userId: string;
  email: string;
  displayName: string;
  roles: TenantRole[];
  lastLoginAt: Date | null;
};

/** The people holding a role in one tenant (its administration page). Runs inside that tenant's scope. */
export async function listTenantMembers(db: Executor, tenantId: string): Promise<TenantMember[]> {
  const rows = await db
    .selectFrom('role_assignment')
    .innerJoin('user_account', 'user_account.id', 'role_assignment.user_id')
    .select([
      'user_account.id',
      'user_account.email',
      'user_account.display_name',
      'user_account.last_login_at',
      'role_assignment.role',
    ])
    .where('role_assignment.tenant_id', '=', tenantId)
    .orderBy('user_account.display_name')
    .execute();
  const members = new Map<string, TenantMember>();
  for (const row of rows) {
    const member = members.get(row.id) ?? {
      userId: row.id,
      email: row.email,
      displayName: row.display_name,
      roles: [],
      lastLoginAt: row.last_login_at,
    };
    member.roles.push(row.role);
    members.set(row.id, member);
  }
  return [...members.values()];
}

/** Takes back every role one account holds in one tenant; returns the roles it held. */
export async function revokeTenantRoles(db: Executor, userId: string, tenantId: string): Promise<TenantRole[]> {
  const rows = await db
    .deleteFrom('role_assignment')
    .where('user_id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .returning('role')
    .execute();
  return rows.map((r) => r.role);
}
