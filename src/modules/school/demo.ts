import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail, insertAccount } from '../../platform/auth/accounts.repo.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { addDays, parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { addGroupByHand } from './add-group.ts';
import { addMemberToGroup, linkParentByHand } from './add-membership.ts';
import { addPersonByHand } from './add-person.ts';
import { addTile, publishNews } from './manage-portal.ts';
import { openSchool } from './open-school.ts';
import type { Profile } from './school.tables.ts';
import { countUsage, findSchoolAnywhere } from './schools.repo.ts';

const DEMO: AuditActor = { userId: null, label: 'démonstration', ip: null };

/** The school workspace's demo accounts (password DEMO_PASSWORD), listed in the README. */
export const SCHOOL_DEMO_ACCOUNTS = [
  { email: 'directrice.ecole@example.org', name: 'Sophie Garcia', profile: 'school_admin' },
  { email: 'enseignant.ecole@example.org', name: 'Marc Petit', profile: 'teacher' },
  { email: 'parent.ecole@example.org', name: 'Julie Martin', profile: 'parent' },
] as const satisfies ReadonlyArray<{ email: string; name: string; profile: Profile }>;

/**
 * Two schools in communes subscribed to the school workspace: Jean Macé in Givors, with its head (administrator), a
 * teacher, a parent and her child, two classes, tiles for each profile, news and a month of usage; Parilly in
 * Vénissieux, empty, for the operators' lifecycle actions. Idempotent: an existing school is left alone.
 */
export async function seedSchoolDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  const venissieux = await services.tenants.bySlug('venissieux');
  if (!givors || !venissieux || (await findSchoolAnywhere(services.db, '0691234S'))) return;
  const school = await openSchool(services, {
    tenantId: givors.id,
    uai: '0691234S',
    name: 'École élémentaire Jean Macé',
    kind: 'elementaire',
    actor: DEMO,
  });
  await openSchool(services, {
    tenantId: venissieux.id,
    uai: '0692345Z',
    name: 'École primaire Parilly',
    kind: 'primaire',
    actor: DEMO,
  });
  if (school === 'uai_taken') return;

  const passwordHash = await hashPassword(services.config.demoPassword);
  const ids: Record<string, string> = {};
  for (const demo of SCHOOL_DEMO_ACCOUNTS) {
    const [firstName = '', lastName = ''] = demo.name.split(' ');
    if (!(await findAccountByEmail(services.db, demo.email)))
      await insertAccount(services.db, {
        email: demo.email,
        displayName: demo.name,
        passwordHash,
        at: services.clock.now(),
      });
    ids[demo.profile] = await addPersonByHand(services, {
      school,
      person: { lastName, firstName, email: demo.email, birthDate: null, profile: demo.profile },
      actor: DEMO,
    });
  }
  const pupils = [
    await addPersonByHand(services, {
      school,
      person: { lastName: 'Martin', firstName: 'Léa', email: null, birthDate: '2016-03-14', profile: 'pupil' },
      actor: DEMO,
    }),
    await addPersonByHand(services, {
      school,
      person: { lastName: 'Benali', firstName: 'Yanis', email: null, birthDate: '2016-11-02', profile: 'pupil' },
      actor: DEMO,
    }),
  ];
  const cm1 = await addGroupByHand(services, { school, kind: 'class', name: 'CM1 A', actor: DEMO });
  const choir = await addGroupByHand(services, { school, kind: 'group', name: 'Chorale', actor: DEMO });
  for (const pupil of pupils) await addMemberToGroup(services, { school, personId: pupil, groupId: cm1, actor: DEMO });
  await addMemberToGroup(services, { school, personId: pupils[0] ?? '', groupId: choir, actor: DEMO });
  await addMemberToGroup(services, { school, personId: ids['teacher'] ?? '', groupId: cm1, actor: DEMO });
  await linkParentByHand(services, { school, parentId: ids['parent'] ?? '', childId: pupils[0] ?? '', actor: DEMO });

  const tiles = [
    {
      service: 'homework',
      title: 'Cahier de textes',
      url: 'https://example.org/cahier-de-textes',
      profiles: [],
      groupIds: [],
    },
    {
      service: 'messaging',
      title: 'Messagerie',
      url: 'https://example.org/messagerie',
      profiles: ['teacher', 'parent', 'head', 'staff'],
      groupIds: [],
    },
    {
      service: 'attendance',
      title: 'Appel',
      url: 'https://example.org/appel',
      profiles: ['teacher', 'head'],
      groupIds: [],
    },
    {
      service: 'ccn',
      title: 'Classe culturelle numérique : chorale',
      url: 'https://example.org/ccn-chorale',
      profiles: [],
      groupIds: [choir],
    },
    {
      service: 'link',
      title: 'Menus de la cantine',
      url: 'https://example.org/cantine',
      profiles: ['parent', 'pupil'],
      groupIds: [],
    },
  ] as const;
  for (const tile of tiles)
    await addTile(services, {
      school,
      tile: { ...tile, profiles: [...tile.profiles], groupIds: [...tile.groupIds] },
      actor: DEMO,
    });
  await publishNews(services, {
    school,
    title: 'Sortie au musée des Confluences',
    body: 'Les CM1 visitent le musée des Confluences jeudi prochain.\n\nPensez au pique-nique et à l’autorisation signée.',
    actor: { ...DEMO, label: 'Sophie Garcia, directrice' },
  });

  // A month of past usage, so the statistics page has something to show.
  const today = parisDay(services.clock.now());
  const daily: Array<[Profile, 'login' | 'portal' | 'service', string, number]> = [
    ['pupil', 'login', '', 3],
    ['pupil', 'portal', '', 5],
    ['pupil', 'service', 'homework', 4],
    ['parent', 'login', '', 2],
    ['parent', 'portal', '', 2],
    ['parent', 'service', 'messaging', 1],
    ['teacher', 'login', '', 1],
    ['teacher', 'portal', '', 3],
    ['teacher', 'service', 'attendance', 2],
  ];
  await withTenant(services.db, givors.id, async (trx) => {
    for (let d = 1; d <= 28; d += 1)
      for (const [profile, kind, service, times] of daily)
        for (let i = 0; i < times; i += 1)
          await countUsage(trx, {
            tenantId: givors.id,
            schoolId: school.id,
            day: addDays(today, -d),
            profile,
            kind,
            service,
          });
  });
}
