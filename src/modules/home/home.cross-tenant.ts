import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';

/** The home pages, the accessibility statement and the site map: public information about the instance. */
export const homeCases: IsolationCase[] = [
  { route: 'GET /', public: 'home page: public information about the instance' },
  { route: 'GET /accessibilite', public: 'accessibility statement' },
  { route: 'GET /plan-du-site', public: 'site map' },
];
