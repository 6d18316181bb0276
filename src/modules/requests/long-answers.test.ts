import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService } from '../../../test/requests-factories.ts';
import { buildCommune } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

// A text field never cuts what is typed or pasted: its limit is said beside it (without JavaScript), the browser is
// not asked to enforce it, and an over-long answer is refused with a French message naming the field.
let t: TestContext;
let commune: Awaited<ReturnType<typeof buildCommune>>;
let service: Awaited<ReturnType<typeof buildEService>>;

beforeAll(async () => {
  t = await createTestContext();
  commune = await buildCommune(t.services, { toodego: 'partenaire' });
  service = await buildEService(t.services, commune, {
    form: {
      title: 'Votre demande',
      fields: [
        { type: 'text', key: 'objet', label: 'Objet', maxLength: 30 },
        { type: 'textarea', key: 'motif', label: 'Motif', hint: 'En quelques mots.', maxLength: 40 },
      ],
    },
    settings: {
      office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 01' },
      legal: { kind: 'signalement' },
    },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('length limits (issue 13 §11)', () => {
  it('shows each limit as a hint, sets no maxlength, and refuses an over-long answer naming the field', async () => {
    const client = t.client();
    const base = `/c/${commune.slug}`;
    await client.get(`${base}/demarches/${service.slug}`);
    const started = await client.post(`${base}/demarches/${service.slug}/commencer`, {});
    const step = String(started.headers.location);
    const page = await client.get(step);
    expect(page.body).not.toMatch(/maxlength=/i);
    expect(page.body).toContain('30 caractères au plus.');
    expect(page.body).toContain('En quelques mots. 40 caractères au plus.');

    const long = 'a'.repeat(45);
    const refused = await client.submit(step, step, { objet: 'Bruit', motif: long, _action: 'continuer' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Motif : Saisissez 40 caractères au plus (vous en avez saisi 45).');
    // What was typed is shown back whole, to be shortened, not lost.
    expect(refused.body).toContain(long);
  });
});
