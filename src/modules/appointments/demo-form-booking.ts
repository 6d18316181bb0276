import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServiceOfTenant, publishEService } from '../catalogue/index.ts';
import type { FormDefinitionInput } from '../forms/index.ts';

export const FORM_BOOKING_DEMO_SLUG = 'carte-identite-passeport';

/** A form whose last page books the appointment at the desk, with the agenda and motif it names. */
export function identityCardForm(agendaId: string, meetingTypeId: string): FormDefinitionInput {
  return {
    title: 'Votre demande',
    fields: [
      {
        type: 'choice',
        key: 'titre',
        label: 'Quel titre demandez-vous ?',
        options: [
          { value: 'carte', label: 'Carte nationale d’identité' },
          { value: 'passeport', label: 'Passeport' },
          { value: 'les-deux', label: 'Les deux' },
        ],
      },
      { type: 'text', key: 'nom', label: 'Nom et prénom', prefill: 'fullName' },
      { type: 'pageBreak', key: 'page_rdv', title: 'Votre rendez-vous' },
      {
        type: 'explanation',
        key: 'pieces',
        text: 'Venez en personne avec votre pré-demande et vos justificatifs : les empreintes sont relevées au guichet.',
      },
      {
        type: 'appointment',
        key: 'rendez_vous',
        label: 'Rendez-vous au guichet',
        agendaId,
        meetingTypeId,
      },
    ],
  };
}

/**
 * The demo's e-service that books from its form: Givors's identity cards and passports, on the civil registry's
 * agenda (its filing motif). Left alone once published.
 */
export async function seedFormBookingDemo(
  services: Services,
  tenant: ResolvedTenant,
  booking: { agendaId: string; meetingTypeId: string },
): Promise<void> {
  if (await findEServiceOfTenant(services.db, tenant.id, FORM_BOOKING_DEMO_SLUG)) return;
  await publishEService(services, {
    provider: tenant,
    actor: SYSTEM_ACTOR,
    slug: FORM_BOOKING_DEMO_SLUG,
    title: 'Demander une carte d’identité ou un passeport',
    summary: 'Faites votre demande et prenez rendez-vous au guichet de l’état civil de Givors, en une fois.',
    description:
      'Le rendez-vous choisi vous est réservé pendant que vous remplissez le formulaire, puis confirmé par courriel à l’envoi de votre demande.',
    themes: ['État civil', 'Citoyenneté'],
    keywords: ['carte d’identité', 'passeport', 'rendez-vous', 'titre d’identité'],
    access: 'anonymous',
    settings: {
      office: {
        name: 'Service de l’état civil',
        email: 'etat-civil@givors.example.org',
        phone: '04 72 00 18 19',
        postalAddress: 'Place Camille-Vallin, 69700 Givors',
      },
      legal: { kind: 'declaration' },
    },
    form: identityCardForm(booking.agendaId, booking.meetingTypeId),
  });
}
