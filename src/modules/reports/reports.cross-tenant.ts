import { buildCommuneReport } from '../../../test/reports-factories.ts';
import type { IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';

/** One report held by commune A, made once per world and shared by the cases. */
const reports = new WeakMap<IsolationWorld, Promise<string>>();
function reportOfA(world: IsolationWorld): Promise<string> {
  let report = reports.get(world);
  if (!report) {
    report = buildCommuneReport(world.t.services, world.communeA).then((r) => r.reportId);
    reports.set(world, report);
  }
  return report;
}

const PUBLIC_LIST =
  'the public list and map of reports: public by nature, each instance showing the reports located in it, with no personal data (reports.test.ts)';
const TOKEN_LINK = 'opened by the token e-mailed to the follower, not by a session: anyone without it gets 404 or 410';

/** A moderation form as a moderator would send it. */
const HIDE = { action: 'masquer', motif: 'Propos injurieux' };

export const reportsCases: IsolationCase[] = [
  { route: 'GET /signalements', public: PUBLIC_LIST },
  { route: 'GET /signalements.geojson', public: PUBLIC_LIST },
  {
    // A report located elsewhere is not on a commune's pages: commune B's instance does not show commune A's.
    route: 'GET /signalements/:id',
    attempts: async (world) => {
      const id = await reportOfA(world);
      return [
        { as: 'adminOfB', method: 'GET', url: `/c/${world.communeB.slug}/signalements/${id}`, expect: 404 },
        { as: 'anonymous', method: 'GET', url: `/c/${world.communeB.slug}/signalements/${id}`, expect: 404 },
        { as: 'anonymous', method: 'GET', url: `/signalements/${id}`, expect: 200 },
      ];
    },
  },
  {
    route: 'POST /signalements/:id/suivre',
    attempts: async (world) => {
      const id = await reportOfA(world);
      const url = `/c/${world.communeB.slug}/signalements/${id}/suivre`;
      return [
        { as: 'citizen', method: 'POST', url, expect: 404 },
        { as: 'anonymous', method: 'POST', url, form: { courriel: 'voisin@example.org' }, expect: 404 },
      ];
    },
  },
  { route: 'GET /signalements/suivi/confirmer', public: TOKEN_LINK },
  { route: 'POST /signalements/suivi/confirmer', public: TOKEN_LINK },
  { route: 'GET /signalements/suivi/arreter', public: TOKEN_LINK },
  { route: 'POST /signalements/suivi/arreter', public: TOKEN_LINK },
  {
    // The moderation of a commune's reports: its administrators and the operators, nobody else (T12).
    route: 'GET /admin/signalements',
    attempts: async ({ communeA }) => {
      const url = `/c/${communeA.slug}/admin/signalements`;
      return [
        { as: 'adminOfB', method: 'GET', url, expect: 404 },
        { as: 'agentOfA', method: 'GET', url, expect: 404 },
        { as: 'citizen', method: 'GET', url, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: '/admin/signalements', expect: 404 },
        { as: 'adminOfA', method: 'GET', url, expect: 200 },
      ];
    },
  },
  {
    route: 'GET /admin/signalements/:id',
    attempts: async (world) => {
      const id = await reportOfA(world);
      const { communeA, communeB } = world;
      return [
        { as: 'adminOfB', method: 'GET', url: `/c/${communeB.slug}/admin/signalements/${id}`, expect: 404 },
        { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/signalements/${id}`, expect: 404 },
        { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/signalements/${id}`, expect: 404 },
        { as: 'citizen', method: 'GET', url: `/admin/signalements/${id}`, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/signalements/${id}`, expect: 200 },
        { as: 'operator', method: 'GET', url: `/admin/signalements/${id}`, expect: 200 },
      ];
    },
  },
  {
    route: 'POST /admin/signalements/:id',
    attempts: async (world) => {
      const id = await reportOfA(world);
      const { communeA, communeB } = world;
      return [
        {
          as: 'adminOfB',
          method: 'POST',
          url: `/c/${communeB.slug}/admin/signalements/${id}`,
          form: HIDE,
          expect: 404,
        },
        {
          as: 'adminOfB',
          method: 'POST',
          url: `/c/${communeA.slug}/admin/signalements/${id}`,
          form: HIDE,
          expect: 404,
        },
        {
          as: 'agentOfA',
          method: 'POST',
          url: `/c/${communeA.slug}/admin/signalements/${id}`,
          form: HIDE,
          expect: 404,
        },
        { as: 'citizen', method: 'POST', url: `/admin/signalements/${id}`, form: HIDE, expect: 404 },
        { as: 'adminOfA', method: 'POST', url: `/admin/signalements/${id}`, form: HIDE, expect: 404 },
      ];
    },
  },
];
