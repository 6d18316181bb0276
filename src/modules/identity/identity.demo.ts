import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import { findClient } from './clients.repo.ts';
import { listAttributes, updateIdentityAccount, writeAttribute } from './identity.repo.ts';
import { registerClient } from './register-client.ts';

export const DEMO_CLIENT = {
  id: 'demo-portal',
  name: 'Portail de démonstration',
  redirectUri: 'http://localhost:4000/callback',
  postLogoutRedirectUri: 'http://localhost:4000/',
  scopes: ['profile', 'email'],
} as const;

/**
 * Demo data of the identity service: the `demo-portal` client of Givors, so anyone can try a real relying
 * party on http://localhost:4000 with the secret DEMO_CLIENT_SECRET; and an identity record for the demo citizen.
 * Idempotent.
 */
export async function seedIdentityDemo(services: Services): Promise<void> {
  const { config } = services;
  const givors = await services.tenants.bySlug('givors');
  if (givors && !(await findClient(services.db, DEMO_CLIENT.id))) {
    const result = await registerClient(services, {
      tenant: givors,
      actor: SYSTEM_ACTOR,
      id: DEMO_CLIENT.id,
      secret: config.identity.demoClientSecret,
      name: DEMO_CLIENT.name,
      redirectUris: [DEMO_CLIENT.redirectUri],
      postLogoutRedirectUris: [DEMO_CLIENT.postLogoutRedirectUri],
      backchannelLogoutUri: null,
      scopes: [...DEMO_CLIENT.scopes],
      serviceApi: true,
      approved: true,
    });
    if (!result.ok) throw new Error(`demo-portal: ${JSON.stringify(result.errors)}`);
  }
  const citizen = await findAccountByEmail(services.db, 'citoyen@example.org');
  if (citizen && (await listAttributes(services.db, citizen.id)).length === 0) {
    const at = services.clock.now();
    await updateIdentityAccount(services.db, citizen.id, { email_verified_at: at });
    await writeAttribute(
      services.db,
      citizen.id,
      { name: 'email', value: citizen.email, source: 'self', verifiedAt: at, acr: null },
      at,
    );
    for (const [name, value] of [
      ['given_name', 'Camille'],
      ['family_name', 'MARTIN'],
      ['birthdate', '1990-07-14'],
      [
        'address',
        JSON.stringify({ street_address: '20 rue du Lac', postal_code: '69003', locality: 'Lyon', country: 'France' }),
      ],
    ] as const) {
      await writeAttribute(services.db, citizen.id, { name, value, source: 'self', verifiedAt: null, acr: null }, at);
    }
  }
}
