import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { buildEService, REPORT_FORM } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { EServiceSettingsInput } from './eservice-settings.ts';
import { setSubscription } from '../../platform/tenancy/tenancy.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { DEFAULT_WORKFLOW, ensurePlatformWorkflow, SIMPLE_WORKFLOW } from '../workflows/index.ts';
import { applyWorkflow } from './apply-workflow.ts';
import { publishEService, TURNKEY_LOCKED_MESSAGE } from './publish-eservice.ts';

const METROPOLE_OFFICE: EServiceSettingsInput = {
  office: { name: 'Direction de la population', email: 'population@grandlyon.example', phone: '04 78 63 40 40' },
  legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2, days: 0 } },
};
const FORM = {
  title: 'La demande',
  fields: REPORT_FORM.fields.filter((f) => f.type !== 'mapPoint' && f.type !== 'pageBreak'),
};

let t: TestContext;
let metropole: ResolvedTenant;
beforeAll(async () => {
  t = await createTestContext();
  metropole = (await t.services.tenants.bySlug('metropole'))!;
});
afterAll(async () => t.close());

async function offeredModel() {
  const model = await buildEService(t.services, metropole, {
    form: FORM,
    settings: METROPOLE_OFFICE,
    title: 'Attestation modèle',
  });
  const operator = await buildOperator(t.services);
  const asOperator = await t.signedIn(operator.email, operator.password);
  const offered = await asOperator.submit(
    '/admin/catalogue-cle-en-main',
    `/admin/catalogue-cle-en-main/${model.eservice.id}`,
    {
      turnkey: 'oui',
    },
  );
  expect(offered.statusCode).toBe(303);
  return { model, asOperator };
}

async function pick(commune: ResolvedTenant, modelId: string) {
  const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
  const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
  const response = await client.submit(
    `/c/${commune.slug}/admin/demarches-cle-en-main`,
    `/c/${commune.slug}/admin/demarches-cle-en-main`,
    {
      model: modelId,
      officeName: `Mairie de ${commune.name} — état civil`,
      officeEmail: 'etat-civil@mairie.example',
      officePhone: '04 72 00 00 00',
    },
  );
  return { client, response };
}

const instanceOf = (tenantId: string, modelId: string) =>
  t.services.db
    .selectFrom('eservice')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('model_eservice_id', '=', modelId)
    .executeTakeFirstOrThrow();

describe('the Abonné turnkey catalogue (T10, T11)', () => {
  it('operators offer a metropolis service; an Abonné commune picks it and serves it on its instance, to its agents', async () => {
    const { model, asOperator } = await offeredModel();
    expect((await asOperator.get('/admin/catalogue-cle-en-main?fait=propose')).body).toContain(
      'La démarche est proposée aux communes abonnées.',
    );
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const { client, response } = await pick(commune, model.eservice.id);
    expect(response.statusCode).toBe(303);
    const instance = await instanceOf(commune.id, model.eservice.id);
    expect(instance).toMatchObject({
      slug: model.slug,
      title: 'Attestation modèle',
      status: 'published',
      mutualised: false,
    });
    // Routed to the commune (its tenant holds the requests), its own office on the acknowledgement.
    expect(instance.settings).toMatchObject({
      routing: { mode: 'owner' },
      office: { email: 'etat-civil@mairie.example' },
    });
    const form = await t.services.db
      .selectFrom('form_version')
      .selectAll()
      .where('id', '=', instance.published_form_version_id!)
      .executeTakeFirstOrThrow();
    expect(form.tenant_id).toBe(commune.id);
    expect(form.definition).toEqual(
      (
        await t.services.db
          .selectFrom('form_version')
          .select('definition')
          .where('id', '=', model.formVersionId)
          .executeTakeFirstOrThrow()
      ).definition,
    );
    const page = await t.client().get(`/c/${commune.slug}/demarches/${model.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Attestation modèle');
    expect(page.body).toContain(`/c/${commune.slug}/theme.css`);
    const listed = await client.get(`/c/${commune.slug}/admin/demarches-cle-en-main?fait=ajoute`);
    expect(listed.body).toContain(`href="/c/${commune.slug}/demarches/${model.slug}"`);
    // Picked once: the model is no longer offered to this commune, and a second pick is refused.
    const again = await pick(commune, model.eservice.id);
    expect(again.response.statusCode).toBe(422);
    expect(again.response.body).toContain('La commune propose déjà cette démarche.');
  });

  it('is the Abonné offer only: Partenaire and Connecté administrators are told it is not in their offer', async () => {
    const { model } = await offeredModel();
    for (const offer of ['partenaire', 'connecte'] as const) {
      const commune = await buildCommune(t.services, { toodego: offer });
      const { response } = await pick(commune, model.eservice.id);
      expect(response.statusCode, offer).toBe(403);
      expect(response.body).toContain("n'est pas comprise dans l'offre souscrite");
    }
  });

  it('refuses every edit of an instance: publication, a circuit, the back-office circuit route', async () => {
    const { model } = await offeredModel();
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    expect((await pick(commune, model.eservice.id)).response.statusCode).toBe(303);
    const instance = await instanceOf(commune.id, model.eservice.id);
    await expect(
      publishEService(t.services, {
        provider: commune,
        actor: SYSTEM_ACTOR,
        slug: model.slug,
        title: 'Modifiée par la commune',
        summary: 's',
        description: 'd',
        themes: [],
        keywords: [],
        access: 'anonymous',
        settings: METROPOLE_OFFICE,
        form: FORM,
      }),
    ).rejects.toThrow(TURNKEY_LOCKED_MESSAGE);
    const simple = await ensurePlatformWorkflow(t.services.db, 'simple-test', 1, SIMPLE_WORKFLOW, t.clock.now());
    expect(
      await applyWorkflow(t.services, {
        tenant: commune,
        actor: SYSTEM_ACTOR,
        eserviceId: instance.id,
        workflowVersionId: simple,
      }),
    ).toEqual({
      ok: false,
      reason: 'turnkey',
    });
    // Even once the commune is Partenaire (it may build), the instance stays locked until the transfer is executed.
    await setSubscription(t.services.db, {
      tenantId: commune.id,
      service: 'toodego',
      offer: 'partenaire',
      since: null,
      at: t.clock.now(),
    });
    t.services.tenants.invalidate();
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const client = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const refused = await client.submit(
      `/c/${commune.slug}/gru/circuits`,
      `/c/${commune.slug}/gru/circuits/${simple}/appliquer`,
      {
        demarche: instance.id,
      },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('suit le modèle de la Métropole');
    expect((await instanceOf(commune.id, model.eservice.id)).title).toBe('Attestation modèle');
  });

  it("follows what the metropolis publishes on the model: texts, form and circuit, in every commune's instance", async () => {
    const { model } = await offeredModel();
    const first = await buildCommune(t.services, { toodego: 'abonne' });
    const second = await buildCommune(t.services, { toodego: 'abonne' });
    for (const commune of [first, second])
      expect((await pick(commune, model.eservice.id)).response.statusCode).toBe(303);
    const before = await instanceOf(first.id, model.eservice.id);

    const changedForm = {
      ...FORM,
      fields: [...FORM.fields, { type: 'text' as const, key: 'reference', label: 'Référence du dossier' }],
    };
    await publishEService(t.services, {
      provider: metropole,
      actor: SYSTEM_ACTOR,
      slug: model.slug,
      title: 'Attestation modèle (nouvelle version)',
      summary: 'Un service de test.',
      description: 'Un service créé par un test.',
      themes: ['Tests'],
      keywords: [],
      access: 'anonymous',
      settings: METROPOLE_OFFICE,
      form: changedForm,
    });
    for (const commune of [first, second]) {
      const instance = await instanceOf(commune.id, model.eservice.id);
      expect(instance.title).toBe('Attestation modèle (nouvelle version)');
      const version = await t.services.db
        .selectFrom('form_version')
        .selectAll()
        .where('id', '=', instance.published_form_version_id!)
        .executeTakeFirstOrThrow();
      expect(version.version).toBe(2);
      expect(JSON.stringify(version.definition)).toContain('Référence du dossier');
      // The commune's own office is kept.
      expect(instance.settings).toMatchObject({ office: { email: 'etat-civil@mairie.example' } });
    }
    // The version requests already made pinned is still there, unchanged.
    const old = await t.services.db
      .selectFrom('form_version')
      .selectAll()
      .where('id', '=', before.published_form_version_id!)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(old.definition)).not.toContain('Référence du dossier');

    const simple = await ensurePlatformWorkflow(t.services.db, 'simple-suivi', 1, SIMPLE_WORKFLOW, t.clock.now());
    expect(
      (
        await applyWorkflow(t.services, {
          tenant: metropole,
          actor: SYSTEM_ACTOR,
          eserviceId: model.eservice.id,
          workflowVersionId: simple,
        })
      ).ok,
    ).toBe(true);
    expect((await instanceOf(second.id, model.eservice.id)).workflow_version_id).toBe(simple);
    expect(DEFAULT_WORKFLOW).toBeDefined();
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', second.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'eservice.turnkey.instantiate',
      'eservice.turnkey.follow',
      'eservice.turnkey.follow',
    ]);
  });
});
