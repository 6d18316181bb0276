import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { buildEService } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { loadFormVersion } from '../forms/index.ts';
import { recordServiceConsent } from '../identity/index.ts';
import { changeRequestStatus, prefillConsumerId, submitRequest } from '../requests/index.ts';
import { applyAllRetention } from './retention.job.ts';
import { setRetentionRule } from './set-retention-rule.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const DAY = 24 * 3600 * 1000;

async function mailsTo(address: string): Promise<string[]> {
  const jobs = await t.services.db.selectFrom('job').select('payload').where('name', '=', 'mail.send').execute();
  return jobs
    .map((j) => j.payload as { to: string; subject: string })
    .filter((p) => p.to === address)
    .map((p) => p.subject);
}

describe('rights requests (P2, P6)', () => {
  it('goes from the form to the officer of the instance, is extended with a notice and answered with the export', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const other = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const otherAdmin = await buildUser(t.services, { grants: [{ tenant: other, role: 'admin' }] });
    const citizen = await buildUser(t.services, { name: 'Alix Dupont' });
    const base = `/c/${commune.slug}`;

    const person = await t.signedIn(citizen.email, citizen.password, base);
    const form = await person.get(`${base}/compte/droits`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(commune.name);

    const invalid = await person.post(`${base}/compte/droits`, { droit: 'access', precisions: '  ' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('Précisez votre demande');

    const sent = await person.post(`${base}/compte/droits`, { droit: 'access', precisions: 'Toutes mes données.' });
    expect(sent.statusCode).toBe(303);
    const id = /\/compte\/droits\/([0-9a-f-]{36})/.exec(sent.headers.location as string)?.[1] as string;
    const row = await t.services.db
      .selectFrom('rights_request')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.tenant_id).toBe(commune.id);
    expect(row.due_on).toBe('2026-12-30');
    expect(await mailsTo(citizen.email)).toContain(`Votre demande ${row.reference} est reçue`);
    expect(await mailsTo(admin.email)).toContain(`Nouvelle demande d’exercice de droits ${row.reference}`);
    expect(await mailsTo(otherAdmin.email)).toEqual([]);

    const officer = await t.signedIn(admin.email, admin.password, base);
    const queue = await officer.get(`${base}/admin/droits`);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(row.reference);
    expect(queue.body).toContain('30 jours restants');
    // Another commune's officer does not see it (P6).
    const stranger = await t.signedIn(otherAdmin.email, otherAdmin.password, `/c/${other.slug}`);
    expect((await stranger.get(`/c/${other.slug}/admin/droits/${id}`)).statusCode).toBe(404);

    await officer.get(`${base}/admin/droits/${id}`);
    const noReason = await officer.post(`${base}/admin/droits/${id}/prolongation`, { motif: '' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Indiquez le motif de la prolongation');
    const extended = await officer.post(`${base}/admin/droits/${id}/prolongation`, {
      motif: 'Vos données sont réparties entre plusieurs services.',
    });
    expect(extended.statusCode).toBe(303);
    const afterExtension = await t.services.db
      .selectFrom('rights_request')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(afterExtension.extended_due_on).toBe('2027-02-28');
    expect(await mailsTo(citizen.email)).toContain(`Votre demande ${row.reference} : délai de réponse prolongé`);
    expect((await officer.post(`${base}/admin/droits/${id}/prolongation`, { motif: 'Encore' })).statusCode).toBe(409);

    t.clock.advance(10 * DAY);
    // Sessions end after two idle hours: both sign in again.
    const officerLater = await t.signedIn(admin.email, admin.password, base);
    const personLater = await t.signedIn(citizen.email, citizen.password, base);
    await officerLater.get(`${base}/admin/droits/${id}`);
    const answered = await officerLater.post(`${base}/admin/droits/${id}/reponse`, {
      reponse: 'Voici la copie de vos données.',
      export: 'oui',
    });
    expect(answered.statusCode).toBe(303);
    expect(await mailsTo(citizen.email)).toContain(`Réponse à votre demande ${row.reference}`);
    expect((await officerLater.post(`${base}/admin/droits/${id}/reponse`, { reponse: 'Encore' })).statusCode).toBe(409);

    const page = await personLater.get(`${base}/compte/droits/${id}`);
    expect(page.body).toContain('Voici la copie de vos données.');
    const zip = await personLater.get(`${base}/compte/droits/${id}/donnees.zip`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Only the requester downloads it.
    expect((await officerLater.get(`${base}/compte/droits/${id}/donnees.zip`)).statusCode).toBe(404);

    const audit = await t.services.db.selectFrom('audit_event').select('action').where('target_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'privacy.rights.answer',
      'privacy.rights.extend',
      'privacy.rights.submit',
    ]);
  });

  it('refuses an extension once the first month is over', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const citizen = await buildUser(t.services);
    const base = `/c/${commune.slug}`;
    const person = await t.signedIn(citizen.email, citizen.password, base);
    await person.get(`${base}/compte/droits`);
    const sent = await person.post(`${base}/compte/droits`, { droit: 'erasure', precisions: 'Effacez tout.' });
    const id = /\/compte\/droits\/([0-9a-f-]{36})/.exec(sent.headers.location as string)?.[1] as string;
    t.clock.advance(40 * DAY);
    const officer = await t.signedIn(admin.email, admin.password, base);
    expect((await officer.get(`${base}/admin/droits`)).body).toMatch(/En retard de \d+ jours/);
    await officer.get(`${base}/admin/droits/${id}`);
    const late = await officer.post(`${base}/admin/droits/${id}/prolongation`, { motif: 'Trop tard' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Le premier mois est écoulé');
  });
});

/** A closed request of a new e-service of the commune, by this citizen (or an anonymous visitor). */
async function closedRequest(
  commune: Awaited<ReturnType<typeof buildCommune>>,
  title: string,
  key: string,
  citizen?: { id: string; email: string; display_name: string },
) {
  const { eservice, formVersionId } = await buildEService(t.services, commune, {
    title,
    form: {
      title: 'Votre demande',
      fields: [
        { type: 'text', key: 'nom', label: 'Nom', prefill: 'familyName' },
        { type: 'phone', key: 'telephone', label: 'Téléphone' },
      ],
    },
    settings: {
      office: { name: 'Service propreté', email: 'proprete@example.org', phone: '04 78 00 00 02' },
      legal: { kind: 'declaration' },
    },
  });
  const submitted = await submitRequest(t.services, {
    eservice,
    provider: commune,
    form: await loadFormVersion(t.services.db, formVersionId),
    answers: { known: {}, raw: { nom: 'Dupont', telephone: '0612345678' } },
    citizen: citizen
      ? { userId: citizen.id, email: citizen.email, displayName: citizen.display_name, via: 'session' }
      : null,
    contact: { email: citizen?.email ?? 'usager@example.org', sms: '' },
    idempotency: { key, fingerprint: 'x' },
  });
  if (!submitted.ok) throw new Error('submission refused');
  const closed = await changeRequestStatus(t.services, {
    holder: commune,
    requestId: submitted.result.request.id,
    to: 'classee',
    actor: SYSTEM_ACTOR,
  });
  expect(closed.ok).toBe(true);
  return { eservice, request: submitted.result.request };
}

describe('retention (issue 17 §3) and the register (§7)', () => {
  it('applies the instance’s default rule to the services without one: files first, the request later', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const own = await closedRequest(commune, 'Service à règle propre', 'default-1');
    const other = await closedRequest(commune, 'Service sans règle', 'default-2');
    const actor = { userId: null, label: 'dpd@example.org', ip: null };
    await setRetentionRule(t.services, {
      tenantId: commune.id,
      eserviceId: null,
      form: { service: '', anonymisation: 24, fichiers: 6, actif: 'oui' },
      actor,
    });
    await setRetentionRule(t.services, {
      tenantId: commune.id,
      eserviceId: own.eservice.id,
      form: { service: own.eservice.id, anonymisation: 120 },
      actor,
    });
    t.clock.advance(200 * DAY);
    const first = await applyAllRetention(t.services);
    expect(first.purged).toContain(other.request.number);
    expect(first.purged).not.toContain(own.request.number);
    const purged = await t.services.db
      .selectFrom('request')
      .selectAll()
      .where('id', '=', other.request.id)
      .executeTakeFirstOrThrow();
    expect(purged.files_purged_at).not.toBeNull();
    expect(purged.anonymised_at).toBeNull();
    expect(purged.answers).toMatchObject({ nom: 'Dupont' });
    expect((await applyAllRetention(t.services)).purged).not.toContain(other.request.number);

    t.clock.advance(550 * DAY);
    const later = await applyAllRetention(t.services);
    expect(later.anonymised).toContain(other.request.number);
    expect(later.anonymised).not.toContain(own.request.number);
  });

  it('lists what is due in simulation, then anonymises once the rule applies, keeping the statistics', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const citizen = await buildUser(t.services);
    const { eservice, request } = await closedRequest(commune, 'Demande de composteur', 'retention-1', citizen);
    const requestId = request.id;

    const base = `/c/${commune.slug}`;
    const officer = await t.signedIn(admin.email, admin.password, base);
    await officer.get(`${base}/admin/conservation`);
    const bad = await officer.post(`${base}/admin/conservation`, {
      service: eservice.id,
      anonymisation: '6',
      fichiers: '12',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Les pièces jointes ne peuvent être gardées plus longtemps');
    const saved = await officer.post(`${base}/admin/conservation`, { service: eservice.id, anonymisation: '12' });
    expect(saved.statusCode).toBe(303);

    t.clock.advance(400 * DAY);
    const officerLater = await t.signedIn(admin.email, admin.password, base);
    const preview = await officerLater.get(`${base}/admin/conservation`);
    expect(preview.body).toContain(request.number);

    // Dry run: listed and audited, nothing changed.
    const simulated = await applyAllRetention(t.services);
    expect(simulated.simulated).toContain(request.number);
    const untouched = await t.services.db
      .selectFrom('request')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(untouched.anonymised_at).toBeNull();
    expect(untouched.answers).toMatchObject({ nom: 'Dupont' });

    await officerLater.get(`${base}/admin/conservation`);
    await officerLater.post(`${base}/admin/conservation`, { service: eservice.id, anonymisation: '12', actif: 'oui' });
    const applied = await applyAllRetention(t.services);
    expect(applied.anonymised).toContain(request.number);
    const row = await t.services.db
      .selectFrom('request')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.answers).toEqual({});
    expect(row.contact_email).toBe('');
    expect(row.citizen_user_id).toBeNull();
    expect(row.anonymised_at).not.toBeNull();
    // What statistics count stays.
    expect(row.eservice_id).toBe(eservice.id);
    expect(row.status).toBe('classee');
    expect(row.closed_at).not.toBeNull();
    // Not twice.
    expect((await applyAllRetention(t.services)).anonymised).not.toContain(row.number);

    const actions = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', commune.id)
      .where('action', 'like', 'privacy.retention.%')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['privacy.retention.rule', 'privacy.retention.dry_run', 'privacy.retention.apply']),
    );

    // The register is generated from the service's definition and rule.
    const register = await officerLater.get(`${base}/admin/registre`);
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Demande de composteur');
    expect(register.body).toContain('Téléphone');
    expect(register.body).toContain('Demande anonymisée 12 mois après la clôture');
    const csv = await officerLater.get(`${base}/admin/registre.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Durée de conservation');
    expect(csv.body).toContain('Service propreté');
    const notice = await t.client().get(`${base}/confidentialite`);
    expect(notice.statusCode).toBe(200);
    expect(notice.body).toContain('Demande de composteur');

    // The consent archive of the service: given, then withdrawn, each with its words.
    await recordServiceConsent(t.services, {
      userId: citizen.id,
      service: prefillConsumerId(eservice.id).slice('service:'.length),
      serviceName: 'Demande de composteur',
      requested: ['family_name'],
      approved: ['family_name'],
      wording: 'J’accepte que mon nom pré-remplisse le formulaire.',
      ip: null,
    });
    // Withdrawn from the account page, as the citizen does it.
    const person = await t.signedIn(citizen.email, citizen.password, base);
    await person.get(`${base}/compte`);
    const consumer = encodeURIComponent(prefillConsumerId(eservice.id));
    expect((await person.post(`${base}/compte/autorisations/${consumer}/retrait`, {})).statusCode).toBe(303);
    const archive = await officerLater.get(`${base}/admin/registre/${eservice.id}/consentements.csv`);
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain(citizen.email);
    expect(archive.body).toContain('J’accepte que mon nom pré-remplisse le formulaire.');
    expect(archive.body).toContain('Retirer l’autorisation donnée à Demande de composteur');
    const own = await person.get(`${base}/compte/consentements.csv`);
    expect(own.body).toContain('J’accepte que mon nom pré-remplisse le formulaire.');
  });
});
