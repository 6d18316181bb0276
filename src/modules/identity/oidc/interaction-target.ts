import type { Services } from '../../../platform/services.ts';
import { findClient } from '../clients.repo.ts';
import { findPayload } from './oidc-store.repo.ts';

const INTERACTION_PATH = /^(?:\/c\/[a-z0-9-]+)?\/autorisation\/([A-Za-z0-9_-]{10,64})$/;

/**
 * When a login page is on its way back to an authorization request (`/autorisation/<uid>`, with or without its
 * instance prefix): the relying
 * party's name, shown on the page, and the origin of its redirect URI, where the login form's redirects will end.
 */
export async function interactionTarget(
  services: Services,
  returnPath: string | undefined,
): Promise<{ clientName: string; origins: string[] } | undefined> {
  const uid = returnPath ? INTERACTION_PATH.exec(returnPath)?.[1] : undefined;
  if (!uid) return undefined;
  const interaction = await findPayload(services.db, 'Interaction', { column: 'id', value: uid }, services.clock.now());
  const params = (interaction?.params ?? {}) as Record<string, unknown>;
  const client = typeof params.client_id === 'string' ? await findClient(services.db, params.client_id) : undefined;
  if (!client) return undefined;
  const origins =
    typeof params.redirect_uri === 'string' && client.redirect_uris.includes(params.redirect_uri)
      ? [new URL(params.redirect_uri).origin]
      : [];
  return { clientName: client.name, origins };
}
