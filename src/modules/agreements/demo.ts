import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findLatestAgreement, listAnnexesAllCommunes } from './agreements.repo.ts';
import { addDays, parisDay } from '../../platform/paris-time.ts';
import { createMeeting } from './create-meeting.ts';
import { listMeetings } from './governance.repo.ts';
import { publishMinutes } from './publish-minutes.ts';
import { recordAgreement } from './record-agreement.ts';

const DEMO: AuditActor = { userId: null, label: 'démonstration', ip: null };

/**
 * The demo communes' agreements: Givors (Partenaire, billed 10 800 € before, the seed's own case),
 * Vénissieux (Abonné, with laclasse.com converging from a lower former amount), Rillieux-la-Pape (Connecté, joining
 * mid-2026), and project-committee minutes awaiting the Partenaire communes' approval. Idempotent: what exists is
 * left alone. Their billing figures (Syntec values, Rillieux's connector) are the billing module's demo.
 */
export async function seedAgreementsDemo(services: Services): Promise<void> {
  const today = parisDay(services.clock.now());

  const communes = [
    {
      slug: 'givors',
      communeSignedOn: '2025-10-06',
      metropoleSignedOn: '2025-10-20',
      services: { toodego: 'partenaire', laclasse: 'subscribed', opendata: 'subscribed', geonet: 'subscribed' },
      previouslyBilledCents: { toodego: 1_080_000 },
    },
    {
      slug: 'venissieux',
      communeSignedOn: '2025-11-12',
      metropoleSignedOn: '2025-12-01',
      services: { toodego: 'abonne', laclasse: 'subscribed', opendata: 'subscribed', geonet: 'subscribed' },
      previouslyBilledCents: { laclasse: 300_000 },
    },
    {
      slug: 'rillieux-la-pape',
      communeSignedOn: '2026-02-02',
      metropoleSignedOn: '2026-03-16',
      services: { toodego: 'connecte', laclasse: 'none', opendata: 'subscribed', geonet: 'none' },
      previouslyBilledCents: {},
    },
  ] as const;
  for (const demo of communes) {
    const commune = await services.tenants.bySlug(demo.slug);
    if (!commune || demo.metropoleSignedOn > today || (await withTenant(services.db, commune.id, findLatestAgreement)))
      continue;
    await recordAgreement(services, {
      commune,
      actor: DEMO,
      communeSignedOn: demo.communeSignedOn,
      metropoleSignedOn: demo.metropoleSignedOn,
      services: demo.services,
      previouslyBilledCents: demo.previouslyBilledCents,
    });
  }

  if ((await listMeetings(services.db)).length === 0 && (await listAnnexesAllCommunes(services.db)).length > 0) {
    const created = await createMeeting(services, {
      actor: DEMO,
      kind: 'toodego_project',
      title: 'Comité de projet Toodego du trimestre',
      heldOn: addDays(today, -3),
      minutes:
        'Participants : la Métropole et les référents des communes partenaires.\n\n1. Plan d’action du trimestre : mise en ligne du signalement d’anomalies sur l’espace public.\n2. Ligne éditoriale de la plateforme.\n3. Prochaine réunion dans trois mois.',
      communeId: null,
    });
    if (created.ok)
      await publishMinutes(services, { actor: DEMO, meetingId: created.meeting.id, minutes: created.meeting.minutes });
  }
}
