import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import { acceptConsent, loadSpace } from './petale-consent.ts';
import { addPetaleDocument } from './petale-documents.ts';
import { petaleSetting } from './petale-setting.ts';

/** A tiny one-page PDF, as a scanned proof of address would be. */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The demo citizen's pétale space in Lyon: consent given, one proof of address. Idempotent. */
export async function seedPetaleDemo(services: Services): Promise<void> {
  const setting = await petaleSetting(services);
  const citizen = await findAccountByEmail(services.db, 'citoyen@example.org');
  if (!setting || !citizen) return;
  if ((await loadSpace(services, setting, citizen.id)).consented) return;
  await acceptConsent(services, { setting, userId: citizen.id, actor: SYSTEM_ACTOR });
  await addPetaleDocument(services, {
    setting,
    userId: citizen.id,
    label: 'Justificatif de domicile',
    upload: { filename: 'justificatif-domicile.pdf', bytes: DEMO_PDF, truncated: false },
    actor: SYSTEM_ACTOR,
  });
}
