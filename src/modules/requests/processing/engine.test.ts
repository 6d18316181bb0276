import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentActor,
  buildProcessingWorld,
  type ProcessingWorld,
  submitTestRequest,
  useWorkflow,
  useWorkflowVersion,
} from '../../../../test/backoffice-factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import { DAY, MINUTE } from '../../../platform/clock.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { demoLogoPng } from '../demo/demo-logo.ts';
import { postCitizenMessage } from '../post-citizen-message.ts';
import { buildRequestView } from '../request-view.ts';
import { listStatusChanges } from '../requests.repo.ts';
import { ensurePlatformWorkflow, publishWorkflow, SIMPLE_WORKFLOW } from '../../workflows/index.ts';
import { assignRequest } from './assign-request.ts';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit.repo.ts';
import { applyWorkflow } from '../../catalogue/index.ts';
import { fireDueTimers } from './fire-due-timers.ts';
import { performTransition } from './perform-transition.ts';
import { runButton } from './run-button.ts';
import { findRequest } from '../requests.repo.ts';
import { listRequestEvents } from './processing.repo.ts';

let smtp: SmtpCatcher;
let t: TestContext;
let world: ProcessingWorld;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  world = await buildProcessingWorld(t.services);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const read = (id: string) => withTenant(t.services.db, world.commune.id, (trx) => findRequest(trx, id));
const events = (id: string) => withTenant(t.services.db, world.commune.id, (trx) => listRequestEvents(trx, id));
const mailsTo = (address: string) => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address));
async function deliver() {
  await t.worker.drain();
}

describe('moving a request along its workflow (issue 5 §1, §6)', () => {
  it('asks the citizen for information with the clock paused, and resumes on their answer from the dashboard', async () => {
    const request = await submitTestRequest(t.services, world);
    const agent = agentActor(world.agentA);
    const started = await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: 1,
      actor: agent,
      to: 'en-cours',
      raw: {},
    });
    expect(started.ok).toBe(true);
    const afterStart = await read(request.id);
    // Acting on a request nobody held takes it (§3).
    expect(afterStart?.assigned_user_id).toBe(world.agentA.id);

    const missing = await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: afterStart?.version ?? 0,
      actor: agent,
      to: 'attente-usager',
      raw: { text: '  ' },
    });
    expect(missing).toEqual({ ok: false, reason: 'invalid', errors: { texte: 'Écrivez votre question à l’usager.' } });

    const asked = await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: afterStart?.version ?? 0,
      actor: agent,
      to: 'attente-usager',
      raw: { text: 'Pouvez-vous préciser le numéro du lampadaire ?' },
    });
    expect(asked).toMatchObject({ ok: true, notified: ['email'] });
    const waiting = await read(request.id);
    expect(waiting?.status).toBe('attente-usager');
    expect(waiting?.paused_at?.toISOString()).toBe(t.clock.now().toISOString());
    await deliver();
    const question = mailsTo(world.citizen.email).find((m) =>
      m.subject?.includes('des informations vous sont demandées'),
    );
    expect(question?.text).toContain('Pouvez-vous préciser le numéro du lampadaire ?');

    // Three days later the citizen answers from their dashboard.
    t.clock.advance(3 * DAY);
    const before = smtp.messages.length;
    await postCitizenMessage(t.services, {
      holder: world.commune,
      request: request,
      authorUserId: world.citizen.id,
      authorLabel: world.citizen.display_name,
      body: 'C’est le lampadaire n° 42, devant la boulangerie.',
    });
    const resumed = await read(request.id);
    expect(resumed?.status).toBe('en-cours');
    expect(resumed?.paused_at).toBeNull();
    expect(resumed?.paused_seconds).toBe(3 * 86_400);
    await deliver();
    const toAgent = smtp.messages.slice(before).find((m) => JSON.stringify(m.to).includes(world.agentA.email));
    expect(toAgent?.subject).toBe(`Réponse de l’usager : demande n° ${request.number}`);

    const timeline = await withTenant(t.services.db, world.commune.id, (trx) =>
      listStatusChanges(trx, request.id, { citizenView: false }),
    );
    expect(timeline.map((c) => [c.from_status, c.to_status, c.actor_label])).toEqual([
      [null, 'recue', world.citizen.display_name],
      ['recue', 'en-cours', world.agentA.display_name],
      ['en-cours', 'attente-usager', world.agentA.display_name],
      ['attente-usager', 'en-cours', `${world.citizen.display_name} (réponse de l’usager)`],
    ]);
  });

  it('closes a request after 30 days without an answer (timed jump, injected clock), and postpones on any change', async () => {
    const request = await submitTestRequest(t.services, world);
    const agent = agentActor(world.agentA);
    await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      to: 'en-cours',
      raw: {},
    });
    await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      to: 'attente-usager',
      raw: { text: 'Une photo ?' },
    });

    t.clock.advance(10 * DAY);
    // A reminder is a change: the 30 days start again from it.
    const reminded = await runButton(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      buttonKey: 'relancer',
      raw: {},
    });
    expect(reminded.ok).toBe(true);
    t.clock.advance(30 * DAY - MINUTE);
    expect(await fireDueTimers(t.services)).toBe(0);
    expect((await read(request.id))?.status).toBe('attente-usager');
    t.clock.advance(MINUTE);
    expect(await fireDueTimers(t.services)).toBe(1);
    const closed = await read(request.id);
    expect(closed?.status).toBe('classee');
    expect(closed?.closed_at?.toISOString()).toBe(t.clock.now().toISOString());
    const history = await events(request.id);
    expect(history.map((e) => e.summary)).toContain(
      'Délai écoulé (Sans réponse de l’usager depuis 30 jours) : passage automatique au statut « Classée sans suite »',
    );
    // Firing again does nothing: the timer is closed.
    expect(await fireDueTimers(t.services)).toBe(0);
    await deliver();
    expect(mailsTo(world.citizen.email).map((m) => m.subject)).toContain(
      `Rappel : votre demande n° ${request.number} attend votre réponse`,
    );
    expect(mailsTo(world.citizen.email).map((m) => m.subject)).toContain(
      `Votre demande n° ${request.number} : Classée sans suite`,
    );
  });

  it('jumps to the minute, through the recurring job the worker schedules', async () => {
    const fast = await buildProcessingWorld(t.services);
    await useWorkflow(t.services, fast, 'relance-rapide', {
      label: 'Relance rapide',
      initial: 'recue',
      statuses: [
        {
          key: 'recue',
          label: 'Reçue',
          citizenLabel: 'Reçue',
          visibleToCitizen: true,
          timers: [{ after: { hours: 1, minutes: 30 }, to: 'urgente', label: '1 h 30 sans traitement' }],
        },
        { key: 'urgente', label: 'Urgente', citizenLabel: 'En cours', visibleToCitizen: false },
        { key: 'close', label: 'Close', citizenLabel: 'Close', visibleToCitizen: true, final: true },
      ],
      transitions: [
        { from: 'recue', to: 'close', label: 'Clore' },
        { from: 'urgente', to: 'close', label: 'Clore' },
      ],
    });
    const request = await submitTestRequest(t.services, fast);
    const status = async () =>
      (await withTenant(t.services.db, fast.commune.id, (trx) => findRequest(trx, request.id)))?.status;
    t.clock.advance(89 * MINUTE);
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    expect(await status()).toBe('recue');
    t.clock.advance(MINUTE);
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    expect(await status()).toBe('urgente');
  });
});

describe('concurrency and the lock (issue 5 §3)', () => {
  it('applies one of two concurrent transitions and refuses the other cleanly, never both', async () => {
    const request = await submitTestRequest(t.services, world);
    const agent = agentActor(world.agentA);
    const started = await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      to: 'en-cours',
      raw: {},
    });
    if (!started.ok) throw new Error('not started');
    const version = started.request.version;
    const results = await Promise.all([
      performTransition(t.services, {
        holder: world.commune,
        requestId: request.id,
        expectedVersion: version,
        actor: agent,
        to: 'acceptee',
        raw: {},
      }),
      performTransition(t.services, {
        holder: world.commune,
        requestId: request.id,
        expectedVersion: version,
        actor: agent,
        to: 'traitee',
        raw: {},
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict', currentVersion: version + 1 }]);
    const finals = (
      await withTenant(t.services.db, world.commune.id, (trx) =>
        listStatusChanges(trx, request.id, { citizenView: false }),
      )
    ).filter((c) => ['acceptee', 'traitee'].includes(c.to_status));
    expect(finals).toHaveLength(1);
  });

  it('refuses an agent acting on a request a colleague holds, names the holder, and lets them take it over explicitly', async () => {
    const request = await submitTestRequest(t.services, world);
    const taken = await assignRequest(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: 1,
      actor: agentActor(world.agentA),
      to: { kind: 'me' },
    });
    expect(taken.ok).toBe(true);
    const again = await assignRequest(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: 1,
      actor: agentActor(world.agentB),
      to: { kind: 'me' },
    });
    expect(again).toEqual({ ok: false, reason: 'conflict', currentVersion: 2 });
    expect(
      await assignRequest(t.services, {
        holder: world.commune,
        requestId: request.id,
        expectedVersion: 2,
        actor: agentActor(world.agentB),
        to: { kind: 'me' },
      }),
    ).toEqual({
      ok: false,
      reason: 'held',
      heldBy: world.agentA.display_name,
    });
    expect(
      await performTransition(t.services, {
        holder: world.commune,
        requestId: request.id,
        expectedVersion: 2,
        actor: agentActor(world.agentB),
        to: 'en-cours',
        raw: {},
      }),
    ).toEqual({
      ok: false,
      reason: 'held',
      heldBy: world.agentA.display_name,
    });
    const takeOver = await assignRequest(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: 2,
      actor: agentActor(world.agentB),
      to: { kind: 'me' },
      takeOver: true,
    });
    expect(takeOver.ok).toBe(true);
    expect((await events(request.id)).map((e) => e.summary)).toEqual([
      `Prise en charge par ${world.agentA.display_name}`,
      `Prise en charge par ${world.agentB.display_name} (reprise à ${world.agentA.display_name})`,
    ]);
  });

  it('keeps the history append-only', async () => {
    const request = await submitTestRequest(t.services, world);
    await assignRequest(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agentActor(world.agentA),
      to: { kind: 'me' },
    });
    await expect(
      sql`UPDATE request_event SET summary = 'réécrit' WHERE request_id = ${request.id}`.execute(t.services.db),
    ).rejects.toThrow(/ajout seul/);
    await expect(
      sql`DELETE FROM request_status_change WHERE request_id = ${request.id}`.execute(t.services.db),
    ).rejects.toThrow(/ajout seul/);
  });
});

describe('actions and buttons', () => {
  it('attaches documents for the citizen or for agents only, and the citizen sees only theirs', async () => {
    const request = await submitTestRequest(t.services, world);
    const agent = agentActor(world.agentA);
    await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      to: 'en-cours',
      raw: {},
    });
    const noFile = await runButton(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      buttonKey: 'document',
      raw: {},
    });
    expect(noFile).toEqual({ ok: false, reason: 'invalid', errors: { piece: 'Choisissez le document à joindre.' } });
    const fake = await runButton(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      buttonKey: 'document',
      raw: { upload: { kind: 'upload', filename: 'arrete.pdf', bytes: Buffer.from('pas un pdf'), truncated: false } },
    });
    expect(fake).toMatchObject({ ok: false, errors: { piece: expect.stringContaining("n'est ni une image") } });
    const attached = await runButton(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agent,
      buttonKey: 'document',
      raw: { upload: { kind: 'upload', filename: 'plan.png', bytes: demoLogoPng([1, 2, 3]), truncated: false } },
    });
    expect(attached).toMatchObject({ ok: true, notified: ['email'] });
    const view = await buildRequestView(t.services, world.commune, (await read(request.id))!);
    expect(view.documents.map((d) => d.name)).toEqual(['plan.png']);
    expect(view.messages.map((m) => m.body)).toEqual(['Document : plan.png']);
    const history = await events(request.id);
    expect(history.at(-2)?.summary).toBe('Joindre un document pour l’usager');
    expect(history.at(-1)?.summary).toBe('Document joint pour l’usager : plan.png');
  });

  it('keeps a request pinned to the counter’s first workflow version working (issue 4 → 5)', async () => {
    const v1 = await ensurePlatformWorkflow(t.services.db, 'simple', 1, SIMPLE_WORKFLOW, t.clock.now());
    const legacy = await buildProcessingWorld(t.services);
    await useWorkflowVersion(t.services, legacy, v1);
    const request = await submitTestRequest(t.services, legacy);
    expect(request.workflow_version_id).toBe(v1);
    // Version 1 has a manual relay the default circuit (version 2) dropped.
    const relayed = await performTransition(t.services, {
      holder: legacy.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agentActor(legacy.agentA),
      to: 'transmise',
      raw: {},
    });
    expect(relayed.ok).toBe(true);
    expect(
      (await withTenant(t.services.db, legacy.commune.id, (trx) => findRequest(trx, request.id)))?.closed_at,
    ).not.toBeNull();
  });

  it('lets only the roles a transition names press it, and keeps internal documents from the citizen', async () => {
    const strict = await buildProcessingWorld(t.services);
    await useWorkflow(t.services, strict, 'validation', {
      label: 'Avec validation',
      initial: 'recue',
      statuses: [
        {
          key: 'recue',
          label: 'Reçue',
          citizenLabel: 'Reçue',
          visibleToCitizen: true,
          buttons: [
            {
              key: 'piece',
              label: 'Joindre une pièce interne',
              actions: [{ type: 'attachDocument', label: 'Pièce interne', visibleToCitizen: false }],
            },
          ],
        },
        {
          key: 'validee',
          label: 'Validée',
          citizenLabel: 'Acceptée',
          visibleToCitizen: true,
          final: true,
          outcome: 'accepted',
        },
      ],
      transitions: [{ from: 'recue', to: 'validee', label: 'Valider', roles: ['admin'] }],
    });
    const request = await submitTestRequest(t.services, strict);
    expect(
      await performTransition(t.services, {
        holder: strict.commune,
        requestId: request.id,
        expectedVersion: null,
        actor: agentActor(strict.agentA),
        to: 'validee',
        raw: {},
      }),
    ).toEqual({
      ok: false,
      reason: 'refused',
      message: '« Valider » est réservé aux administrateurs.',
    });
    const internal = await runButton(t.services, {
      holder: strict.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agentActor(strict.admin, ['admin']),
      buttonKey: 'piece',
      raw: { upload: { kind: 'upload', filename: 'rapport.png', bytes: demoLogoPng([9, 9, 9]), truncated: false } },
    });
    expect(internal).toMatchObject({ ok: true, notified: [] });
    const byAdmin = await performTransition(t.services, {
      holder: strict.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agentActor(strict.admin, ['admin']),
      to: 'validee',
      raw: {},
    });
    expect(byAdmin.ok).toBe(true);
    const row = await withTenant(t.services.db, strict.commune.id, (trx) => findRequest(trx, request.id));
    const view = await buildRequestView(t.services, strict.commune, row!);
    expect(view.documents).toEqual([]);
    expect(view.messages).toEqual([]);
    const history = await withTenant(t.services.db, strict.commune.id, (trx) => listRequestEvents(trx, request.id));
    expect(history.find((e) => e.kind === 'document')).toMatchObject({
      summary: 'Pièce interne (interne) : rapport.png',
      details: { name: 'rapport.png', visibleToCitizen: false },
    });
    // The agents download it from the request's page.
    const admin = t.client();
    await admin.login(strict.admin.email, strict.admin.password);
    const fileId = String(history.find((e) => e.kind === 'document')?.details.storedFileId);
    const download = await admin.get(`/c/${strict.commune.slug}/gru/demandes/${request.id}/documents/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('rapport.png');
  });

  it('tells the administrators when a request enters internal verification (notify a role)', async () => {
    const request = await submitTestRequest(t.services, world);
    await deliver();
    const before = smtp.messages.length;
    await performTransition(t.services, {
      holder: world.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agentActor(world.agentA),
      to: 'verification',
      raw: {},
    });
    await deliver();
    const sent = smtp.messages.slice(before);
    expect(sent.filter((m) => JSON.stringify(m.to).includes(world.admin.email)).map((m) => m.subject)).toEqual([
      `Demande n° ${request.number} à vérifier`,
    ]);
    expect(sent.some((m) => JSON.stringify(m.to).includes(world.citizen.email))).toBe(false);
  });
});

describe('workflows as versioned data (issue 5 §1, DESIGN invariant 4)', () => {
  const small = (label: string) => ({
    label,
    initial: 'recue',
    statuses: [
      { key: 'recue', label: 'Reçue', citizenLabel: 'Reçue', visibleToCitizen: true },
      { key: 'close', label: 'Close', citizenLabel: 'Close', visibleToCitizen: true, final: true },
    ],
    transitions: [{ from: 'recue', to: 'close', label: 'Clore' }],
  });

  it('refuses an invalid circuit with French problems, numbers versions, freezes them, and leaves pinned requests alone', async () => {
    const versioned = await buildProcessingWorld(t.services);
    const refused = await publishWorkflow(t.services, {
      tenant: versioned.commune,
      actor: SYSTEM_ACTOR,
      key: 'mon-circuit',
      definition: {
        ...small('Cassé'),
        statuses: [
          ...small('x').statuses,
          { key: 'perdue', label: 'Perdue', citizenLabel: 'Perdue', visibleToCitizen: true, final: true },
        ],
      },
    });
    expect(refused).toEqual({
      ok: false,
      problems: [
        {
          path: ['statuses', 2],
          message: 'Le statut « Perdue » est inatteignable : aucune transition ni aucun délai n’y mène.',
        },
      ],
    });

    const first = await publishWorkflow(t.services, {
      tenant: versioned.commune,
      actor: SYSTEM_ACTOR,
      key: 'mon-circuit',
      definition: small('Premier'),
    });
    const second = await publishWorkflow(t.services, {
      tenant: versioned.commune,
      actor: SYSTEM_ACTOR,
      key: 'mon-circuit',
      definition: small('Second'),
    });
    expect([first.ok && first.version, second.ok && second.version]).toEqual([1, 2]);
    if (!first.ok || !second.ok) throw new Error('not published');
    await expect(
      sql`UPDATE workflow_version SET definition = '{}' WHERE id = ${first.id}`.execute(t.services.db),
    ).rejects.toThrow(/figée/);

    await useWorkflowVersion(t.services, versioned, first.id);
    const pinned = await submitTestRequest(t.services, versioned);
    await useWorkflowVersion(t.services, versioned, second.id);
    const later = await submitTestRequest(t.services, versioned);
    expect([pinned.workflow_version_id, later.workflow_version_id]).toEqual([first.id, second.id]);
    // Another tenant's version cannot be applied here.
    expect(
      await applyWorkflow(t.services, {
        tenant: world.commune,
        actor: SYSTEM_ACTOR,
        eserviceId: world.service.eservice.id,
        workflowVersionId: first.id,
      }),
    ).toEqual({ ok: false, reason: 'not-found' });
  });
});
