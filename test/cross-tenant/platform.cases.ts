import type { IsolationCase } from './isolation.ts';

/** The platform's own routes (src/platform/http/platform.routes.ts); each module lists its own in its descriptor. */
export const platformCases: IsolationCase[] = [
  { route: 'GET /healthz', public: 'health of the service, no data' },
  { route: 'GET /api/openapi.json', public: 'the API description' },
  { route: 'GET /theme.css', public: "a tenant's colours are public by nature (every visitor sees them)" },
  { route: 'GET /logo', public: "a tenant's logo is public by nature" },
  { route: 'GET /static/vendor/:file', public: 'browser libraries from npm packages, the same for everyone' },
];
