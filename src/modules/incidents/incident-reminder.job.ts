import { z } from 'zod';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import { defineJob } from '../../platform/jobs/job-definition.ts';
import type { Services } from '../../platform/services.ts';
import { operatorAddresses } from '../support/index.ts';
import { CLOCK_LABELS, type ClockName, clockState, durationText, REMINDERS } from './incident-clocks.ts';
import { tellOperators } from './incident-mail.ts';
import { findIncident, insertIncidentEvent } from './incidents.repo.ts';
import type { IncidentRow } from './incidents.tables.ts';

const ZReminder = z.object({
  incidentId: z.uuid(),
  clock: z.enum(['alerte', 'cnil']),
  stage: z.enum(['rappel', 'dernier-rappel', 'depasse']),
});

/**
 * A reminder of one clock of a report, planned at its report for its time (on the injected clock): when it runs,
 * a clock already kept, or no longer running, sends nothing; otherwise the operators get an e-mail and the history a
 * line. Each reminder is one job (dedupe key), so a retried run or several workers send it once.
 */
export const incidentReminderJob = defineJob({
  name: 'incidents.reminder',
  schema: ZReminder,
  handler: async (payload, { services }) => {
    await remindOf(services, payload);
  },
});

export async function remindOf(services: Services, payload: z.infer<typeof ZReminder>): Promise<boolean> {
  const incident = await findIncident(services.db, payload.incidentId);
  if (!incident) return false;
  const state = clockState(incident, payload.clock, services.clock.now());
  const due = payload.stage === 'depasse' ? state.status === 'depasse' : state.status === 'en-cours';
  if (!due) return false;
  const reporter = await services.tenants.byId(incident.tenant_id);
  if (!reporter) return false;
  const operators = await operatorAddresses(services, services.db);
  const text =
    state.status === 'en-cours'
      ? `Il reste ${durationText(state.remainingMs)} : ${CLOCK_LABELS[payload.clock].toLowerCase()}.`
      : `Le délai est dépassé : ${CLOCK_LABELS[payload.clock].toLowerCase()}.`;
  await services.db.transaction().execute(async (trx) => {
    await insertIncidentEvent(trx, {
      tenant_id: incident.tenant_id,
      incident_id: incident.id,
      kind: 'rappel',
      body: text,
      actor_label: 'Communs',
      side: 'metropole',
      at: services.clock.now(),
    });
    await tellOperators(services, trx, {
      operators,
      incident,
      reporter,
      subject: payload.stage === 'depasse' ? 'Délai dépassé' : 'Rappel d’échéance',
      paragraphs: [text],
      dedupe: `incident-${payload.clock}-${payload.stage}:${incident.id}`,
    });
  });
  return true;
}

/** Plans every reminder of a new report's clocks, each at its time (a time already past: at once). */
export async function scheduleReminders(services: Services, db: Executor, incident: IncidentRow): Promise<void> {
  const clocks: Array<[ClockName, Date | null]> = [
    ['alerte', incident.alert_due_at],
    ['cnil', incident.cnil_due_at],
  ];
  const now = services.clock.now().getTime();
  for (const [clock, dueAt] of clocks) {
    if (!dueAt) continue;
    for (const { stage, before } of REMINDERS[clock]) {
      const runAt = dueAt.getTime() - before;
      // A reminder whose moment passed before the report was made is not sent late: only the passed deadline is.
      if (runAt < now && stage !== 'depasse') continue;
      await services.jobs.enqueue(
        db,
        incidentReminderJob,
        { incidentId: incident.id, clock, stage },
        {
          runAt: new Date(Math.max(runAt, now)),
          tenantId: incident.tenant_id,
          dedupeKey: `incident:${incident.id}:${clock}:${stage}`,
        },
      );
    }
  }
}
