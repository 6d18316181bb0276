import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { addDays } from '../../platform/paris-time.ts';
import { listMinutesPastDeadline, updateMeeting } from './governance.repo.ts';

/**
 * Annexe Toodego §5.1: "À défaut de réponse dans ce délai le compte rendu sera considéré comme approuvé." Minutes still
 * awaiting approval once their fifteen days are over become approved, dated the day after the deadline whenever the
 * job runs; contested minutes wait for a corrected version. Run daily by the governance job.
 */
export async function approveMinutesTacitly(services: Services, options: { today: string }): Promise<number> {
  const due = await listMinutesPastDeadline(services.db, options.today);
  for (const meeting of due) {
    const approvedOn = addDays(meeting.approval_deadline_on as string, 1);
    await services.db.transaction().execute(async (trx) => {
      await updateMeeting(trx, meeting.id, { status: 'approved', approved_on: approvedOn, approved_tacitly: true });
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: null,
        action: 'governance.minutes.approved-tacitly',
        target: { type: 'governance_meeting', id: meeting.id },
        details: { deadline: meeting.approval_deadline_on, approvedOn },
        at: services.clock.now(),
      });
    });
  }
  return due.length;
}
