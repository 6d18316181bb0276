import { Worker } from '../../src/platform/jobs/worker.ts';
import { buildCommune, buildOperator, buildUser } from '../factories.ts';
import type { TestClient } from '../support/test-client.ts';
import type { TestContext } from '../support/test-context.ts';

/** Date fields are typed as day, month, year: a 'YYYY-MM-DD' becomes the three form fields. */
export function dateFields(name: string, date: string): Record<string, string> {
  const [annee, mois, jour] = date.split('-');
  return {
    [`${name}.jour`]: String(Number(jour)),
    [`${name}.mois`]: String(Number(mois)),
    [`${name}.annee`]: annee as string,
  };
}

export async function operatorClient(t: TestContext): Promise<TestClient> {
  const operator = await buildOperator(t.services);
  const client = t.client();
  await client.login(operator.email, operator.password);
  return client;
}

export async function adminClient(t: TestContext, commune: { id: string; slug: string }): Promise<TestClient> {
  const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
  const client = t.client();
  await client.login(admin.email, admin.password, `/c/${commune.slug}`);
  return client;
}

export type AgreementFormOptions = {
  communeSignedOn: string;
  metropoleSignedOn: string;
  toodego?: 'partenaire' | 'abonne' | 'connecte' | 'none';
  services?: string[];
  previousToodego?: string;
  previousLaclasse?: string;
};

/** An operator records a signed agreement through the form, as a person would. */
export async function recordAgreementByForm(client: TestClient, slug: string, options: AgreementFormOptions) {
  return client.submit(`/admin/conventions/${slug}/convention`, `/admin/conventions/${slug}/convention`, {
    ...dateFields('communeSignedOn', options.communeSignedOn),
    ...dateFields('metropoleSignedOn', options.metropoleSignedOn),
    toodego: options.toodego ?? 'none',
    services: options.services ?? [],
    previousToodego: options.previousToodego ?? '',
    previousLaclasse: options.previousLaclasse ?? '',
  });
}

/**
 * Moves the clock and lets the daily jobs of that day run, as the worker would. Several stories of one test file may
 * visit the same day: the day's finished slots are forgotten first, so that each story gets its run (in production
 * a slot runs once, which is what the dedupe key is for).
 */
export async function runDailyJobsOn(t: TestContext, instant: string): Promise<void> {
  t.clock.set(instant);
  const day = `${instant.slice(0, 10)}T00:00:00.000Z`;
  await t.services.db
    .deleteFrom('job')
    .where('dedupe_key', 'like', `recurring:%:${day}`)
    .where('done_at', 'is not', null)
    .execute();
  const worker = new Worker(t.services, { pollMs: 50 });
  await worker.enqueueDueRecurringJobs();
  await worker.drain();
}

export { buildCommune };
