import type { ColumnType, Generated, Selectable } from 'kysely';

/** The identity service's tables (migration 0100_identity), joined into `DB` in platform/db/schema.ts. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type AttributeSource = 'self' | 'franceconnect';
export type FederationPartner = 'franceconnect' | 'proconnect';
export type TokenPurpose = 'signup' | 'password_reset' | 'email_change' | 'second_factor';
export type ClientStatus = 'pending' | 'active' | 'disabled';

export interface IdentityAccountTable {
  user_id: string;
  email_verified_at: Timestamp | null;
  /** The TOTP secret, encrypted (secret-box.ts); present but not enabled while the citizen is setting it up. */
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  /** The last 30-second step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
  last_keepalive_at: Timestamp | null;
  inactivity_warned_at: Timestamp | null;
  created_via: ColumnType<
    'local' | 'franceconnect' | 'proconnect',
    'local' | 'franceconnect' | 'proconnect' | undefined
  >;
}

export interface IdentityAttributeTable {
  user_id: string;
  name: string;
  value: string;
  source: AttributeSource;
  verified_at: Timestamp | null;
  acr: string | null;
  updated_at: Timestamp;
}

export interface IdentityTokenTable {
  /** sha256 of the token sent by e-mail or kept in a cookie: the database never holds a usable token. */
  id: string;
  purpose: TokenPurpose;
  user_id: string | null;
  email: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface IdentitySessionTable {
  session_id: string;
  user_id: string;
  acr: string;
  amr: TextArray;
  authenticated_at: Timestamp;
  reauthenticated_at: Timestamp | null;
  partner: FederationPartner | null;
  partner_id_token: string | null;
}

export interface FederationLinkTable {
  partner: FederationPartner;
  /** ProConnect's identity provider (`idp_id`); '' for FranceConnect. */
  idp_id: ColumnType<string, string | undefined, string>;
  subject: string;
  user_id: string;
  linked_at: Timestamp;
  last_login_at: Timestamp | null;
}

export interface FederationRequestTable {
  state: string;
  partner: FederationPartner;
  nonce: string;
  browser_binding: string;
  intent: 'login' | 'link' | 'reauthenticate';
  user_id: string | null;
  return_path: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface OidcClientTable {
  id: string;
  tenant_id: string;
  name: string;
  status: ClientStatus;
  redirect_uris: TextArray;
  post_logout_redirect_uris: TextArray;
  backchannel_logout_uri: string | null;
  scopes: TextArray;
  /** May call the identity service's APIs (deleted accounts, keep-alive) with the client-credentials grant. */
  service_api: ColumnType<boolean, boolean | undefined, boolean>;
  /** Pairwise `sub` sector: the host of the redirect URIs. */
  sector: string;
  secret_ciphertext: string | null;
  secret_created_at: Timestamp | null;
  requested_by: string | null;
  approved_by: string | null;
  created_at: Timestamp;
  approved_at: Timestamp | null;
}

export interface OidcConsentTable {
  id: Generated<string>;
  /** Insertion order, to break ties between decisions of the same instant. */
  recorded_seq: Generated<string>;
  user_id: string;
  /** An OpenID client's id, or 'service:<name>' for one of the platform's own e-services. */
  client_id: string;
  /** The consumer's name as the citizen saw it. */
  consumer_name: string;
  /** The pairwise `sub` this client knows the citizen by (the deleted-accounts feed needs it after deletion). */
  subject: string;
  scopes: TextArray;
  /** Attributes approved (oidc/claims.ts names), and those the citizen declined. */
  attributes: TextArray;
  refused_attributes: TextArray;
  /** The exact sentence the citizen approved. */
  wording: string;
  granted_at: Timestamp;
  revoked_at: Timestamp | null;
  /** The words of the button the citizen used to withdraw it (migration 0611). */
  revocation_wording: ColumnType<string | null, string | null | undefined, string | null>;
  grant_id: string | null;
}

export interface OidcPayloadTable {
  model: string;
  id: string;
  payload: Json<Record<string, unknown>>;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  account_id: string | null;
  client_id: string | null;
  expires_at: Timestamp | null;
  consumed_at: Timestamp | null;
}

export interface OidcSigningKeyTable {
  kid: string;
  alg: string;
  private_jwk_ciphertext: string;
  public_jwk: Json<Record<string, unknown>>;
  created_at: Timestamp;
  activated_at: Timestamp | null;
  retired_at: Timestamp | null;
}

export interface IdentityTombstoneTable {
  client_id: string;
  subject: string;
  deleted_at: Timestamp;
  expires_at: Timestamp;
}

export interface IdentityTables {
  identity_account: IdentityAccountTable;
  identity_attribute: IdentityAttributeTable;
  identity_token: IdentityTokenTable;
  identity_session: IdentitySessionTable;
  federation_link: FederationLinkTable;
  federation_request: FederationRequestTable;
  oidc_client: OidcClientTable;
  oidc_consent: OidcConsentTable;
  oidc_payload: OidcPayloadTable;
  oidc_signing_key: OidcSigningKeyTable;
  identity_tombstone: IdentityTombstoneTable;
}

export type IdentityAttributeRow = Selectable<IdentityAttributeTable>;
export type OidcClientRow = Selectable<OidcClientTable>;
export type OidcConsentRow = Selectable<OidcConsentTable>;
