import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit.repo.ts';
import { findAccountByEmail } from '../../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { insertStoredFile } from '../../../platform/files/stored-files.repo.ts';
import type { Services } from '../../../platform/services.ts';
import { updateTenantTheme } from '../../../platform/tenancy/tenancy.repo.ts';
import { findEServiceOfTenant, publishEService } from '../../catalogue/index.ts';
import { loadFormVersion } from '../../forms/index.ts';
import { changeRequestStatus } from '../processing/change-request-status.ts';
import { postAdministrationMessage } from '../post-administration-message.ts';
import { importCommuneBoundaries } from '../routing/commune-boundaries.ts';
import { upsertCommuneContact } from '../routing/geography.repo.ts';
import { submitValidRequest } from '../submit-request.ts';
import { demoLogoPng } from './demo-logo.ts';
import { DEMO_SERVICES } from './demo-services.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The approximate commune outlines shipped for the demo and the tests (see the file's description). */
export async function demoBoundaries(): Promise<unknown> {
  return JSON.parse(await readFile(path.join(here, 'communes-demo.geojson'), 'utf8'));
}

type DemoContact = {
  inseeCode: string;
  name: string;
  officeName: string;
  email: string;
  phone: string;
  postalAddress: string;
};

export async function seedDemoGeography(services: Services): Promise<void> {
  const at = services.clock.now();
  await importCommuneBoundaries(services.db, await demoBoundaries(), {
    source: 'démonstration (contours approximatifs)',
    at,
  });
  const { contacts } = JSON.parse(await readFile(path.join(here, 'commune-contacts-demo.json'), 'utf8')) as {
    contacts: DemoContact[];
  };
  for (const contact of contacts)
    await upsertCommuneContact(services.db, { ...contact, source: 'démonstration (adresses fictives)', at });
}

async function ensureDemoLogo(services: Services, slug: string, rgb: [number, number, number]): Promise<void> {
  const tenant = await services.tenants.bySlug(slug);
  if (!tenant || tenant.theme.logoFileId) return;
  const bytes = demoLogoPng(rgb);
  const stored = await services.files.put(bytes);
  await withTenant(services.db, tenant.id, async (trx) => {
    const file = await insertStoredFile(trx, {
      tenantId: tenant.id,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      mediaType: 'image/png',
      originalName: 'logo-demo.png',
      createdBy: null,
      at: services.clock.now(),
    });
    await updateTenantTheme(trx, tenant.id, { ...tenant.theme, logoFileId: file.id });
  });
  services.tenants.invalidate();
}

/**
 * The requests' demo: commune outlines and contacts for routing, demo logos, the three e-services, and
 * one request of the demo citizen already in progress with a message, so the dashboard shows a life. Idempotent.
 */
export async function seedRequestsDemo(services: Services): Promise<void> {
  await seedDemoGeography(services);
  await ensureDemoLogo(services, 'metropole', [11, 79, 156]);
  await ensureDemoLogo(services, 'givors', [138, 21, 56]);
  for (const { providerSlug, ...service } of DEMO_SERVICES) {
    const provider = await services.tenants.bySlug(providerSlug);
    if (!provider) throw new Error(`fournisseur de démonstration absent : ${providerSlug}`);
    await publishEService(services, { ...service, provider, actor: SYSTEM_ACTOR });
  }

  const citizen = await findAccountByEmail(services.db, 'citoyen@example.org');
  const metropole = await services.tenants.metropole();
  const compost = await findEServiceOfTenant(services.db, metropole.id, 'composteur-individuel');
  if (!citizen || !compost?.published_form_version_id) return;
  const result = await submitValidRequest(services, {
    eservice: compost,
    provider: metropole,
    form: await loadFormVersion(services.db, compost.published_form_version_id),
    answers: {
      nom: citizen.display_name,
      courriel: citizen.email,
      adresse: { street: '12 rue de la République', postcode: '69002', city: 'Lyon', inseeCode: '69123' },
      logement: 'maison',
      surface_jardin: 150,
      personnes: 3,
      creneaux: ['samedi'],
      engagement: true,
    },
    citizen: { userId: citizen.id, email: citizen.email, displayName: citizen.display_name, via: 'session' },
    contact: { email: citizen.email, sms: null },
    idempotency: { key: 'demo-composteur', fingerprint: 'demo-composteur' },
  });
  if (result.replayed || result.request.status !== 'recue') return;
  const agent = { userId: null, label: 'Direction de la gestion des déchets (démonstration)', ip: null };
  await changeRequestStatus(services, {
    holder: result.holder,
    requestId: result.request.id,
    to: 'en-cours',
    actor: agent,
    note: 'Votre composteur est en préparation.',
  });
  await postAdministrationMessage(services, {
    holder: result.holder,
    requestId: result.request.id,
    actor: agent,
    authorLabel: 'Direction de la gestion des déchets',
    body: 'Bonjour, votre composteur sera livré un samedi matin. Pouvez-vous nous confirmer que le portail de votre jardin est accessible ?',
  });
}
