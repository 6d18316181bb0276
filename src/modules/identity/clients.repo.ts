import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { ClientStatus, OidcClientRow } from './identity.tables.ts';
import type { SecretBox } from './secret-box.ts';

/** The communes' OpenID Connect clients. */

export async function findClient(db: Executor, id: string): Promise<OidcClientRow | undefined> {
  return db.selectFrom('oidc_client').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Clients in the consoles' order: pending ones first, then by name. */
const clientList = (db: Executor) => db.selectFrom('oidc_client').selectAll().orderBy('status', 'desc').orderBy('name');

/** Every client of every tenant (the operators' console). */
export async function listClients(db: Executor): Promise<OidcClientRow[]> {
  return clientList(db).execute();
}

/** The clients of the tenant whose scope the transaction is in. */
export async function listTenantClients(trx: TenantTransaction): Promise<OidcClientRow[]> {
  return clientList(trx).where('tenant_id', '=', trx.tenantId).execute();
}

export type NewClient = {
  id: string;
  name: string;
  status: ClientStatus;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string[];
  serviceApi: boolean;
  sector: string;
  requestedBy: string | null;
  approvedBy: string | null;
  at: Date;
};

/** A new client of the tenant whose scope the transaction is in. */
export async function insertClient(trx: TenantTransaction, client: NewClient): Promise<OidcClientRow> {
  return trx
    .insertInto('oidc_client')
    .values({
      id: client.id,
      tenant_id: trx.tenantId,
      name: client.name,
      status: client.status,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      backchannel_logout_uri: client.backchannelLogoutUri,
      scopes: client.scopes,
      service_api: client.serviceApi,
      sector: client.sector,
      requested_by: client.requestedBy,
      approved_by: client.approvedBy,
      created_at: client.at,
      approved_at: client.status === 'active' ? client.at : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function clientIdTaken(db: Executor, id: string): Promise<boolean> {
  return !!(await db.selectFrom('oidc_client').select('id').where('id', '=', id).executeTakeFirst());
}

export async function setClientStatus(
  db: Executor,
  id: string,
  change: { status: ClientStatus; approvedBy?: string; at: Date },
): Promise<void> {
  await db
    .updateTable('oidc_client')
    .set({
      status: change.status,
      ...(change.status === 'active' ? { approved_by: change.approvedBy ?? null, approved_at: change.at } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function setClientSecret(db: Executor, id: string, sealedSecret: string, at: Date): Promise<void> {
  await db
    .updateTable('oidc_client')
    .set({ secret_ciphertext: sealedSecret, secret_created_at: at })
    .where('id', '=', id)
    .execute();
}

/** The client as oidc-provider reads it; a client without a secret cannot authenticate, so it is not offered. */
export function clientMetadataOf(client: OidcClientRow, box: SecretBox): Record<string, unknown> | undefined {
  if (!client.secret_ciphertext) return undefined;
  const grantTypes = ['authorization_code', 'refresh_token', ...(client.service_api ? ['client_credentials'] : [])];
  // The service APIs' scopes belong to their resource server (provider.ts), not to the client's OpenID scopes.
  const scopes = [...new Set(['openid', ...client.scopes])];
  return {
    client_id: client.id,
    client_secret: box.open(client.secret_ciphertext),
    client_name: client.name,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris,
    ...(client.backchannel_logout_uri
      ? { backchannel_logout_uri: client.backchannel_logout_uri, backchannel_logout_session_required: true }
      : {}),
    grant_types: grantTypes,
    response_types: ['code'],
    scope: scopes.join(' '),
    subject_type: 'pairwise',
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'ES256',
  };
}
