import { findAccountByEmail } from '../../../platform/auth/accounts.repo.ts';
import type { Services } from '../../../platform/services.ts';
import { findEServiceOfTenant } from '../../catalogue/index.ts';
import { type Answers, loadFormVersion } from '../../forms/index.ts';
import { assignRequest, performTransition, submitValidRequest } from '../../requests/index.ts';

/** A demo request, where it is filed, and how far its agent has taken it. */
type DemoRequest = {
  key: string;
  service: { provider: string; slug: string };
  answers: Answers;
  /** The demo citizen files it; without, an anonymous report with this e-mail. */
  anonymousEmail?: string;
  /** The agent who processes it, and the steps they already took. */
  agent?: { email: string; steps: Array<{ to: string; text?: string; note?: string }> };
};

const CITIZEN = 'citoyen@example.org';

const DEMO_REQUESTS: DemoRequest[] = [
  {
    key: 'demo-gru-givors-eclairage',
    service: { provider: 'metropole', slug: 'signaler-un-probleme' },
    answers: {
      categorie: 'eclairage',
      description: 'Trois lampadaires éteints rue Jean-Ligonnet depuis lundi soir.',
      lieu: { lat: 45.5872, lon: 4.7543 },
      repere: 'Devant l’école Liauthaud',
    },
  },
  {
    key: 'demo-gru-givors-espace-vert',
    service: { provider: 'metropole', slug: 'signaler-un-probleme' },
    answers: {
      categorie: 'espace-vert',
      description: 'Une grosse branche est tombée sur l’allée du parc.',
      lieu: { lat: 45.588, lon: 4.755 },
    },
    anonymousEmail: 'promeneur@example.org',
    agent: {
      email: 'agent.givors@example.org',
      steps: [{ to: 'en-cours', note: 'Les services techniques passent cette semaine.' }],
    },
  },
  {
    key: 'demo-gru-givors-etat-civil',
    service: { provider: 'givors', slug: 'acte-etat-civil' },
    answers: {
      type_acte: 'naissance',
      nature: 'copie-integrale',
      exemplaires: 1,
      nom_naissance: 'Martin',
      prenoms: 'Camille',
      date_evenement: '1990-04-12',
      lien: 'moi-meme',
      destinataire: 'Camille Martin',
      adresse: { street: '3 rue de la Liberté', postcode: '69700', city: 'Givors', inseeCode: '69091' },
    },
    agent: {
      email: 'agent.givors@example.org',
      steps: [
        { to: 'en-cours' },
        {
          to: 'attente-usager',
          text: 'Pouvez-vous nous indiquer le nom de naissance de votre mère ? Il figure sur la copie intégrale.',
        },
      ],
    },
  },
  {
    key: 'demo-gru-venissieux-eclairage',
    service: { provider: 'metropole', slug: 'signaler-un-probleme' },
    answers: {
      categorie: 'eclairage',
      description: 'Le lampadaire clignote toute la nuit.',
      lieu: { lat: 45.6978, lon: 4.8821 },
      repere: 'Arrêt de tram Vénissieux – Croizat',
    },
  },
  {
    key: 'demo-gru-venissieux-espace-vert',
    service: { provider: 'metropole', slug: 'signaler-un-probleme' },
    answers: {
      categorie: 'espace-vert',
      description: 'Le jeu pour enfants du square a une planche cassée.',
      lieu: { lat: 45.698, lon: 4.883 },
    },
    anonymousEmail: 'parent@example.org',
    agent: { email: 'agent.venissieux@example.org', steps: [] },
  },
  {
    key: 'demo-gru-metropole-voirie',
    service: { provider: 'metropole', slug: 'signaler-un-probleme' },
    answers: {
      categorie: 'nid-de-poule',
      description: 'Nid de poule profond sur la voie de droite.',
      lieu: { lat: 45.76, lon: 4.8393 },
      repere: 'Quai Jules-Courmont',
    },
  },
  {
    key: 'demo-gru-metropole-tag',
    service: { provider: 'metropole', slug: 'signaler-un-probleme' },
    answers: { categorie: 'tag', description: 'Tag sur le mur du pont.', lieu: { lat: 45.761, lon: 4.84 } },
    anonymousEmail: 'riverain@example.org',
    agent: { email: 'agent.metropole@example.org', steps: [{ to: 'en-cours' }] },
  },
];

/**
 * The back-office's demo: requests of each kind waiting in the inbox of the demo agents of Givors,
 * Vénissieux and the metropolis — new ones, one taken, one waiting for the citizen's answer. Idempotent: each
 * request is submitted once (its idempotency key), and processed only when it was just made.
 */
export async function seedBackofficeDemo(services: Services): Promise<void> {
  const citizen = await findAccountByEmail(services.db, CITIZEN);
  for (const demo of DEMO_REQUESTS) {
    const provider = await services.tenants.bySlug(demo.service.provider);
    const eservice = provider ? await findEServiceOfTenant(services.db, provider.id, demo.service.slug) : undefined;
    if (!provider || !eservice?.published_form_version_id || (!citizen && !demo.anonymousEmail)) continue;
    const result = await submitValidRequest(services, {
      eservice,
      provider,
      form: await loadFormVersion(services.db, eservice.published_form_version_id),
      answers: demo.answers,
      citizen:
        demo.anonymousEmail || !citizen
          ? null
          : { userId: citizen.id, email: citizen.email, displayName: citizen.display_name, via: 'session' },
      contact: { email: demo.anonymousEmail ?? citizen?.email ?? '', sms: null },
      idempotency: { key: demo.key, fingerprint: demo.key },
    });
    if (result.replayed || !demo.agent) continue;
    const agent = await findAccountByEmail(services.db, demo.agent.email);
    if (!agent) continue;
    const actor = {
      userId: agent.id,
      label: agent.display_name,
      ip: null,
      kind: 'agent' as const,
      roles: ['agent' as const],
    };
    await assignRequest(services, {
      holder: result.holder,
      requestId: result.request.id,
      expectedVersion: null,
      actor,
      to: { kind: 'me' },
    });
    for (const step of demo.agent.steps) {
      await performTransition(services, {
        holder: result.holder,
        requestId: result.request.id,
        expectedVersion: null,
        actor,
        to: step.to,
        raw: { text: step.text, note: step.note },
      });
    }
  }
}
