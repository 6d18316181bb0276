import { isStorableText } from '../../../platform/http/input-hygiene.ts';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../../platform/db/schema.ts';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Services } from '../../../platform/services.ts';
import { clientMetadataOf, findClient } from '../clients.repo.ts';
import { CLIENT_CACHE_MS, type IdentityRuntime } from '../identity-runtime.ts';
import { consumePayload, destroyGrants, destroyPayload, findPayload, upsertPayload } from './oidc-store.repo.ts';

/**
 * Artefacts that live minutes and that their holder re-obtains if a crash of the database loses the last instant's
 * writes (PostgreSQL's asynchronous commit: at most about half a second). Grants, refresh tokens and sessions are
 * written synchronously like everything else.
 */
const REISSUABLE = new Set([
  'AccessToken',
  'ClientCredentials',
  'AuthorizationCode',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
]);

/**
 * oidc-provider's storage, in our database (no in-memory store: any web process can finish what another began).
 * Clients are not stored by the library: they are the communes' registrations (`oidc_client`), read here.
 */
export function postgresAdapter(
  services: Services,
  runtime: IdentityRuntime,
  fastWrites: Kysely<DB> | null,
): new (name: string) => Adapter {
  const { db, clock } = services;
  const { box, clients } = runtime;
  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are registered through the connection kit');
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      const row = { model: this.model, id, payload: payload as Record<string, unknown>, expiresAt };
      // A short-lived artefact its holder can simply ask for again: committed without waiting for the disk, through
      // connections opened with synchronous_commit off (PostgreSQL; PGlite has no commit latency to save).
      await upsertPayload(REISSUABLE.has(this.model) && fastWrites ? fastWrites : db, row);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      // The library reads its own bodies and headers: an identifier the database cannot hold (a client_id with a
      // NUL byte) names nothing, rather than failing the query.
      if (!isStorableText(id)) return undefined;
      if (this.model === 'Client') {
        // Freshness of a cache is not business time: the monotonic clock, as the tenant directory does.
        const now = performance.now();
        const cached = clients.get(id);
        if (cached && cached.until > now) return cached.metadata as AdapterPayload | undefined;
        const client = await findClient(db, id);
        const metadata = client && client.status === 'active' ? clientMetadataOf(client, box) : undefined;
        if (clients.size > 1000) clients.clear();
        clients.set(id, { metadata, until: now + CLIENT_CACHE_MS });
        return metadata as AdapterPayload | undefined;
      }
      return (await findPayload(db, this.model, { column: 'id', value: id }, clock.now())) as
        AdapterPayload | undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      if (!isStorableText(userCode)) return undefined;
      return (await findPayload(db, this.model, { column: 'user_code', value: userCode }, clock.now())) as
        AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (!isStorableText(uid)) return undefined;
      return (await findPayload(db, this.model, { column: 'uid', value: uid }, clock.now())) as
        AdapterPayload | undefined;
    }

    async consume(id: string): Promise<void> {
      if (!isStorableText(id)) return;
      await consumePayload(db, this.model, id, clock.now());
    }

    async destroy(id: string): Promise<void> {
      if (!isStorableText(id)) return;
      await destroyPayload(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await destroyGrants(db, [grantId]);
    }
  };
}

/**
 * A small pool whose connections commit asynchronously, for the artefacts of REISSUABLE (PostgreSQL mode only). The
 * caller closes it with the web server.
 */
export function openFastWritePool(services: Services): Kysely<DB> | null {
  const { url } = services.database;
  if (services.database.kind !== 'postgresql' || !url) return null;
  const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c synchronous_commit=off' });
  pool.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
