import type { FastifyRequest } from 'fastify';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireCapability, requireUser } from '../../platform/http/guards.ts';
import type { Services } from '../../platform/services.ts';
import { findSchoolByUai, findSchoolViewer, listGroups, type School, type SchoolViewer } from '../school/index.ts';
import { maySeeClass } from './classroom-rights.ts';
import { listProjectsOfPartner } from './spaces.repo.ts';

export type ClassroomMember = { user: CurrentUser; viewer: SchoolViewer };

/**
 * A member of the commune's open school of this UAI, signed in. Anyone else gets 404 (as the school's own pages: a
 * school's spaces are not even confirmed to exist), on another commune's instance too: the school is looked for in
 * the instance's commune only.
 */
export async function requireClassroomMember(
  services: Services,
  request: FastifyRequest,
  uai: string,
): Promise<ClassroomMember> {
  requireCapability(request, 'laclasse.workspace');
  const user = requireUser(request);
  const viewer = await withTenant(services.db, request.tenant.id, (trx) => findSchoolViewer(trx, uai, user));
  if (!viewer) throw notFound("Cette école n'existe pas ou vous n'en êtes pas membre.");
  return { user, viewer };
}

/** A member who may see this class of their school, with the class; 404 otherwise. */
export async function requireClassOf(
  services: Services,
  request: FastifyRequest,
  uai: string,
  groupId: string,
): Promise<ClassroomMember & { group: { id: string; name: string } }> {
  const member = await requireClassroomMember(services, request, uai);
  const groups = await withTenant(services.db, request.tenant.id, (trx) => listGroups(trx, member.viewer.school.id));
  const group = groups.find((g) => g.id === groupId);
  if (!group || !maySeeClass(member.viewer, group.id))
    throw notFound("Cette classe n'existe pas ou ne vous est pas ouverte.");
  return { ...member, group: { id: group.id, name: group.name } };
}

/**
 * Someone who may open the school's projects: a member of the school, or an outside partner of one of its projects
 * (an artist, a museum), known by the address of their account. Undefined viewer: a partner only.
 */
export async function requireProjectVisitor(
  services: Services,
  request: FastifyRequest,
  uai: string,
): Promise<{ user: CurrentUser; school: School; viewer: SchoolViewer | undefined; partnerOf: string[] }> {
  requireCapability(request, 'laclasse.workspace');
  const user = requireUser(request);
  const found = await withTenant(services.db, request.tenant.id, async (trx) => {
    const viewer = await findSchoolViewer(trx, uai, user);
    const school = viewer?.school ?? (await findSchoolByUai(trx, uai));
    if (!school || school.status !== 'open') return undefined;
    const partnerOf = await listProjectsOfPartner(trx, school.id, user.email);
    return viewer || partnerOf.length ? { school, viewer, partnerOf } : undefined;
  });
  if (!found) throw notFound("Cette école n'existe pas ou vous n'en êtes pas membre.");
  return { user, ...found };
}
