import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listAgendas, listMeetingTypes } from './agenda.repo.ts';
import { seedFormBookingDemo } from './demo-form-booking.ts';
import { configureAgenda } from './configure-agenda.ts';
import { createAgenda } from './save-agenda.ts';

const DEMO: AuditActor = { userId: null, label: 'démonstration', ip: null };

const WEEKDAYS = [1, 2, 3, 4, 5];
const OFFICE_HOURS = WEEKDAYS.flatMap((weekday) => [
  { weekday, opensMinute: 8 * 60 + 30, closesMinute: 12 * 60 },
  { weekday, opensMinute: 13 * 60 + 30, closesMinute: 17 * 60 },
]);

/**
 * Two bookable agendas: the metropolis's reception desk and Givors's civil registry (Partenaire), open on weekdays
 * and closed on public holidays. Idempotent: a tenant that has agendas is left alone.
 */
export async function seedAppointmentsDemo(services: Services): Promise<void> {
  const desks = [
    {
      slug: 'metropole',
      settings: {
        name: 'Accueil de l’hôtel de la Métropole',
        desk: 'Accueil du public',
        place: '20 rue du Lac, 69003 Lyon',
        resources: 'Deux bureaux d’accueil',
        capacity: 2,
      },
      types: [
        { name: 'Renseignement sur une démarche', durationMinutes: 15 },
        { name: 'Aide à la saisie d’une demande en ligne', durationMinutes: 30 },
      ],
    },
    {
      slug: 'givors',
      settings: {
        name: 'Passeports et cartes d’identité',
        desk: 'État civil de Givors',
        place: 'Hôtel de ville, place Camille-Vallin, 69700 Givors',
        resources: 'Station de recueil des empreintes',
        capacity: 1,
      },
      types: [
        { name: 'Dépôt d’une demande de carte d’identité ou de passeport', durationMinutes: 30 },
        { name: 'Retrait d’un titre', durationMinutes: 15 },
      ],
    },
  ];
  for (const desk of desks) {
    const tenant = await services.tenants.bySlug(desk.slug);
    if (!tenant) continue;
    const existing = await withTenant(services.db, tenant.id, (trx) => listAgendas(trx));
    if (existing.length === 0) await seedAgenda(services, tenant, desk);
    if (desk.slug === 'givors') {
      const booking = await withTenant(services.db, tenant.id, async (trx) => {
        const agenda = (await listAgendas(trx)).find((a) => a.name === desk.settings.name);
        const types = agenda ? await listMeetingTypes(trx, agenda.id, { activeOnly: true }) : [];
        // The identity card is applied for at the desk: the form books the filing, not the collection.
        const type = types.find((t) => t.name.startsWith('Dépôt')) ?? types[0];
        return agenda && type ? { agendaId: agenda.id, meetingTypeId: type.id } : undefined;
      });
      if (booking) await seedFormBookingDemo(services, tenant, booking);
    }
  }
}

type DemoDesk = {
  settings: { name: string; desk: string; place: string; resources: string; capacity: number };
  types: Array<{ name: string; durationMinutes: number }>;
};

async function seedAgenda(services: Services, tenant: ResolvedTenant, desk: DemoDesk): Promise<void> {
  const id = await createAgenda(services, tenant, DEMO, {
    ...desk.settings,
    slotMinutes: 15,
    horizonDays: 60,
    minNoticeHours: 2,
    changeLimitHours: 24,
    reminderHours: 24,
    closedOnHolidays: true,
    active: true,
  });
  for (const type of desk.types) await configureAgenda(services, tenant, DEMO, id, { kind: 'addMeetingType', ...type });
  await configureAgenda(services, tenant, DEMO, id, { kind: 'setOpeningHours', hours: OFFICE_HOURS });
}
