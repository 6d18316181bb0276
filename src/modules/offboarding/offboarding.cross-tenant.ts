import { randomUUID } from 'node:crypto';
import type { IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { insertArchive } from './archives.repo.ts';

/** An archive of commune A (not built: its existence is what must not leak). */
async function archiveOfA({ t, communeA }: IsolationWorld): Promise<string> {
  const archive = await withTenant(t.services.db, communeA.id, (trx) =>
    insertArchive(trx, { requestedBy: null, label: 'test', at: t.services.clock.now() }),
  );
  return archive.id;
}

const strangers = ['adminOfB', 'agentOfA', 'citizen'] as const;

/** A commune's exit page and archives: its administrators and the operators; the metropolis's acts: operators only. */
export const offboardingCases: IsolationCase[] = [
  {
    route: 'GET /admin/sortie',
    attempts: async ({ communeA }) => [
      ...strangers.map((as) => ({ as, method: 'GET' as const, url: `/c/${communeA.slug}/admin/sortie`, expect: 404 })),
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/sortie`, expect: 200 },
      { as: 'operator', method: 'GET', url: `/c/${communeA.slug}/admin/sortie`, expect: 200 },
      { as: 'operator', method: 'GET', url: '/admin/sortie', expect: 404 },
    ],
  },
  {
    route: 'POST /admin/sortie/archives',
    attempts: async ({ communeA }) =>
      strangers.map((as) => ({
        as,
        method: 'POST' as const,
        url: `/c/${communeA.slug}/admin/sortie/archives`,
        form: {},
        expect: 404,
      })),
  },
  ...['', '/fichier'].map((suffix): IsolationCase => ({
    route: `GET /admin/sortie/archives/:id${suffix}`,
    attempts: async (world) => {
      const id = await archiveOfA(world);
      return [
        ...strangers.map((as) => ({
          as,
          method: 'GET' as const,
          url: `/c/${world.communeA.slug}/admin/sortie/archives/${id}${suffix}`,
          expect: 404,
        })),
        // A's archive under B's instance names nothing, even for B's administrator.
        {
          as: 'adminOfB',
          method: 'GET',
          url: `/c/${world.communeB.slug}/admin/sortie/archives/${id}${suffix}`,
          expect: 404,
        },
        {
          as: 'adminOfA',
          method: 'GET',
          url: `/c/${world.communeA.slug}/admin/sortie/archives/${randomUUID()}${suffix}`,
          expect: 404,
        },
      ];
    },
  })),
  ...['hors-ligne', 'transfert'].map((action): IsolationCase => ({
    route: `POST /admin/sortie/${action}`,
    attempts: async ({ communeA }) => [
      ...[...strangers, 'adminOfA' as const].map((as) => ({
        as,
        method: 'POST' as const,
        url: `/c/${communeA.slug}/admin/sortie/${action}`,
        form: {},
        expect: 404,
      })),
    ],
  })),
];
