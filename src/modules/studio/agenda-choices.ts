import type { Services } from '../../platform/services.ts';

/**
 * What an appointment field may book, as the builder offers it: one "Agenda — motif" choice per active meeting type
 * of an active agenda of the administration. The module keeping agendas is above the studio: it is found among the
 * application's descriptors (`appointmentSlots`), never imported; without it there is nothing to choose.
 */
export type AgendaChoice = { value: string; label: string; agendaId: string; meetingTypeId: string };

/** The value of a choice in the editor's select: both ids, so one input names what the field books. */
export const agendaChoiceValue = (agendaId: string, meetingTypeId: string) => `${agendaId}/${meetingTypeId}`;

export async function agendaChoices(services: Services, tenantId: string): Promise<AgendaChoice[]> {
  const slots = services.modules.find((m) => m.appointmentSlots)?.appointmentSlots;
  if (!slots) return [];
  const agendas = await slots.agendas(services, tenantId);
  return agendas.flatMap((agenda) =>
    agenda.meetingTypes.map((type) => ({
      value: agendaChoiceValue(agenda.id, type.id),
      label: `${agenda.name} — ${type.name}`,
      agendaId: agenda.id,
      meetingTypeId: type.id,
    })),
  );
}
