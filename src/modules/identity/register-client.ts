import { randomBytes } from 'node:crypto';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { foldForSearch } from '../../platform/views/format.ts';
import { clientIdTaken, insertClient, setClientSecret } from './clients.repo.ts';
import { forgetClient, identityRuntime, sectorOf } from './identity-runtime.ts';
import type { OidcClientRow } from './identity.tables.ts';
import { CLIENT_SCOPES } from './oidc/claims.ts';

export type RegisterClientOptions = {
  tenant: { id: string; slug: string };
  actor: AuditActor;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string[];
  serviceApi: boolean;
  /** An operator's registration is active at once; a commune administrator's waits for an operator's approval. */
  approved: boolean;
  /** Fixed id and secret (demo data); otherwise both are generated. */
  id?: string;
  secret?: string;
};

export type RegisterClientResult =
  { ok: true; client: OidcClientRow; secret: string | null } | { ok: false; errors: FieldErrors };

/** URIs of a portal: https, or http on this machine only (a developer's local portal); no fragment. */
export function uriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `« ${uri} » n’est pas une adresse valide (elle doit commencer par https://).`;
  }
  if (url.hash) return `« ${uri} » ne doit pas contenir de fragment (#…).`;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    return `« ${uri} » doit commencer par https:// (http:// n’est admis que pour localhost).`;
  return null;
}

export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Registers a commune portal as an OpenID Connect client. Every redirect URI shares one host, the client's
 * pairwise sector. The secret, when there is one, is returned once and only kept encrypted.
 */
export async function registerClient(
  services: Services,
  options: RegisterClientOptions,
): Promise<RegisterClientResult> {
  const errors: FieldErrors = {};
  const name = options.name.trim();
  if (name.length < 3 || name.length > 100) errors.name = 'Le nom du service doit compter entre 3 et 100 caractères.';
  if (options.redirectUris.length === 0) errors.redirectUris = 'Indiquez au moins une adresse de retour.';
  const redirectProblem = options.redirectUris.map(uriProblem).find(Boolean);
  if (redirectProblem) errors.redirectUris = redirectProblem;
  else if (new Set(options.redirectUris.map((u) => new URL(u).host)).size > 1) {
    errors.redirectUris = 'Toutes les adresses de retour doivent être sur le même site (même nom d’hôte).';
  }
  const logoutProblem = options.postLogoutRedirectUris.map(uriProblem).find(Boolean);
  if (logoutProblem) errors.postLogoutRedirectUris = logoutProblem;
  const backchannelProblem = options.backchannelLogoutUri ? uriProblem(options.backchannelLogoutUri) : null;
  if (backchannelProblem) errors.backchannelLogoutUri = backchannelProblem;
  const unknownScope = options.scopes.find((s) => !(CLIENT_SCOPES as readonly string[]).includes(s));
  if (unknownScope) errors.scopes = `Portée inconnue : ${unknownScope}.`;
  if (Object.keys(errors).length) return { ok: false, errors };

  const id =
    options.id ??
    (await freeClientId(services, `${options.tenant.slug}-${foldForSearch(name).replace(/ /g, '-')}`.slice(0, 50)));
  const now = services.clock.now();
  const secret = options.approved ? (options.secret ?? newClientSecret()) : null;
  const { box } = await identityRuntime(services);
  const client = await withTenant(services.db, options.tenant.id, async (trx) => {
    const inserted = await insertClient(trx, {
      id,
      name,
      status: options.approved ? 'active' : 'pending',
      redirectUris: options.redirectUris,
      postLogoutRedirectUris: options.postLogoutRedirectUris,
      backchannelLogoutUri: options.backchannelLogoutUri,
      scopes: options.scopes,
      serviceApi: options.serviceApi,
      sector: sectorOf(options.redirectUris),
      requestedBy: options.actor.userId,
      approvedBy: options.approved ? options.actor.userId : null,
      at: now,
    });
    if (secret) await setClientSecret(trx, id, box.seal(secret), now);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenant.id,
      action: options.approved ? 'identity.client.register' : 'identity.client.request',
      target: { type: 'oidc_client', id },
      details: { name, redirectUris: options.redirectUris, scopes: options.scopes, serviceApi: options.serviceApi },
      at: now,
    });
    return inserted;
  });
  await forgetClient(services, id);
  return { ok: true, client, secret };
}

async function freeClientId(services: Services, base: string): Promise<string> {
  const stem =
    base
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'portail';
  let candidate = stem.length >= 3 ? stem : `${stem}-portail`;
  while (await clientIdTaken(services.db, candidate))
    candidate = `${stem.slice(0, 44)}-${randomBytes(3).toString('hex')}`;
  return candidate;
}
