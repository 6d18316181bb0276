import type { AppointmentHold, AppointmentSlots } from '../../platform/app-module/app-module.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { type AppointmentAnswer, type Answers, isAppointmentAnswer } from './answers.ts';
import { type Field, type FormDefinition, inputFields } from './form-definition.ts';
import { visibility } from './form-engine.ts';

/**
 * The appointment field's dealings with the module that keeps agendas, which is above forms: it is found among the
 * application's descriptors (`appointmentSlots`), never imported. The engine stays pure; these functions are what a
 * page of a form does around it: show the free times, hold the one chosen, keep the hold until the request is sent.
 */

type AppointmentField = Extract<Field, { type: 'appointment' }>;

/** What the field shows: the days with free times, the chosen day's times, the time already held. */
export type AppointmentChoice = {
  /** Nothing bookable (no such agenda, or no module keeping agendas). */
  unavailable: boolean;
  title: string;
  days: Array<{ day: string; count: number }>;
  day: string | undefined;
  /** The chosen day's free times, ISO instants. */
  times: string[];
  held: AppointmentAnswer | undefined;
};

/** Days a page lists: a month of open days is plenty to choose from, and keeps the page short. */
const DAYS_SHOWN = 31;

function slotsOf(services: Services): AppointmentSlots | undefined {
  return services.modules.find((m) => m.appointmentSlots)?.appointmentSlots;
}

const appointmentFields = (fields: readonly Field[]) =>
  fields.filter((f): f is AppointmentField => f.type === 'appointment');

const answerOf = (tenantId: string, hold: AppointmentHold): AppointmentAnswer => ({
  appointmentId: hold.appointmentId,
  tenantId,
  startsAt: hold.startsAt.toISOString(),
  label: hold.label,
});

/**
 * The choices of a page's appointment fields, for its view. `day` is the day the citizen picked (a plain link, so
 * it works without JavaScript); otherwise the held time's day, else the first day with a free time.
 */
export async function appointmentChoices(
  services: Services,
  tenantId: string,
  fields: readonly Field[],
  answers: Answers,
  day: string | undefined,
): Promise<Record<string, AppointmentChoice>> {
  const choices: Record<string, AppointmentChoice> = {};
  const slots = slotsOf(services);
  for (const field of appointmentFields(fields)) {
    const held = answers[field.key];
    const heldAnswer = isAppointmentAnswer(held) ? held : undefined;
    const offer = slots ? await slots.offer(services, tenantId, field) : undefined;
    const days = (offer?.days ?? []).map((d) => ({ day: d.day, starts: d.starts.map((s) => s.toISOString()) }));
    // The citizen's own held time has taken its seat: shown among its day's times all the same.
    if (heldAnswer) {
      const heldDay = parisDay(new Date(heldAnswer.startsAt));
      const entry = days.find((d) => d.day === heldDay);
      if (!entry) days.push({ day: heldDay, starts: [heldAnswer.startsAt] });
      else if (!entry.starts.includes(heldAnswer.startsAt)) entry.starts.push(heldAnswer.startsAt);
      days.sort((a, b) => a.day.localeCompare(b.day));
      for (const d of days) d.starts.sort();
    }
    const shown = days.slice(0, DAYS_SHOWN);
    const chosen =
      days.find((d) => d.day === day) ??
      (heldAnswer ? days.find((d) => d.day === parisDay(new Date(heldAnswer.startsAt))) : undefined) ??
      shown[0];
    if (chosen && !shown.includes(chosen)) shown.push(chosen);
    choices[field.key] = {
      unavailable: !offer,
      title: offer?.title ?? '',
      days: shown.map((d) => ({ day: d.day, count: d.starts.length })),
      day: chosen?.day,
      times: chosen?.starts ?? [],
      held: heldAnswer,
    };
  }
  return choices;
}

/**
 * After a page of a form is checked: each appointment field answered with a time (what the engine leaves there) gets
 * a hold on it, replacing the citizen's earlier hold; the same time again keeps the hold on. A time taken meanwhile
 * is an error on its field. Autosave holds nothing: the answer stays as it was.
 */
export async function holdAppointments(
  services: Services,
  input: { tenantId: string; definition: FormDefinition; known: Answers; answers: Answers; lenient: boolean },
): Promise<{ answers: Answers; errors: FieldErrors }> {
  const answers = { ...input.answers };
  const errors: FieldErrors = {};
  const slots = slotsOf(services);
  for (const field of appointmentFields(input.definition.fields)) {
    const chosen = answers[field.key];
    if (typeof chosen !== 'string') continue;
    const previous = input.known[field.key];
    const earlier = isAppointmentAnswer(previous) ? previous : undefined;
    if (input.lenient || !slots) {
      if (earlier) answers[field.key] = earlier;
      else delete answers[field.key];
      if (!input.lenient) errors[field.key] = 'Les rendez-vous ne sont pas proposés pour le moment.';
      continue;
    }
    const booking = { agendaId: field.agendaId, meetingTypeId: field.meetingTypeId, startsAt: new Date(chosen) };
    const outcome =
      earlier?.startsAt === chosen
        ? await slots.renew(services, input.tenantId, { ...booking, appointmentId: earlier.appointmentId })
        : await slots.hold(services, input.tenantId, { ...booking, replacing: earlier?.appointmentId });
    if (outcome.ok) answers[field.key] = answerOf(input.tenantId, outcome.hold);
    else {
      errors[field.key] = outcome.message;
      if (earlier) answers[field.key] = earlier;
      else delete answers[field.key];
    }
  }
  return { answers, errors };
}

/**
 * Before a form is sent: every held time of its visible appointment fields is kept on until the request confirms it
 * (taken again if it ran out and is still free). A time lost is an error on its field, with its page.
 */
export async function renewAppointmentHolds(
  services: Services,
  input: { definition: FormDefinition; answers: Answers },
): Promise<{ errors: FieldErrors; pages: Record<string, number> }> {
  const errors: FieldErrors = {};
  const pages: Record<string, number> = {};
  const slots = slotsOf(services);
  const seen = visibility(input.definition, input.answers);
  for (const field of inputFields(input.definition)) {
    const answer = input.answers[field.key];
    if (field.type !== 'appointment' || !isAppointmentAnswer(answer) || !seen.get(field.key)?.visible) continue;
    const outcome = slots
      ? await slots.renew(services, answer.tenantId, {
          agendaId: field.agendaId,
          meetingTypeId: field.meetingTypeId,
          startsAt: new Date(answer.startsAt),
          appointmentId: answer.appointmentId,
        })
      : { ok: false as const, message: 'Les rendez-vous ne sont pas proposés pour le moment.' };
    if (!outcome.ok) {
      errors[field.key] = outcome.message;
      pages[field.key] = seen.get(field.key)?.page ?? 0;
    }
  }
  return { errors, pages };
}
