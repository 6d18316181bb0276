import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';

/**
 * The bell's pages show and change only the caller's own notifications and choices, on whatever instance they are
 * viewed (a person's news about commune A's requests is theirs on B's instance too; nobody else's ever shows:
 * notifications.test.ts checks the content). Anonymous visitors are sent to the login page.
 */
export const notificationsCases: IsolationCase[] = [
  {
    route: 'GET /notifications',
    attempts: async (world) => [
      { as: 'anonymous', method: 'GET', url: `/c/${world.communeA.slug}/notifications`, expect: 303 },
      { as: 'agentOfB', method: 'GET', url: `/c/${world.communeA.slug}/notifications`, expect: 200 },
    ],
  },
  {
    route: 'GET /notifications/preferences',
    attempts: async (world) => [
      { as: 'anonymous', method: 'GET', url: `/c/${world.communeA.slug}/notifications/preferences`, expect: 303 },
      { as: 'citizen', method: 'GET', url: `/c/${world.communeA.slug}/notifications/preferences`, expect: 200 },
    ],
  },
  {
    route: 'POST /notifications/preferences',
    attempts: async (world) => [
      {
        as: 'citizen',
        method: 'POST',
        url: `/c/${world.communeA.slug}/notifications/preferences`,
        form: { etapes: ['application', 'courriel'], messages: 'application' },
        expect: 303,
      },
    ],
  },
];
