import { randomUUID } from 'node:crypto';
import type { Services } from '../../../platform/services.ts';
import { addressCounts } from '../geocoder.repo.ts';
import { storeBalAddresses } from '../import-bal.ts';
import { DEMO_BAL_COMMUNES, generateBal } from './generated-bal.ts';
import { seedDemoLayers } from './demo-layers.ts';

/**
 * The demo's address register (a generated BAL for each demo commune: 30 streets of 24 numbers, 4 320 addresses, so
 * the geocoder answers out of the box and `npm start` stays quick) and its layers. Communes already in the register
 * are left alone.
 */
export async function seedGisDemo(services: Services): Promise<void> {
  const present = new Set(
    (
      await addressCounts(
        services.db,
        DEMO_BAL_COMMUNES.map((c) => c.insee),
      )
    ).map((c) => c.commune_insee),
  );
  const missing = DEMO_BAL_COMMUNES.filter((c) => !present.has(c.insee));
  if (missing.length) {
    const addresses = missing.flatMap((c) => generateBal(c, { streets: 30, numbers: 24 }));
    await services.db.transaction().execute((trx) => storeBalAddresses(trx, addresses, randomUUID()));
  }
  await seedDemoLayers(services);
}
