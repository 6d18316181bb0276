import type { FastifyRequest } from 'fastify';
import { requireCapability, requireUser } from '../../platform/http/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findMemberByAccount, findSchoolByUai, linkAccountByEmail } from './directory.repo.ts';
import { type NamedMember, findSpaceMember } from './members.repo.ts';
import { mayManageSchool } from './portal-rights.ts';
import type { Profile, School } from './school.tables.ts';

export type SchoolManager = { user: CurrentUser; school: School; profile: Profile };

/**
 * The school's head or administrator, on their commune's instance, for an open school of a commune subscribed to the
 * school workspace. Anyone else gets 404: a school's management is not even confirmed to exist.
 */
export async function requireSchoolManager(
  services: Services,
  request: FastifyRequest,
  uai: string,
): Promise<SchoolManager> {
  requireCapability(request, 'laclasse.workspace');
  const user = requireUser(request);
  const found = await withTenant(services.db, request.tenant.id, async (trx) => {
    const school = await findSchoolByUai(trx, uai);
    if (!school || school.status !== 'open') return undefined;
    let member = await findMemberByAccount(trx, trx.tenantId, school.id, user.id);
    if (!member && (await linkAccountByEmail(trx, school.id, user)))
      member = await findMemberByAccount(trx, trx.tenantId, school.id, user.id);
    return member && mayManageSchool(member.profile) ? { school, profile: member.profile } : undefined;
  });
  if (!found) throw notFound("Cette école n'existe pas ou vous n'en êtes pas administrateur.");
  return { user, ...found };
}

export type SchoolMember = { user: CurrentUser; school: School; member: NamedMember };

/**
 * A member of the school (any active profile), on their commune's instance, for an open school of a subscribed
 * commune: the way into the school's messaging, blogs and documents. Anyone else gets 404.
 */
export async function requireSchoolMember(
  services: Services,
  request: FastifyRequest,
  uai: string,
): Promise<SchoolMember> {
  requireCapability(request, 'laclasse.workspace');
  const user = requireUser(request);
  const found = await withTenant(services.db, request.tenant.id, async (trx) => {
    const school = await findSchoolByUai(trx, uai);
    if (!school || school.status !== 'open') return undefined;
    let member = await findSpaceMember(trx, school.id, user.id);
    if (!member && (await linkAccountByEmail(trx, school.id, user)))
      member = await findSpaceMember(trx, school.id, user.id);
    return member ? { school, member } : undefined;
  });
  if (!found) throw notFound("Cette école n'existe pas ou vous n'en êtes pas membre.");
  return { user, ...found };
}
