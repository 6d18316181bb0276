import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { loadFormVersion } from '../forms/index.ts';
import { demoLogoPng } from './demo/demo-logo.ts';
import { postAdministrationMessage } from './post-administration-message.ts';
import { listAttachments } from './requests.repo.ts';
import { startDraft } from './start-draft.ts';
import { submitValidRequest } from './submit-request.ts';
import { buildEService } from '../../../test/requests-factories.ts';
import { buildUser } from '../../../test/factories.ts';
import type { Attempt, IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';

/**
 * The requests' routes. Tenant A owns an e-service, a draft and two requests (one with an account, one
 * anonymous with a tracking code), all made by an outsider: nobody of the world may reach them through tenant B's
 * instance, and nobody but their owner may reach the account-held ones at all.
 */
type RequestObjects = {
  slug: string;
  draftId: string;
  requestId: string;
  attachmentId: string;
  anonymousCode: string;
  anonymousAttachmentId: string;
};

const built = new WeakMap<IsolationWorld, Promise<RequestObjects>>();

function objects(world: IsolationWorld): Promise<RequestObjects> {
  let promise = built.get(world);
  if (!promise) {
    promise = build(world);
    built.set(world, promise);
  }
  return promise;
}

async function build({ t, communeA }: IsolationWorld): Promise<RequestObjects> {
  const { services } = t;
  const service = await buildEService(services, communeA, {
    access: 'anonymous',
    form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
    settings: {
      office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'signalement' },
    },
  });
  const outsider = await buildUser(services);
  const citizen = {
    userId: outsider.id,
    email: outsider.email,
    displayName: outsider.display_name,
    via: 'session' as const,
  };
  const started = await startDraft(services, {
    eservice: service.eservice,
    provider: communeA,
    citizen,
    owner: { userId: outsider.id },
  });
  if (!started.ok) throw new Error('draft not started');
  const form = await loadFormVersion(services.db, service.formVersionId);
  const common = { eservice: service.eservice, provider: communeA, form, answers: { objet: 'Isolation' } };
  const owned = await submitValidRequest(services, {
    ...common,
    citizen,
    contact: { email: outsider.email, sms: null },
    idempotency: { key: 'isolation-owned', fingerprint: 'x' },
  });
  const anonymous = await submitValidRequest(services, {
    ...common,
    citizen: null,
    contact: { email: 'anonyme@example.org', sms: null },
    idempotency: { key: 'isolation-anon', fingerprint: 'y' },
  });
  const attach = async (requestId: string) => {
    await postAdministrationMessage(services, {
      holder: communeA,
      requestId,
      actor: SYSTEM_ACTOR,
      authorLabel: 'Accueil',
      body: 'Pièce jointe',
      upload: { kind: 'upload', filename: 'piece.png', bytes: demoLogoPng([1, 1, 1]), truncated: false },
    });
    const [attachment] = await withTenant(services.db, communeA.id, (trx) => listAttachments(trx, requestId));
    if (!attachment) throw new Error('no attachment');
    return attachment.id;
  };
  return {
    slug: service.slug,
    draftId: started.draft.id,
    requestId: owned.request.id,
    attachmentId: await attach(owned.request.id),
    anonymousCode: anonymous.request.tracking_code,
    anonymousAttachmentId: await attach(anonymous.request.id),
  };
}

const actorsBut = (...skip: string[]) =>
  (['citizen', 'agentOfB', 'adminOfB', 'adminOfA', 'agentOfA', 'operator'] as const).filter((a) => !skip.includes(a));

/** Everyone of the world, on a path: none of them owns the object. */
function everyone(
  url: string,
  expect: number,
  method: Attempt['method'] = 'GET',
  form?: Record<string, string>,
): Attempt[] {
  return actorsBut().map((as) => ({ as, method, url, expect, ...(form ? { form } : {}) }));
}

export const requestsCases: IsolationCase[] = [
  {
    route: 'GET /mes-demandes',
    public: 'lists only the caller’s own requests and drafts (401 → login when anonymous)',
  },
  { route: 'GET /suivi', public: 'the tracking-code form; a code is looked up and leads to its holder’s instance' },
  {
    route: 'GET /demarches/:slug',
    attempts: async (world) => {
      const { slug } = await objects(world);
      return [
        { as: 'anonymous', method: 'GET', url: `/c/${world.communeA.slug}/demarches/${slug}`, expect: 200 },
        { as: 'adminOfB', method: 'GET', url: `/c/${world.communeB.slug}/demarches/${slug}`, expect: 404 },
        { as: 'anonymous', method: 'GET', url: `/c/${world.communeB.slug}/demarches/${slug}`, expect: 404 },
      ];
    },
  },
  {
    route: 'POST /api/services/:slug/requests',
    attempts: async (world) => {
      const { slug } = await objects(world);
      return [
        {
          as: 'adminOfB',
          method: 'POST',
          url: `/c/${world.communeB.slug}/api/services/${slug}/requests`,
          json: { answers: { objet: 'x' } },
          expect: 404,
        },
        {
          as: 'citizen',
          method: 'POST',
          url: `/c/${world.communeB.slug}/api/services/${slug}/requests`,
          json: { answers: { objet: 'x' } },
          expect: 404,
        },
      ];
    },
  },
  {
    route: 'POST /demarches/:slug/commencer',
    attempts: async (world) => {
      const { slug } = await objects(world);
      return everyone(`/c/${world.communeB.slug}/demarches/${slug}/commencer`, 404, 'POST');
    },
  },
  ...['', '/etapes/1', '/recapitulatif', '/consentement', '/supprimer'].map((suffix): IsolationCase => ({
    route: `GET /brouillons/:id${suffix ? suffix.replace('1', ':position') : ''}`,
    attempts: async (world) => {
      const { draftId } = await objects(world);
      return [
        ...everyone(`/c/${world.communeA.slug}/brouillons/${draftId}${suffix}`, 404),
        ...everyone(`/c/${world.communeB.slug}/brouillons/${draftId}${suffix}`, 404),
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeA.slug}/brouillons/${draftId}${suffix}`,
          expect: 404,
        },
      ];
    },
  })),
  ...['/etapes/1', '/envoyer', '/supprimer', '/consentement'].map((suffix): IsolationCase => ({
    route: `POST /brouillons/:id${suffix.replace('1', ':position')}`,
    attempts: async (world) => {
      const { draftId } = await objects(world);
      return [
        ...everyone(`/c/${world.communeA.slug}/brouillons/${draftId}${suffix}`, 404, 'POST', { objet: 'détourné' }),
        ...everyone(`/c/${world.communeB.slug}/brouillons/${draftId}${suffix}`, 404, 'POST', { objet: 'détourné' }),
      ];
    },
  })),
  ...['', '/accuse-de-reception'].map((suffix): IsolationCase => ({
    route: `GET /mes-demandes/:id${suffix}`,
    attempts: async (world) => {
      const { requestId } = await objects(world);
      return [
        ...everyone(`/c/${world.communeA.slug}/mes-demandes/${requestId}${suffix}`, 404),
        ...everyone(`/c/${world.communeB.slug}/mes-demandes/${requestId}${suffix}`, 404),
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeA.slug}/mes-demandes/${requestId}${suffix}`,
          expect: 303,
        },
      ];
    },
  })),
  {
    route: 'POST /mes-demandes/:id/messages',
    attempts: async (world) => {
      const { requestId } = await objects(world);
      return [
        ...everyone(`/c/${world.communeA.slug}/mes-demandes/${requestId}/messages`, 404, 'POST', {
          message: 'intrusion',
        }),
        ...everyone(`/c/${world.communeB.slug}/mes-demandes/${requestId}/messages`, 404, 'POST', {
          message: 'intrusion',
        }),
      ];
    },
  },
  {
    route: 'GET /mes-demandes/:id/documents/:attachmentId',
    attempts: async (world) => {
      const { requestId, attachmentId } = await objects(world);
      return [
        ...everyone(`/c/${world.communeA.slug}/mes-demandes/${requestId}/documents/${attachmentId}`, 404),
        ...everyone(`/c/${world.communeB.slug}/mes-demandes/${requestId}/documents/${attachmentId}`, 404),
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeA.slug}/mes-demandes/${requestId}/documents/${attachmentId}`,
          expect: 303,
        },
      ];
    },
  },
  ...['', '/accuse-de-reception'].map((suffix): IsolationCase => ({
    route: `GET /suivi/:code${suffix}`,
    attempts: async (world) => {
      const { anonymousCode } = await objects(world);
      return [
        // The tracking code is the credential of an anonymous request, in its holder's instance only.
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeA.slug}/suivi/${anonymousCode}${suffix}`,
          expect: 200,
        },
        ...everyone(`/c/${world.communeB.slug}/suivi/${anonymousCode}${suffix}`, 404),
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeB.slug}/suivi/${anonymousCode}${suffix}`,
          expect: 404,
        },
      ];
    },
  })),
  {
    route: 'POST /suivi/:code/messages',
    attempts: async (world) => {
      const { anonymousCode } = await objects(world);
      return everyone(`/c/${world.communeB.slug}/suivi/${anonymousCode}/messages`, 404, 'POST', {
        message: 'intrusion',
      });
    },
  },
  {
    route: 'GET /suivi/:code/documents/:attachmentId',
    attempts: async (world) => {
      const { anonymousCode, anonymousAttachmentId, attachmentId } = await objects(world);
      return [
        ...everyone(`/c/${world.communeB.slug}/suivi/${anonymousCode}/documents/${anonymousAttachmentId}`, 404),
        // A document of another request is not reachable through this code.
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeA.slug}/suivi/${anonymousCode}/documents/${attachmentId}`,
          expect: 404,
        },
        {
          as: 'anonymous',
          method: 'GET',
          url: `/c/${world.communeA.slug}/suivi/${anonymousCode}/documents/${anonymousAttachmentId}`,
          expect: 200,
        },
      ];
    },
  },
  {
    route: 'GET /admin/sms',
    attempts: async (world) => [
      { as: 'adminOfA', method: 'GET', url: '/admin/sms', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${world.communeA.slug}/admin/sms`, expect: 404 },
      { as: 'citizen', method: 'GET', url: '/admin/sms', expect: 404 },
      { as: 'anonymous', method: 'GET', url: '/admin/sms', expect: 303 },
      { as: 'operator', method: 'GET', url: '/admin/sms', expect: 200 },
    ],
  },
];
