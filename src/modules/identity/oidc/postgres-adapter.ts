import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Services } from '../../../platform/services.ts';
import { clientMetadataOf, findClient } from '../clients.repo.ts';
import type { SecretBox } from '../secret-box.ts';
import { consumePayload, destroyByGrantId, destroyPayload, findPayload, upsertPayload } from './oidc-store.repo.ts';

/**
 * oidc-provider's storage, in our database (no in-memory store: any web process can finish what another began).
 * Clients are not stored by the library: they are the communes' registrations (`oidc_client`), read here.
 */
export function postgresAdapter(services: Services, box: SecretBox): new (name: string) => Adapter {
  const { db, clock } = services;
  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are registered through the connection kit');
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      await upsertPayload(db, { model: this.model, id, payload: payload as Record<string, unknown>, expiresAt });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await findClient(db, id);
        return client && client.status === 'active' ? (clientMetadataOf(client, box) as AdapterPayload) : undefined;
      }
      return (await findPayload(db, this.model, { column: 'id', value: id }, clock.now())) as AdapterPayload | undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await findPayload(db, this.model, { column: 'user_code', value: userCode }, clock.now())) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await findPayload(db, this.model, { column: 'uid', value: uid }, clock.now())) as AdapterPayload | undefined;
    }

    async consume(id: string): Promise<void> {
      await consumePayload(db, this.model, id, clock.now());
    }

    async destroy(id: string): Promise<void> {
      await destroyPayload(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await destroyByGrantId(db, grantId);
    }
  };
}
