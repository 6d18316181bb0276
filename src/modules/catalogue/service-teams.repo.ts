import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';

/** The commune's per-service teams, inside its production tenant's scope. */

export type TeamMembership = { eservice_id: string; user_id: string };

/** The commune's team rows (the scope's tenant, said again as every repository here says it). */
const teamRows = (trx: TenantTransaction) => trx.selectFrom('eservice_team').where('tenant_id', '=', trx.tenantId);

/** Every membership of every team of the commune. */
export async function listTeams(trx: TenantTransaction): Promise<TeamMembership[]> {
  return teamRows(trx).select(['eservice_id', 'user_id']).execute();
}

/** The members of one service's team: none when the service has no team (every agent handles it). */
export async function listTeamOf(trx: TenantTransaction, eserviceId: string): Promise<string[]> {
  const rows = await teamRows(trx).select('user_id').where('eservice_id', '=', eserviceId).execute();
  return rows.map((r) => r.user_id);
}

/** The services that have a team this person is not part of: their requests are the team's. */
export async function listServicesOutsideTeamsOf(trx: TenantTransaction, userId: string): Promise<string[]> {
  const rows = await teamRows(trx)
    .select('eservice_id')
    .distinct()
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('eservice_team as own')
            .select('own.user_id')
            .where('own.tenant_id', '=', trx.tenantId)
            .whereRef('own.eservice_id', '=', 'eservice_team.eservice_id')
            .where('own.user_id', '=', userId),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.eservice_id);
}

/** Puts the agent in exactly these services' teams (earlier memberships kept as they were); returns those before. */
export async function replaceAgentServices(
  trx: TenantTransaction,
  userId: string,
  eserviceIds: string[],
  at: Date,
): Promise<string[]> {
  const before = await teamRows(trx).select('eservice_id').where('user_id', '=', userId).execute();
  let left = trx.deleteFrom('eservice_team').where('tenant_id', '=', trx.tenantId).where('user_id', '=', userId);
  if (eserviceIds.length) left = left.where('eservice_id', 'not in', eserviceIds);
  await left.execute();
  if (eserviceIds.length)
    await trx
      .insertInto('eservice_team')
      .values(eserviceIds.map((id) => ({ tenant_id: trx.tenantId, eservice_id: id, user_id: userId, added_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  return before.map((r) => r.eservice_id);
}
