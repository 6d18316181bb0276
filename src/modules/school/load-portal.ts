import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { findMemberByAccount, findSchoolByUai, linkAccountByEmail } from './directory.repo.ts';
import { tileVisibleTo } from './portal-rights.ts';
import { type SchoolRuntime, firstVisitToday } from './school-runtime.ts';
import type { Profile, School, SchoolNews, SchoolTile } from './school.tables.ts';
import { countUsage, listNews, listTiles } from './schools.repo.ts';

export type Portal = {
  school: School;
  profile: Profile;
  tiles: SchoolTile[];
  news: SchoolNews[];
};

/**
 * A school's portal as one member sees it: the tiles their profile and groups may see, and the school's news. A
 * signed-in account that holds no profile yet is linked by its e-mail to the person the directory knows by it (an
 * agent's academic address from the AAF, a parent's address recorded by the school). Each opening is counted for
 * the statistics, and the first one of the day in a session counts as a connection.
 */
export async function loadPortal(
  services: Services,
  runtime: SchoolRuntime,
  options: { tenantId: string; uai: string; user: CurrentUser },
): Promise<Portal | 'no_school' | 'not_member'> {
  const now = services.clock.now();
  return withTenant(services.db, options.tenantId, async (trx) => {
    const school = await findSchoolByUai(trx, options.uai);
    if (!school || school.status !== 'open') return 'no_school';
    let member = await findMemberByAccount(trx, trx.tenantId, school.id, options.user.id);
    if (!member && (await linkAccountByEmail(trx, school.id, options.user)))
      member = await findMemberByAccount(trx, trx.tenantId, school.id, options.user.id);
    if (!member) return 'not_member';
    const viewer = member;
    const [tiles, news] = await Promise.all([listTiles(trx, school.id), listNews(trx, school.id, 5)]);
    const day = parisDay(now);
    const usage = { tenantId: trx.tenantId, schoolId: school.id, day, profile: viewer.profile };
    await countUsage(trx, { ...usage, kind: 'portal' });
    if (firstVisitToday(runtime, day, options.user.sessionId, school.id))
      await countUsage(trx, { ...usage, kind: 'login' });
    return { school, profile: viewer.profile, tiles: tiles.filter((t) => tileVisibleTo(t, viewer)), news };
  });
}
