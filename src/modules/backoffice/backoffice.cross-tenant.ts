import { buildEService } from '../../../test/requests-factories.ts';
import { SIMPLE_FORM } from '../../../test/backoffice-factories.ts';
import type { Actor, Attempt, IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { buildUser } from '../../../test/factories.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { loadFormVersion } from '../forms/index.ts';
import { DEFAULT_WORKFLOW, publishWorkflow } from '../workflows/index.ts';
import { demoLogoPng, postCitizenMessage, submitValidRequest } from '../requests/index.ts';
import { insertExport, insertInboxView } from './backoffice.repo.ts';

/**
 * The back-office. Tenant A holds a request (with a citizen's attachment), a saved view, an export
 * and a workflow of its own, all made by A's agent: an agent or administrator of B never reaches them — through B's
 * instance or through A's — nor does a citizen, nor an operator (operators run the platform, they do not process a
 * commune's requests); an anonymous visitor is sent to log in (pages) or gets 401 (API).
 */
type BackofficeObjects = { requestId: string; fileId: string; viewId: string; exportId: string; workflowId: string };

const built = new WeakMap<IsolationWorld, Promise<BackofficeObjects>>();

function objects(world: IsolationWorld): Promise<BackofficeObjects> {
  let promise = built.get(world);
  if (!promise) {
    promise = build(world);
    built.set(world, promise);
  }
  return promise;
}

async function build({ t, communeA }: IsolationWorld): Promise<BackofficeObjects> {
  const { services } = t;
  const service = await buildEService(services, communeA, {
    access: 'account',
    form: SIMPLE_FORM,
    settings: {
      office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'signalement' },
    },
  });
  const citizen = await buildUser(services);
  const submitted = await submitValidRequest(services, {
    eservice: service.eservice,
    provider: communeA,
    form: await loadFormVersion(services.db, service.formVersionId),
    answers: { objet: 'Isolation du back-office' },
    citizen: { userId: citizen.id, email: citizen.email, displayName: citizen.display_name, via: 'session' },
    contact: { email: citizen.email, sms: null },
    idempotency: { key: 'isolation-backoffice', fingerprint: 'x' },
  });
  await postCitizenMessage(services, {
    holder: communeA,
    request: submitted.request,
    authorUserId: citizen.id,
    authorLabel: citizen.display_name,
    body: 'Voici une photo.',
    upload: { kind: 'upload', filename: 'photo.png', bytes: demoLogoPng([4, 5, 6]), truncated: false },
  });
  const file = await withTenant(services.db, communeA.id, (trx) =>
    trx
      .selectFrom('request_attachment')
      .select('stored_file_id')
      .where('request_id', '=', submitted.request.id)
      .executeTakeFirstOrThrow(),
  );
  // The world's agent of A owns the view and the export.
  const owner = (
    await withTenant(services.db, communeA.id, (trx) =>
      trx
        .selectFrom('role_assignment')
        .select('user_id')
        .where('tenant_id', '=', communeA.id)
        .where('role', '=', 'agent')
        .executeTakeFirstOrThrow(),
    )
  ).user_id;
  const at = services.clock.now();
  const { viewId, exportId } = await withTenant(services.db, communeA.id, async (trx) => ({
    viewId: (
      await insertInboxView(trx, {
        ownerUserId: owner,
        name: 'Vue partagée de A',
        query: {},
        shared: true,
        at,
      })
    ).id,
    exportId: (
      await insertExport(trx, {
        requestedBy: owner,
        format: 'csv',
        query: {},
        total: 1,
        filename: 'demandes-a',
        at,
      })
    ).id,
  }));
  const workflow = await publishWorkflow(services, {
    tenant: communeA,
    actor: SYSTEM_ACTOR,
    key: 'circuit-de-a',
    definition: DEFAULT_WORKFLOW,
  });
  if (!workflow.ok) throw new Error('workflow not published');
  return { requestId: submitted.request.id, fileId: file.stored_file_id, viewId, exportId, workflowId: workflow.id };
}

const OUTSIDERS: Exclude<Actor, 'anonymous' | 'adminOfA' | 'agentOfA'>[] = [
  'agentOfB',
  'adminOfB',
  'citizen',
  'operator',
];

/**
 * Everyone who is not A's staff, on A's instance: 404; anonymous: login or 401. A path naming one of A's objects is
 * also tried by B's staff on B's instance (404 there too); B's own lists are B's, and inbox.test.ts checks that
 * A's requests never show in them.
 */
function outsiders(
  world: IsolationWorld,
  path: string,
  method: Attempt['method'] = 'GET',
  body?: { form?: Record<string, string>; json?: unknown },
): Attempt[] {
  const namesAnObject = /[0-9a-f]{8}-[0-9a-f]{4}-/.test(path);
  const a = `/c/${world.communeA.slug}${path}`;
  const b = `/c/${world.communeB.slug}${path}`;
  const extra = body?.form ? { form: body.form } : body?.json !== undefined ? { json: body.json } : {};
  return [
    ...OUTSIDERS.map((as): Attempt => ({ as, method, url: a, expect: 404, ...extra })),
    ...(namesAnObject
      ? (['agentOfB', 'adminOfB'] as const).map((as): Attempt => ({ as, method, url: b, expect: 404, ...extra }))
      : []),
    // Anonymous: sent to log in (pages), 401 (API). Anonymous form posts stop at the CSRF check before any of this.
    ...(method === 'GET' || path.startsWith('/api/')
      ? [{ as: 'anonymous' as const, method, url: a, expect: path.startsWith('/api/') ? 401 : 303, ...extra }]
      : []),
  ];
}

const pageCase = (route: string, path: (o: BackofficeObjects) => string, ownerSees = 200): IsolationCase => ({
  route,
  attempts: async (w) => {
    const o = await objects(w);
    return [
      ...outsiders(w, path(o)),
      { as: 'agentOfA', method: 'GET', url: `/c/${w.communeA.slug}${path(o)}`, expect: ownerSees },
    ];
  },
});

const postCase = (
  route: string,
  path: (o: BackofficeObjects) => string,
  form: (o: BackofficeObjects) => Record<string, string> = () => ({}),
): IsolationCase => ({
  route,
  attempts: async (w) => {
    const o = await objects(w);
    return outsiders(w, path(o), 'POST', { form: form(o) });
  },
});

export const backofficeCases: IsolationCase[] = [
  pageCase('GET /gru/demandes', () => '/gru/demandes'),
  pageCase('GET /gru/demandes/:id', (o) => `/gru/demandes/${o.requestId}`),
  pageCase('GET /gru/demandes/:id/reorienter', (o) => `/gru/demandes/${o.requestId}/reorienter`),
  pageCase('GET /gru/demandes/:id/documents/:fileId', (o) => `/gru/demandes/${o.requestId}/documents/${o.fileId}`),
  postCase(
    'POST /gru/demandes/:id/transitions',
    (o) => `/gru/demandes/${o.requestId}/transitions`,
    () => ({ vers: 'en-cours', version: '1' }),
  ),
  postCase(
    'POST /gru/demandes/:id/boutons/:key',
    (o) => `/gru/demandes/${o.requestId}/boutons/relancer`,
    () => ({ version: '1' }),
  ),
  postCase(
    'POST /gru/demandes/:id/prendre',
    (o) => `/gru/demandes/${o.requestId}/prendre`,
    () => ({ version: '1' }),
  ),
  postCase(
    'POST /gru/demandes/:id/liberer',
    (o) => `/gru/demandes/${o.requestId}/liberer`,
    () => ({ version: '1' }),
  ),
  postCase(
    'POST /gru/demandes/:id/attribuer',
    (o) => `/gru/demandes/${o.requestId}/attribuer`,
    (o) => ({ version: '1', agent: o.requestId }),
  ),
  postCase(
    'POST /gru/demandes/:id/messages',
    (o) => `/gru/demandes/${o.requestId}/messages`,
    () => ({ message: 'intrusion' }),
  ),
  postCase(
    'POST /gru/demandes/:id/reorienter',
    (o) => `/gru/demandes/${o.requestId}/reorienter`,
    () => ({ version: '1', vers: '', motif: 'intrusion' }),
  ),
  postCase(
    'POST /gru/demandes/:id/notes',
    (o) => `/gru/demandes/${o.requestId}/notes`,
    () => ({ note: 'intrusion' }),
  ),
  postCase(
    'POST /gru/vues',
    () => '/gru/vues',
    () => ({ nom: 'intrusion', filtres: '' }),
  ),
  postCase('POST /gru/vues/:id/supprimer', (o) => `/gru/vues/${o.viewId}/supprimer`),
  postCase(
    'POST /gru/selection',
    () => '/gru/selection',
    (o) => ({ demandes: `${o.requestId}:1`, action: 'moi', filtres: '' }),
  ),
  pageCase('GET /gru/statistiques', () => '/gru/statistiques'),
  postCase(
    'POST /gru/exports',
    () => '/gru/exports',
    () => ({ format: 'csv', filtres: '' }),
  ),
  pageCase('GET /gru/exports', () => '/gru/exports'),
  // An export is its requester's: A's administrator does not see the agent's either.
  {
    route: 'GET /gru/exports/:id',
    attempts: async (w) => {
      const o = await objects(w);
      return [
        ...outsiders(w, `/gru/exports/${o.exportId}`),
        { as: 'adminOfA', method: 'GET', url: `/c/${w.communeA.slug}/gru/exports/${o.exportId}`, expect: 404 },
      ];
    },
  },
  {
    route: 'GET /gru/exports/:id/fichier',
    attempts: async (w) => {
      const o = await objects(w);
      return [
        ...outsiders(w, `/gru/exports/${o.exportId}/fichier`),
        { as: 'adminOfA', method: 'GET', url: `/c/${w.communeA.slug}/gru/exports/${o.exportId}/fichier`, expect: 404 },
      ];
    },
  },
  pageCase('GET /gru/preferences', () => '/gru/preferences'),
  postCase(
    'POST /gru/preferences',
    () => '/gru/preferences',
    () => ({ nouvelles: 'none', heure: '8' }),
  ),
  pageCase('GET /gru/circuits', () => '/gru/circuits'),
  pageCase('GET /gru/circuits/:id', (o) => `/gru/circuits/${o.workflowId}`),
  {
    route: 'POST /gru/circuits',
    attempts: async (w) => [
      ...outsiders(w, '/gru/circuits', 'POST', { form: { cle: 'intrusion', definition: '{}' } }),
      // An agent of A is not an administrator: publishing is for administrators.
      {
        as: 'agentOfA',
        method: 'POST',
        url: `/c/${w.communeA.slug}/gru/circuits`,
        form: { cle: 'intrusion', definition: '{}' },
        expect: 404,
      },
    ],
  },
  postCase(
    'POST /gru/circuits/:id/appliquer',
    (o) => `/gru/circuits/${o.workflowId}/appliquer`,
    (o) => ({ demarche: o.requestId }),
  ),
  pageCase('GET /api/gru/requests', () => '/api/gru/requests'),
  pageCase('GET /api/gru/requests/:id', (o) => `/api/gru/requests/${o.requestId}`),
  {
    route: 'POST /api/gru/requests/:id/transitions',
    attempts: async (w) =>
      outsiders(w, `/api/gru/requests/${(await objects(w)).requestId}/transitions`, 'POST', {
        json: { to: 'en-cours', version: 1 },
      }),
  },
  {
    route: 'POST /api/gru/requests/:id/messages',
    attempts: async (w) =>
      outsiders(w, `/api/gru/requests/${(await objects(w)).requestId}/messages`, 'POST', {
        json: { body: 'intrusion' },
      }),
  },
];
