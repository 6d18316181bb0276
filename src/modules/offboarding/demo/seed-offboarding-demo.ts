import { findAccountByEmail } from '../../../platform/auth/accounts.repo.ts';
import type { Services } from '../../../platform/services.ts';
import { curateTurnkey, findEServiceOfTenant, instantiateTurnkey } from '../../catalogue/index.ts';

const MODEL_SLUG = 'composteur-individuel';

/**
 * The offers in practice on the demo: the metropolis's composter request is in the turnkey catalogue and Vénissieux
 * (Abonné) has picked it, so its administrator sees an instance on `/admin/demarches-cle-en-main` and its exit page
 * a service that a move to Partenaire would hand over. Seeded here because the model comes from the requests' demo,
 * which runs after the catalogue's. Left alone once the instance exists.
 */
export async function seedOffboardingDemo(services: Services): Promise<void> {
  const [metropole, venissieux] = await Promise.all([
    services.tenants.bySlug('metropole'),
    services.tenants.bySlug('venissieux'),
  ]);
  if (!metropole || !venissieux) return;
  const model = await findEServiceOfTenant(services.db, metropole.id, MODEL_SLUG);
  if (!model || (await findEServiceOfTenant(services.db, venissieux.id, MODEL_SLUG))) return;
  const actorOf = async (email: string) => {
    const account = await findAccountByEmail(services.db, email);
    return { userId: account?.id ?? null, label: account?.display_name ?? email, ip: null };
  };
  await curateTurnkey(services, {
    metropoleId: metropole.id,
    actor: await actorOf('operateur@example.org'),
    eserviceId: model.id,
    turnkey: true,
  });
  await instantiateTurnkey(services, {
    commune: venissieux,
    actor: await actorOf('admin.venissieux@example.org'),
    modelId: model.id,
    office: {
      name: 'Mairie de Vénissieux — environnement',
      email: 'mairie@venissieux.example.org',
      phone: '04 72 21 44 44',
    },
  });
}
