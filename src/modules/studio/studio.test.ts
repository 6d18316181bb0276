import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServiceOfTenant } from '../catalogue/index.ts';
import { loadFormVersion } from '../forms/index.ts';
import { submitValidRequest } from '../requests/index.ts';
import { updateSubscriptions } from '../tenants/index.ts';
import { BUNDLE_FORMAT, starterDraft } from './service-draft.ts';
import { buildEService, REPORT_FORM } from '../../../test/requests-factories.ts';
import { setSubscription } from '../../platform/tenancy/tenancy.repo.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const office = { bureau: 'Accueil de la mairie', courriel: 'accueil@mairie.example.org', telephone: '04 72 00 00 00' };

async function partenaireWithTestInstance(): Promise<{ commune: ResolvedTenant; test: ResolvedTenant }> {
  const built = await buildCommune(t.services, { toodego: 'partenaire' });
  await updateSubscriptions(t.services, {
    tenant: built,
    actor: SYSTEM_ACTOR,
    subscriptions: { toodego: 'partenaire', laclasse: 'none', opendata: 'none', geonet: 'none' },
    contactEmail: null,
    hostNames: [],
  });
  const test = await t.services.tenants.bySlug(`${built.slug}-test`);
  const commune = await t.services.tenants.bySlug(built.slug);
  if (!test || !commune) throw new Error('no test instance');
  return { commune, test };
}

async function adminOf(commune: ResolvedTenant): Promise<TestClient> {
  const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
  return t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
}

/** Creates a service through the studio's form; returns its editor's path. */
async function createService(
  client: TestClient,
  base: string,
  slug: string,
  title = 'Demander un badge',
): Promise<string> {
  const response = await client.submit(`${base}/admin/studio`, `${base}/admin/studio`, {
    titre: title,
    adresse: slug,
    ...office,
  });
  expect(response.statusCode).toBe(303);
  const location = String(response.headers.location).split('?')[0] ?? '';
  expect(location).toMatch(new RegExp(`^${base}/admin/studio/[0-9a-f-]{36}$`));
  return location;
}

async function revisionCount(tenantId: string): Promise<number> {
  const row = await sql<{ n: string }>`SELECT count(*) AS n FROM studio_revision WHERE tenant_id = ${tenantId}`.execute(
    t.services.db,
  );
  return Number(row.rows[0]?.n);
}

describe('studio: form builder (issue 14 §1)', () => {
  it('builds a form field by field: every type can be added and configured, reordered by buttons, previewed with the citizens’ views', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    const editor = await createService(client, base, 'badge');
    for (const type of [
      'number',
      'choice',
      'pageBreak',
      'file',
      'date',
      'email',
      'phone',
      'textarea',
      'checkbox',
      'choices',
      'address',
      'mapPoint',
      'section',
      'explanation',
      'text',
    ]) {
      const added = await client.submit(editor, `${editor}/champs`, { operation: 'ajouter', type });
      expect(added.statusCode, type).toBe(303);
    }
    // The number field (champ_1): its own form, with a validation rule and a condition refused while it has nothing before it.
    const saved = await client.submit(`${editor}/champs/champ_1`, `${editor}/champs/champ_1`, {
      cle: 'age',
      libelle: 'Âge du demandeur',
      obligatoire: 'oui',
      min: '16',
      max: '120',
      entier: 'oui',
      unite: 'ans',
    });
    expect(saved.statusCode).toBe(303);
    const refused = await client.submit(`${editor}/champs/age`, `${editor}/champs/age`, {
      cle: 'age',
      libelle: 'Âge du demandeur',
      obligatoire: 'oui',
      min: '130',
      max: '120',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Le maximum est inférieur au minimum');
    // A choice's options, and a condition on it for the field after.
    expect(
      (
        await client.submit(`${editor}/champs/champ_2`, `${editor}/champs/champ_2`, {
          cle: 'motif',
          libelle: 'Motif',
          obligatoire: 'oui',
          choix: 'perte | Perte\nvol | Vol\npremiere | Première demande',
          affichage: 'radio',
        })
      ).statusCode,
    ).toBe(303);
    // Moving the number field down below the choice, by the "Descendre" button (no drag).
    let page = (await client.get(editor)).body;
    expect(page.indexOf('Âge du demandeur')).toBeLessThan(page.indexOf('<strong>Motif</strong>'));
    expect((await client.submit(editor, `${editor}/champs`, { operation: 'descendre', cle: 'age' })).statusCode).toBe(
      303,
    );
    page = (await client.get(editor)).body;
    expect(page.indexOf('<strong>Motif</strong>')).toBeLessThan(page.indexOf('Âge du demandeur'));
    expect(
      (
        await client.submit(`${editor}/champs/age`, `${editor}/champs/age`, {
          cle: 'age',
          libelle: 'Âge du demandeur',
          obligatoire: 'oui',
          condition_mode: 'egal',
          condition_champ: 'motif',
          condition_valeur: 'vol',
        })
      ).statusCode,
    ).toBe(303);
    page = (await client.get(editor)).body;
    expect(page).toContain('Affiché si « Motif » vaut « vol »');
    // The preview draws the fields as the citizens' pages do (a fieldset per choice, the condition's note).
    const preview = (await client.get(`${editor}/apercu`)).body;
    expect(preview).toContain('Première demande');
    expect(preview).toContain('À remplir uniquement si vous avez répondu « Vol » à « Motif »');
    expect((await client.get(`${editor}/apercu?page=2`)).body).toContain('Pièce jointe');
    // The service's settings: theme, legal delay and silence rule, access.
    const settings = await client.submit(editor, `${editor}/service`, {
      titre: 'Demander un badge de déchetterie',
      resume: 'Un badge pour accéder à la déchetterie.',
      description: 'Pour les habitants.',
      themes: 'Environnement, Déchets',
      mots_cles: 'badge',
      acces: 'certified',
      bureau: 'Services techniques',
      courriel: 'st@mairie.example.org',
      telephone: '04 72 00 00 01',
      regime: 'demande',
      silence: 'rejection',
      mois: '1',
      jours: '15',
    });
    expect(settings.statusCode).toBe(303);
    page = (await client.get(editor)).body;
    expect(page).toContain('Demander un badge de déchetterie');
    expect(page).toMatch(/value="certified"[^>]*checked/);
  });

  it('is gated by the offer: an Abonné commune’s administrator, an agent and another commune get no studio; operators build on the metropolis', async () => {
    const abonne = await buildCommune(t.services, { toodego: 'abonne' });
    const abonneAdmin = await adminOf(abonne);
    expect((await abonneAdmin.get(`/c/${abonne.slug}/admin/studio`)).statusCode).toBe(403);
    const partenaire = await buildCommune(t.services, { toodego: 'partenaire' });
    const agent = await buildUser(t.services, { grants: [{ tenant: partenaire, role: 'agent' }] });
    const agentClient = await t.signedIn(agent.email, agent.password);
    expect((await agentClient.get(`/c/${partenaire.slug}/admin/studio`)).statusCode).toBe(404);
    expect((await abonneAdmin.get(`/c/${partenaire.slug}/admin/studio`)).statusCode).toBe(404);
    const operator = await buildOperator(t.services);
    const operatorClient = await t.signedIn(operator.email, operator.password);
    const home = await operatorClient.get('/admin/studio');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Un service mutualisé, pour toutes les communes');
    expect((await abonneAdmin.get(`/c/${partenaire.slug}/admin/studio`)).body).not.toContain('mutualisé');
  });
});

describe('studio: workflow builder (issue 14 §2)', () => {
  it('edits statuses, transitions, roles, actions, timed jumps and webhooks, with the validator’s findings beside the faulty element and a diagram', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const editor = await createService(client, `/c/${commune.slug}`, 'permis');
    const circuit = `${editor}/circuit`;
    let page = (await client.get(circuit)).body;
    expect(page).toContain('Le validateur ne signale rien');
    expect(page).toContain('<svg class="workflow-diagram" role="img"');
    expect(page).toContain('Depuis « Reçue » : « Commencer l’instruction » mène à « En cours d’instruction »');
    // A new status nothing leads to: the finding is shown in that status's section.
    expect(
      (await client.submit(circuit, circuit, { operation: 'ajouter-statut', cle: 'a-completer', nom: 'À compléter' }))
        .statusCode,
    ).toBe(303);
    page = (await client.get(circuit)).body;
    const section = page.slice(page.indexOf('id="statut-4"'), page.indexOf('id="nouveau-statut"'));
    expect(section).toContain('Le statut « À compléter » est inatteignable');
    // Fixed by a transition into it and one out of it, pressed by administrators only.
    await client.submit(circuit, circuit, {
      operation: 'ajouter-transition',
      de: 'en-cours',
      vers: 'a-completer',
      libelle: 'Demander un complément',
    });
    await client.submit(circuit, circuit, {
      operation: 'ajouter-transition',
      de: 'a-completer',
      vers: 'en-cours',
      libelle: 'Reprendre',
    });
    expect(
      (
        await client.submit(circuit, circuit, {
          operation: 'transition',
          index: '4',
          de: 'a-completer',
          vers: 'en-cours',
          libelle: 'Reprendre l’instruction',
          roles: 'admin',
        })
      ).statusCode,
    ).toBe(303);
    // A message template with an unknown variable: found, next to the transition.
    await client.submit(circuit, circuit, {
      operation: 'ajouter-action',
      porteur: 'transition:3',
      type: 'notifyCitizen',
    });
    await client.submit(circuit, circuit, {
      operation: 'action',
      porteur: 'transition:3',
      index: '0',
      sujet: 'Complément pour {numero}',
      corps: 'Merci de compléter votre dossier, {prenom}.',
    });
    page = (await client.get(circuit)).body;
    const transition = page.slice(page.indexOf('id="transition-3"'), page.indexOf('id="transition-4"'));
    expect(transition).toContain('Le modèle emploie {prenom}, inconnu');
    await client.submit(circuit, circuit, {
      operation: 'action',
      porteur: 'transition:3',
      index: '0',
      sujet: 'Complément pour {numero}',
      corps: 'Merci de compléter votre dossier {numero} : {lien}',
    });
    // A timed jump and a webhook.
    await client.submit(circuit, circuit, {
      operation: 'ajouter-delai',
      index: '4',
      jours: '15',
      heures: '',
      minutes: '',
      vers: 'refusee',
      libelle: 'Sans réponse',
    });
    await client.submit(circuit, circuit, { operation: 'ajouter-action', porteur: 'statut:2', type: 'webhook' });
    const webhook = await client.submit(circuit, circuit, {
      operation: 'action',
      porteur: 'statut:2',
      index: '0',
      url: 'pas une adresse',
    });
    expect(webhook.statusCode).toBe(422);
    expect(webhook.body).toContain('Adresse web attendue');
    await client.submit(circuit, circuit, {
      operation: 'action',
      porteur: 'statut:2',
      index: '0',
      url: 'https://partenaire.example.org/badges',
      evenement: 'badge-accepte',
    });
    page = (await client.get(circuit)).body;
    expect(page).toContain('Le validateur ne signale rien');
    expect(page).toContain('après 15 j sans changement, « Refusée »');
    expect(page).toContain('stroke-dasharray');
    // Everything above is in the workflow as published.
    expect((await client.submit(editor, `${editor}/publier`, {})).statusCode).toBe(303);
    const exported = JSON.parse((await client.get(`${editor}/export`)).body);
    expect(exported.workflow.transitions[4]).toMatchObject({ label: 'Reprendre l’instruction', roles: ['admin'] });
    expect(exported.workflow.statuses[2].onEnter[0]).toEqual({
      type: 'webhook',
      url: 'https://partenaire.example.org/badges',
      event: 'badge-accepte',
    });
    expect(exported.workflow.statuses[4].timers[0]).toMatchObject({ after: { days: 15 }, to: 'refusee' });
  });
});

describe('studio: buttons of a status (issue 14 §2)', () => {
  it('adds, edits and removes a button on a status (words, who may press it, its actions), with the validator’s findings in the button’s section and the button in the circuit in words', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const editor = await createService(client, `/c/${commune.slug}`, 'buttons');
    const circuit = `${editor}/circuit`;
    expect((await client.get(circuit)).body).toContain('Aucun bouton.');
    const added = await client.submit(circuit, circuit, {
      operation: 'ajouter-bouton',
      index: '1',
      cle: 'relancer',
      libelle: 'Relancer l’usager',
      type: 'notifyCitizen',
    });
    expect(added.statusCode).toBe(303);
    expect(String(added.headers.location)).toContain('#statut-1-nouveau-bouton');
    let page = (await client.get(circuit)).body;
    const buttonSection = () =>
      page.slice(page.indexOf('id="bouton-1-0"'), page.indexOf('id="statut-1-nouveau-bouton"'));
    expect(buttonSection()).toContain('Bouton « Relancer l’usager »');
    expect(buttonSection()).toContain('Message à l’usager (modèle)');
    expect(page).toContain('Boutons sans changement de statut : « Relancer l’usager »');
    expect(page).toContain('Le validateur ne signale rien');

    // Two buttons of a status cannot share a key: refused next to the add form.
    const twice = await client.submit(circuit, circuit, {
      operation: 'ajouter-bouton',
      index: '1',
      cle: 'relancer',
      libelle: 'Encore',
      type: 'comment',
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.body).toContain('La clé « relancer » est déjà prise par un bouton de ce statut.');
    expect(twice.body).toContain('href="#statut-1-nouveau-bouton"');

    // An action a button cannot hold: the validator's finding is shown in the button's own section.
    expect(
      (
        await client.submit(circuit, circuit, {
          operation: 'ajouter-action',
          porteur: 'bouton:1:0',
          type: 'askCitizen',
        })
      ).statusCode,
    ).toBe(303);
    page = (await client.get(circuit)).body;
    expect(buttonSection()).toContain(
      'Demander des informations à l’usager mène à un statut « en attente de l’usager »',
    );
    const statusFindings = page.slice(page.indexOf('id="statut-1-constats"'), page.indexOf('id="bouton-1-0"'));
    expect(statusFindings).not.toContain('Demander des informations');
    expect(
      (await client.submit(circuit, circuit, { operation: 'supprimer-action', porteur: 'bouton:1:0', index: '1' }))
        .statusCode,
    ).toBe(303);
    // Its last action stays: a button without any would do nothing.
    const last = await client.submit(circuit, circuit, {
      operation: 'supprimer-action',
      porteur: 'bouton:1:0',
      index: '0',
    });
    expect(last.statusCode).toBe(422);
    expect(last.body).toContain('Un bouton garde au moins une action : supprimez plutôt le bouton.');

    // Its words, who may press it, and its message.
    const noRole = await client.submit(circuit, circuit, {
      operation: 'bouton',
      index: '1',
      bouton: '0',
      cle: 'relancer',
      libelle: 'Relancer',
    });
    expect(noRole.statusCode).toBe(422);
    expect(noRole.body).toContain('Cochez au moins un rôle.');
    expect(noRole.body).toContain('href="#bouton-1-0"');
    expect(
      (
        await client.submit(circuit, circuit, {
          operation: 'bouton',
          index: '1',
          bouton: '0',
          cle: 'rappel',
          libelle: 'Envoyer un rappel',
          roles: 'admin',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await client.submit(circuit, circuit, {
          operation: 'action',
          porteur: 'bouton:1:0',
          index: '0',
          sujet: 'Rappel : demande {numero}',
          corps: 'Votre demande {numero} attend encore un élément : {lien}',
        })
      ).statusCode,
    ).toBe(303);
    expect((await client.submit(editor, `${editor}/publier`, {})).statusCode).toBe(303);
    const exported = JSON.parse((await client.get(`${editor}/export`)).body);
    expect(exported.workflow.statuses[1].buttons).toEqual([
      {
        key: 'rappel',
        label: 'Envoyer un rappel',
        roles: ['admin'],
        actions: [
          {
            type: 'notifyCitizen',
            template: {
              subject: 'Rappel : demande {numero}',
              body: 'Votre demande {numero} attend encore un élément : {lien}',
            },
          },
        ],
      },
    ]);
    const versions = (await client.get(`${editor}/versions`)).body;
    expect(versions).toContain('Bouton « Envoyer un rappel » du statut');

    // Removed, it leaves the circuit and its words.
    expect(
      (await client.submit(circuit, circuit, { operation: 'supprimer-bouton', index: '1', bouton: '0' })).statusCode,
    ).toBe(303);
    page = (await client.get(circuit)).body;
    expect(page).not.toContain('Boutons sans changement de statut :');
    expect(JSON.parse((await client.get(`${editor}/export`)).body).workflow.statuses[1].buttons).toEqual([]);
  });
});

describe('studio: versions (issue 14 §3)', () => {
  it('makes every save a draft version, says what changed between two in words, freezes the published one, keeps running requests on theirs, takes the service offline with a message', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    const editor = await createService(client, base, 'carte');
    await client.submit(editor, `${editor}/service`, {
      titre: 'Carte de stationnement',
      resume: '',
      description: '',
      themes: '',
      mots_cles: '',
      acces: 'anonymous',
      bureau: 'Police municipale',
      courriel: 'pm@mairie.example.org',
      telephone: '04 72 00 00 02',
      regime: 'signalement',
    });
    const before = await revisionCount(commune.id);
    expect((await client.submit(editor, `${editor}/publier`, {})).statusCode).toBe(303);
    const v1 = await findEServiceOfTenant(t.services.db, commune.id, 'carte');
    expect(v1?.status).toBe('published');
    const request = await submitValidRequest(t.services, {
      eservice: v1!,
      provider: commune,
      form: await loadFormVersion(t.services.db, v1!.published_form_version_id!),
      answers: { objet: 'Une carte pour ma rue' },
      citizen: null,
      contact: { email: 'usager@example.org', sms: null },
      idempotency: { key: 'studio-versions-1', fingerprint: 'x' },
    });
    // Version 3: a field added, a label changed, a transition renamed.
    await client.submit(editor, `${editor}/champs`, { operation: 'ajouter', type: 'text' });
    await client.submit(`${editor}/champs/champ_1`, `${editor}/champs/champ_1`, {
      cle: 'immatriculation',
      libelle: 'Immatriculation',
      obligatoire: 'oui',
      max_longueur: '12',
    });
    await client.submit(`${editor}/champs/objet`, `${editor}/champs/objet`, {
      cle: 'objet',
      libelle: 'Votre adresse',
      obligatoire: 'oui',
      max_longueur: '200',
    });
    await client.submit(`${editor}/circuit`, `${editor}/circuit`, {
      operation: 'transition',
      index: '1',
      de: 'en-cours',
      vers: 'acceptee',
      libelle: 'Délivrer la carte',
      roles: ['agent', 'admin'],
    });
    expect(await revisionCount(commune.id)).toBe(before + 4);
    const diff = (await client.get(`${editor}/versions?de=2&a=6`)).body;
    expect(diff).toContain('Champ ajouté : « Immatriculation » (texte court).');
    expect(diff).toContain(
      'Champ « Votre adresse » modifié : libellé : « Objet de votre demande » → « Votre adresse »',
    );
    expect(diff).toContain(
      'Transition « Délivrer la carte » de « En cours d’instruction » à « Acceptée » modifiée : bouton « Accepter » → « Délivrer la carte »',
    );
    // The published version is frozen in the studio as its form version is in forms.
    await expect(
      sql`UPDATE studio_revision SET note = 'changée' WHERE tenant_id = ${commune.id} AND published_at IS NOT NULL`.execute(
        t.services.db,
      ),
    ).rejects.toThrow(/frozen/);
    expect((await client.submit(editor, `${editor}/publier`, {})).statusCode).toBe(303);
    const v2 = await findEServiceOfTenant(t.services.db, commune.id, 'carte');
    expect(v2?.published_form_version_id).not.toBe(v1?.published_form_version_id);
    expect(v2?.workflow_version_id).not.toBe(v1?.workflow_version_id);
    const kept = await sql<{ form_version_id: string; workflow_version_id: string }>`
      SELECT form_version_id, workflow_version_id FROM request WHERE id = ${request.request.id}`.execute(t.services.db);
    expect(kept.rows[0]).toEqual({
      form_version_id: v1?.published_form_version_id,
      workflow_version_id: v1?.workflow_version_id,
    });
    // Offline with a message, then online again.
    const anonymous = t.client();
    expect(
      (await client.submit(editor, `${editor}/disponibilite`, { etat: 'hors-ligne', message: '' })).statusCode,
    ).toBe(422);
    expect(
      (await client.submit(editor, `${editor}/disponibilite`, { etat: 'hors-ligne', message: 'Reprise le 4 janvier.' }))
        .statusCode,
    ).toBe(303);
    const closed = await anonymous.get(`${base}/demarches/carte`);
    expect(closed.body).toContain('Reprise le 4 janvier.');
    expect(closed.body).not.toContain('Commencer la démarche');
    expect(
      (await anonymous.submit(`${base}/demarches/carte`, `${base}/demarches/carte/commencer`, {})).statusCode,
    ).toBe(403);
    expect((await client.submit(editor, `${editor}/disponibilite`, { etat: 'en-ligne' })).statusCode).toBe(303);
    expect((await anonymous.get(`${base}/demarches/carte`)).body).toContain('Commencer la démarche');
  });
});

describe('studio: test → production and bundles (issue 14 §4)', () => {
  it('tries a service in the test instance (requests marked test, apart from production), then puts it into production in one step, audited', async () => {
    const { commune, test } = await partenaireWithTestInstance();
    const client = await adminOf(commune);
    const editor = await createService(client, `/c/${test.slug}`, 'essai', 'Service essayé');
    expect((await client.get(`/c/${test.slug}/admin/studio`)).body).toContain('Instance de test');
    expect((await client.submit(editor, `${editor}/promouvoir`, {})).statusCode).toBe(409);
    await client.submit(editor, `${editor}/publier`, {});
    const tried = await findEServiceOfTenant(t.services.db, test.id, 'essai');
    const submitted = await submitValidRequest(t.services, {
      eservice: tried!,
      provider: test,
      form: await loadFormVersion(t.services.db, tried!.published_form_version_id!),
      answers: { objet: 'Essai' },
      citizen: null,
      contact: { email: 'essai@example.org', sms: null },
      idempotency: { key: 'studio-test-1', fingerprint: 'x' },
    });
    expect(submitted.request.number).toMatch(/^TEST-/);
    expect(submitted.request.tenant_id).toBe(test.id);
    expect(await findEServiceOfTenant(t.services.db, commune.id, 'essai')).toBeUndefined();
    const promoted = await client.submit(editor, `${editor}/promouvoir`, {});
    expect(promoted.statusCode).toBe(303);
    expect(promoted.headers.location).toMatch(
      new RegExp(`^/c/${commune.slug}/admin/studio/[0-9a-f-]{36}\\?fait=promu$`),
    );
    const production = await findEServiceOfTenant(t.services.db, commune.id, 'essai');
    expect(production?.status).toBe('published');
    const [prodForm, testForm] = await Promise.all([
      loadFormVersion(t.services.db, production!.published_form_version_id!),
      loadFormVersion(t.services.db, tried!.published_form_version_id!),
    ]);
    expect(prodForm.definition).toEqual(testForm.definition);
    expect(prodForm.id).not.toBe(testForm.id);
    const audit = await sql<{
      action: string;
    }>`SELECT action FROM audit_event WHERE tenant_id = ${commune.id} AND action LIKE 'studio.%'`.execute(
      t.services.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['studio.promote', 'studio.publish']));
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM request WHERE tenant_id = ${commune.id}`.execute(
      t.services.db,
    );
    expect(Number(count.rows[0]?.n)).toBe(0);
    // The production page says nothing of test; the test instance's says it is one.
    expect((await t.client().get(`/c/${commune.slug}/demarches/essai`)).body).not.toContain('Instance de test');
    expect((await t.client().get(`/c/${test.slug}/demarches/essai`)).body).toContain('Instance de test');
  });

  it('exports a service as a JSON bundle and imports it; a bundle with a bad field is refused naming the field, in French', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    const editor = await createService(client, base, 'export');
    const bundle = JSON.parse((await client.get(`${editor}/export`)).body);
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    const other = await buildCommune(t.services, { toodego: 'partenaire' });
    const otherClient = await adminOf(other);
    const imported = await otherClient.submit(`/c/${other.slug}/admin/studio`, `/c/${other.slug}/admin/studio/import`, {
      bundle: JSON.stringify(bundle),
    });
    expect(imported.statusCode).toBe(303);
    expect((await otherClient.get(String(imported.headers.location))).body).toContain('Demander un badge');
    const bad = structuredClone(bundle);
    bad.form.fields.push({ type: 'agee', key: 'age', label: 'Âge' });
    const refused = await otherClient.submit(`/c/${other.slug}/admin/studio`, `/c/${other.slug}/admin/studio/import`, {
      bundle: JSON.stringify(bad),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('formulaire › champ n° 2 (« age ») : le type « agee » n’existe pas');
    const draft = starterDraft({
      title: 'X',
      office: { name: 'A', email: 'a@example.org', phone: '1' },
      mutualised: false,
    });
    const badKey = {
      format: BUNDLE_FORMAT,
      slug: 'x',
      ...draft,
      form: { title: 'X', fields: [{ type: 'text', key: 'Nom', label: 'Nom' }] },
    };
    const refusedKey = await otherClient.submit(
      `/c/${other.slug}/admin/studio`,
      `/c/${other.slug}/admin/studio/import`,
      {
        bundle: JSON.stringify(badKey),
      },
    );
    expect(refusedKey.body).toContain(
      'formulaire › champ n° 1 (« Nom ») › clé : Une clé de champ commence par une lettre minuscule',
    );
  });
});

describe('studio: bundle import by file upload (issue 14 §4)', () => {
  it('imports an uploaded .json bundle; refuses by content a PDF named .json, text that is not JSON, a bad field and a file over 2 MB, in French', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    const editor = await createService(client, base, 'televerse');
    const bundle = JSON.parse((await client.get(`${editor}/export`)).body);
    const other = await buildCommune(t.services, { toodego: 'partenaire' });
    const otherClient = await adminOf(other);
    const studio = `/c/${other.slug}/admin/studio`;
    const upload = async (filename: string, bytes: Buffer, contentType = 'application/json') => {
      await otherClient.get(studio);
      return otherClient.postMultipart(`${studio}/import`, {}, { fichier: { filename, contentType, bytes } });
    };
    const pdf = await upload('service.json', Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));
    expect(pdf.statusCode).toBe(422);
    expect(pdf.body).toContain('service.json : Ce fichier est de type PDF (application/pdf), pas un fichier JSON');
    const notJson = await upload('service.json', Buffer.from('titre;adresse\nBadge;badge\n'));
    expect(notJson.statusCode).toBe(422);
    expect(notJson.body).toContain('Ce fichier n’est pas du JSON valide');
    const bad = structuredClone(bundle);
    bad.form.fields.push({ type: 'agee', key: 'age', label: 'Âge' });
    const badField = await upload('service.json', Buffer.from(JSON.stringify(bad)));
    expect(badField.statusCode).toBe(422);
    expect(badField.body).toContain('formulaire › champ n° 2 (« age ») : le type « agee » n’existe pas');
    const tooBig = await upload('service.json', Buffer.alloc(2 * 1024 * 1024 + 10, 0x20));
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.body).toContain('Le fichier dépasse 2 Mo.');
    const none = await otherClient.postMultipart(`${studio}/import`, { autre: 'x' }, {});
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choisissez le fichier .json à importer.');
    expect(await revisionCount(other.id)).toBe(0);

    const imported = await upload('televerse.json', Buffer.from(`\uFEFF${JSON.stringify(bundle, null, 2)}`));
    expect(imported.statusCode).toBe(303);
    expect((await otherClient.get(String(imported.headers.location))).body).toContain('Demander un badge');
    expect(await revisionCount(other.id)).toBe(1);
  });
});

describe('studio: turnkey instances stay the metropolis’s (issue 14 §5)', () => {
  it('refuses to create or import a service over a turnkey instance of a commune become Partenaire before its transfer is executed', async () => {
    const metropole = (await t.services.tenants.bySlug('metropole'))!;
    const model = await buildEService(t.services, metropole, {
      form: { title: 'La demande', fields: REPORT_FORM.fields.filter((f) => f.type !== 'mapPoint') },
      settings: {
        office: { name: 'Direction de la population', email: 'population@grandlyon.example', phone: '04 78 63 40 40' },
        legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2, days: 0 } },
      },
      title: 'Attestation clé-en-main',
    });
    const operator = await buildOperator(t.services);
    const asOperator = await t.signedIn(operator.email, operator.password);
    const offered = await asOperator.submit(
      '/admin/catalogue-cle-en-main',
      `/admin/catalogue-cle-en-main/${model.eservice.id}`,
      { turnkey: 'oui' },
    );
    expect(offered.statusCode).toBe(303);
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const client = await adminOf(commune);
    const base = `/c/${commune.slug}`;
    const picked = await client.submit(`${base}/admin/demarches-cle-en-main`, `${base}/admin/demarches-cle-en-main`, {
      model: model.eservice.id,
      officeName: 'Mairie — état civil',
      officeEmail: 'etat-civil@mairie.example',
      officePhone: '04 72 00 00 00',
    });
    expect(picked.statusCode).toBe(303);
    const instance = await findEServiceOfTenant(t.services.db, commune.id, model.eservice.slug);
    expect(instance?.model_eservice_id).toBe(model.eservice.id);
    // The amendment made it Partenaire (the studio opens); the transfer that detaches its instances is not done yet.
    await setSubscription(t.services.db, {
      tenantId: commune.id,
      service: 'toodego',
      offer: 'partenaire',
      since: null,
      at: t.clock.now(),
    });
    t.services.tenants.invalidate();
    expect((await client.get(`${base}/admin/studio`)).statusCode).toBe(200);

    const created = await client.submit(`${base}/admin/studio`, `${base}/admin/studio`, {
      titre: 'Ma version',
      adresse: model.eservice.slug,
      ...office,
    });
    expect(created.statusCode).toBe(422);
    expect(created.body).toContain('suit le modèle de la Métropole');
    const bundle = {
      format: BUNDLE_FORMAT,
      slug: model.eservice.slug,
      ...starterDraft({
        title: 'Ma version',
        office: { name: 'A', email: 'a@example.org', phone: '1' },
        mutualised: false,
      }),
    };
    const imported = await client.submit(`${base}/admin/studio`, `${base}/admin/studio/import`, {
      bundle: JSON.stringify(bundle),
    });
    expect(imported.statusCode).toBe(422);
    expect(imported.body).toContain(`adresse « ${model.eservice.slug} » : Cette démarche clé-en-main suit le modèle`);
    expect(await revisionCount(commune.id)).toBe(0);
    const after = await findEServiceOfTenant(t.services.db, commune.id, model.eservice.slug);
    expect(after?.title).toBe('Attestation clé-en-main');
    expect(after?.published_form_version_id).toBe(instance?.published_form_version_id);
  });
});
