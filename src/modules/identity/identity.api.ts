import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { bearerToken } from '../../platform/http/guards.ts';
import type { OidcClientRow } from './identity.tables.ts';
import { keepAlive } from './keep-alive.ts';
import type { OidcProviderHost } from './oidc/provider.ts';
import { serviceApis } from './oidc/service-apis.ts';
import { verifyServiceToken } from './service-tokens.ts';
import { findKnownSubjects } from './consents.repo.ts';
import { listTombstones } from './tombstones.repo.ts';

const ZSubs = z
  .array(z.string().min(1).max(200), { message: 'subs doit être une liste d’identifiants (sub)' })
  .max(1000, 'Au plus 1 000 identifiants par appel');

const ZDeletedQuery = z.object({
  since: z.iso
    .datetime({ offset: true, message: 'since doit être une date ISO 8601, par exemple 2026-11-01T00:00:00Z' })
    .describe('Suppressions depuis cet instant (ISO 8601)'),
  cursor: z.string().max(300).optional().describe('Curseur de la page suivante (next_cursor de la page précédente)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Taille de page (1 à 1 000, 100 par défaut)'),
});

const ZDeletedPage = z.object({
  deleted: z.array(z.object({ sub: z.string(), deleted_at: z.string() })),
  next_cursor: z.string().nullable(),
});

type Cursor = { deletedAt: Date; subject: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.deletedAt.toISOString(), cursor.subject])).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const [at, subject] = JSON.parse(Buffer.from(value, 'base64url').toString()) as [string, string];
    const deletedAt = new Date(at);
    if (Number.isNaN(deletedAt.getTime()) || typeof subject !== 'string') throw new Error('bad cursor');
    return { deletedAt, subject };
  } catch {
    throw new AppError('validation_failed', 'Curseur invalide.', {
      fields: [{ field: 'cursor', message: 'Utilisez la valeur next_cursor reçue, sans la modifier.' }],
    });
  }
}

/**
 * The APIs a commune's portal calls with a client-credentials token: the deleted-accounts feed, the
 * synchronisation call, and the keep-alive. A client only ever learns about accounts it could see: the subs are its
 * own pairwise identifiers, of citizens who consented to it.
 */
export function registerIdentityApi(app: FastifyInstance, api: ApiRegistry, host: OidcProviderHost): void {
  const { services } = app;

  /** The calling client, from its access token: a JWT (RFC 9068) the provider signed for this API. */
  const authenticate = async (request: FastifyRequest, scope: string): Promise<OidcClientRow> => {
    const value = bearerToken(request);
    const verified = value
      ? await verifyServiceToken(services, host, value, serviceApis(services).identity)
      : undefined;
    if (!verified) {
      throw new AppError(
        'invalid_token',
        'Ce jeton est inconnu, expiré ou révoqué. Demandez-en un nouveau à /oidc/token.',
        { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
      );
    }
    if (!verified.scopes.includes(scope)) {
      throw new AppError('insufficient_scope', `Ce jeton n’a pas la portée ${scope}.`, {
        headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
      });
    }
    return verified.client;
  };

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/identity/deleted-accounts',
      operationId: 'listDeletedAccounts',
      summary: 'Les comptes supprimés depuis une date, tels que ce client les connaît',
      description:
        'Renvoie les `sub` (identifiants par secteur, ceux que ce client a reçus) des comptes GrandLyon Connect supprimés depuis `since`, du plus ancien au plus récent, par pages. Une suppression reste listée 365 jours. Seuls les comptes qui ont autorisé ce client y figurent.',
      tag: 'Identité',
      access: 'client',
      scope: 'identity:deleted_accounts',
      query: ZDeletedQuery,
      rateLimitPerMinute: 120,
      responses: {
        200: { description: 'Une page de suppressions', schema: ZDeletedPage },
        401: { description: 'Jeton absent, invalide ou expiré' },
      },
    },
    async (request, _reply, { query }) => {
      const client = await authenticate(request, 'identity:deleted_accounts');
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await listTombstones(services.db, {
        clientId: client.id,
        since: new Date(query.since),
        ...(after ? { after } : {}),
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        deleted: page.map((r) => ({ sub: r.sub, deleted_at: r.deletedAt.toISOString() })),
        next_cursor:
          rows.length > query.limit && last ? encodeCursor({ deletedAt: last.deletedAt, subject: last.sub }) : null,
      };
    },
  );

  apiRoute(
    app,
    api,
    {
      method: 'POST',
      path: '/api/identity/deleted-accounts/sync',
      operationId: 'synchronizeKnownAccounts',
      summary: 'Parmi les comptes que connaît ce client, ceux qui n’existent plus',
      description:
        'Le client envoie les `sub` qu’il détient (1 000 au plus par appel) ; la réponse liste ceux qui ne correspondent plus à un compte qu’il peut voir (supprimé, ou jamais autorisé pour lui). Il peut alors supprimer ses copies.',
      tag: 'Identité',
      access: 'client',
      scope: 'identity:deleted_accounts',
      body: z.object({ subs: ZSubs }),
      rateLimitPerMinute: 120,
      responses: {
        200: { description: 'Les identifiants inconnus', schema: z.object({ unknown: z.array(z.string()) }) },
      },
    },
    async (request, _reply, { body }) => {
      const client = await authenticate(request, 'identity:deleted_accounts');
      const known = await findKnownSubjects(services.db, client.id, [...new Set(body.subs)]);
      return { unknown: body.subs.filter((sub) => !known.has(sub)) };
    },
  );

  apiRoute(
    app,
    api,
    {
      method: 'POST',
      path: '/api/identity/keepalive',
      operationId: 'keepAccountsAlive',
      summary: 'Signaler que des usagers utilisent encore le service',
      description:
        'Un service qui a encore une activité pour ces usagers (dossiers en cours…) le signale : leur compte n’est pas supprimé pour inactivité (G6), et l’avertissement éventuel est levé.',
      tag: 'Identité',
      access: 'client',
      scope: 'identity:keepalive',
      body: z.object({ subs: ZSubs }),
      rateLimitPerMinute: 120,
      responses: {
        200: {
          description: 'Le nombre de comptes prolongés et les identifiants inconnus',
          schema: z.object({ kept_alive: z.number().int(), unknown: z.array(z.string()) }),
        },
      },
    },
    async (request, _reply, { body }) => {
      const client = await authenticate(request, 'identity:keepalive');
      return keepAlive(services, { clientId: client.id, subs: [...new Set(body.subs)] });
    },
  );
}
