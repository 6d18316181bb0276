import type { LightMyRequestResponse } from 'fastify';
import { buildCommune, buildOperator, buildUser } from '../factories.ts';
import type { TestClient } from '../support/test-client.ts';
import type { TestContext } from '../support/test-context.ts';

/**
 * Tenant isolation is a legal boundary (DESIGN invariant 1). Every route of the application must have a case, in
 * its module's `<module>.cross-tenant.ts` (listed by the module's descriptor) or, for the platform's own routes, in
 * platform.cases.ts here: either public (and why), or with the requests that people of ANOTHER tenant, citizens and
 * anonymous visitors will try against tenant A's objects, and what they must get. test/cross-tenant.test.ts fails
 * when a route has no case.
 */
export type Actor = 'anonymous' | 'citizen' | 'agentOfB' | 'adminOfB' | 'adminOfA' | 'agentOfA' | 'operator';

export type Attempt = {
  as: Actor;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Form fields (sent with a valid CSRF token: the refusal must come from the tenant check, not from CSRF). */
  form?: Record<string, string | string[]>;
  json?: unknown;
  /** The status the actor must get; 303 means "sent to the login page". */
  expect: number;
};

export type IsolationWorld = {
  t: TestContext;
  /** Tenant A (Partenaire, owns the objects) and tenant B (Partenaire too, its people try to reach A's objects). */
  communeA: Awaited<ReturnType<typeof buildCommune>>;
  communeB: Awaited<ReturnType<typeof buildCommune>>;
  clients: Record<Exclude<Actor, 'anonymous'>, TestClient> & { anonymous: TestClient };
};

export type IsolationCase = {
  /** "METHOD /url/:param" exactly as registered. */
  route: string;
  /** The reason this route shows nothing tenant-specific to protect (then no attempts). */
  public?: string;
  attempts?: (world: IsolationWorld) => Promise<Attempt[]>;
};

export async function buildIsolationWorld(t: TestContext): Promise<IsolationWorld> {
  const communeA = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune A' });
  const communeB = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune B' });
  const people = {
    citizen: await buildUser(t.services),
    agentOfB: await buildUser(t.services, { grants: [{ tenant: communeB, role: 'agent' }] }),
    adminOfB: await buildUser(t.services, { grants: [{ tenant: communeB, role: 'admin' }] }),
    adminOfA: await buildUser(t.services, { grants: [{ tenant: communeA, role: 'admin' }] }),
    agentOfA: await buildUser(t.services, { grants: [{ tenant: communeA, role: 'agent' }] }),
    operator: await buildOperator(t.services),
  };
  const clients = { anonymous: t.client() } as IsolationWorld['clients'];
  for (const [actor, account] of Object.entries(people) as Array<
    [Exclude<Actor, 'anonymous'>, { email: string; password: string }]
  >) {
    const client = t.client();
    const response = await client.login(account.email, account.password);
    if (response.statusCode !== 303) throw new Error(`login of ${actor} failed: ${response.statusCode}`);
    clients[actor] = client;
  }
  return { t, communeA, communeB, clients };
}

export async function runAttempt(world: IsolationWorld, attempt: Attempt): Promise<LightMyRequestResponse> {
  const client = world.clients[attempt.as];
  if (attempt.method === 'GET') return client.get(attempt.url);
  // Load a page with a form first so the client holds a valid CSRF token for its session (for an anonymous visitor,
  // the login page: the home page has no form of its own, and what an earlier case left must not decide the answer).
  await client.get(attempt.as === 'anonymous' ? '/connexion' : '/');
  if (attempt.json !== undefined) {
    return world.t.app.inject({
      method: attempt.method,
      url: attempt.url,
      remoteAddress: client.remoteAddress,
      // As the site's own script would call it: same origin.
      headers: {
        cookie: client.cookieHeader,
        'content-type': 'application/json',
        origin: world.t.services.config.publicUrl,
      },
      payload: JSON.stringify(attempt.json),
    });
  }
  return client.post(attempt.url, attempt.form ?? {});
}

/**
 * A page of tenant A's object that only the object's own people reach (a school's members): another tenant's agent
 * tries it on their instance; on A's instance, A's and B's administrators, a citizen and an operator get 404, and so
 * do the other actors listed (`also`).
 */
export function membersOnlyPage<Scene>(
  sceneOf: (world: IsolationWorld) => Promise<Scene>,
  route: { method: 'GET' | 'POST'; pattern: string; path: (scene: Scene) => string; form?: Record<string, string> },
  also: ReadonlyArray<{ as: Actor; expect: number }> = [],
): IsolationCase {
  const { method, form } = route;
  return {
    route: `${method} ${route.pattern}`,
    attempts: async (world) => {
      const path = route.path(await sceneOf(world));
      const a = `/c/${world.communeA.slug}${path}`;
      const onA = (as: Actor, expect = 404): Attempt => ({ as, method, url: a, expect, ...(form ? { form } : {}) });
      return [
        { as: 'agentOfB', method, url: `/c/${world.communeB.slug}${path}`, expect: 404, ...(form ? { form } : {}) },
        ...(['adminOfB', 'adminOfA', 'citizen', 'operator'] as const).map((as) => onA(as)),
        ...also.map((x) => onA(x.as, x.expect)),
      ];
    },
  };
}

/** A page of the operators' console: only on the metropolis's instance, only for its operators (404 for anyone else). */
export function operatorConsolePage(path: string): IsolationCase {
  return {
    route: `GET ${path}`,
    attempts: async ({ communeA }) => [
      { as: 'adminOfA', method: 'GET', url: path, expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
      { as: 'agentOfB', method: 'GET', url: path, expect: 404 },
      { as: 'citizen', method: 'GET', url: path, expect: 404 },
      { as: 'operator', method: 'GET', url: path, expect: 200 },
    ],
  };
}

/** A module's fixtures, made once per isolation world on first use (its cases share them). */
export function perWorld<T>(make: (world: IsolationWorld) => Promise<T>): (world: IsolationWorld) => Promise<T> {
  const made = new WeakMap<IsolationWorld, Promise<T>>();
  return (world) => {
    let fixtures = made.get(world);
    if (!fixtures) {
      fixtures = make(world);
      made.set(world, fixtures);
    }
    return fixtures;
  };
}
