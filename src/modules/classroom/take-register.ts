import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { tenantPath } from '../../platform/http/render.tsx';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import { formatCalendarDate } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { listGroupPeople, listParentContacts, type SchoolViewer } from '../school/index.ts';
import { deleteMark, listSessionMarks, upsertMark } from './attendance.repo.ts';
import { mayTeachClass } from './classroom-rights.ts';
import type { MarkKind } from './classroom.tables.ts';
import { findSession, markRegisterTaken } from './log.repo.ts';

export type Presence = { kind: 'present' } | { kind: 'absent' } | { kind: 'late'; minutes: number | null };

/**
 * Takes (or corrects) a session's register: each pupil of the class present, absent or late. A pupil newly marked
 * absent or late, or moved from one to the other, has their parents told by e-mail (through the mail queue, in this
 * transaction); a correction back to present removes the mark and sends nothing. Pupils not of the class are refused.
 */
export async function takeRegister(
  services: Services,
  options: { viewer: SchoolViewer; sessionId: string; presences: ReadonlyMap<string, Presence>; actor: AuditActor },
): Promise<'done' | 'not_found' | 'unknown_pupil'> {
  const at = services.clock.now();
  const { school } = options.viewer;
  const tenant = await services.tenants.byId(school.tenant_id);
  return withTenant(services.db, school.tenant_id, async (trx) => {
    const session = await findSession(trx, school.id, options.sessionId);
    if (!session || !mayTeachClass(options.viewer, session.group_id)) return 'not_found';
    const pupils = (await listGroupPeople(trx, school.id, session.group_id)).filter((p) => p.profile === 'pupil');
    if ([...options.presences.keys()].some((id) => !pupils.some((p) => p.personId === id))) return 'unknown_pupil';
    const before = new Map((await listSessionMarks(trx, session.id)).map((m) => [m.pupil_id, m.kind]));
    const newlyMarked: Array<{ pupilId: string; kind: MarkKind; minutes: number | null }> = [];
    for (const [pupilId, presence] of options.presences) {
      if (presence.kind === 'present') {
        if (before.has(pupilId)) await deleteMark(trx, session.id, pupilId);
        continue;
      }
      const minutes = presence.kind === 'late' ? presence.minutes : null;
      await upsertMark(trx, {
        schoolId: school.id,
        sessionId: session.id,
        pupilId,
        kind: presence.kind,
        minutesLate: minutes,
        by: options.actor.label,
        at,
      });
      if (before.get(pupilId) !== presence.kind) newlyMarked.push({ pupilId, kind: presence.kind, minutes });
    }
    await markRegisterTaken(trx, session.id, at);
    const parents = await listParentContacts(
      trx,
      newlyMarked.map((m) => m.pupilId),
    );
    const url = `${services.config.publicUrl}${tenantPath(tenant?.slug ?? '', `/ecole/${school.uai}/absences`)}`;
    const when = `le ${formatCalendarDate(session.day)} à ${session.starts_at.replace(':', ' h ')} (${session.subject})`;
    const mails = newlyMarked.flatMap((mark) => {
      const child = pupils.find((p) => p.personId === mark.pupilId);
      const name = child ? `${child.firstName} ${child.lastName}` : 'Votre enfant';
      const fact =
        mark.kind === 'absent'
          ? `${name} a été noté(e) absent(e) ${when}.`
          : `${name} est arrivé(e) en retard ${when}${mark.minutes ? ` (${mark.minutes} min)` : ''}.`;
      return parents
        .filter((p) => p.childId === mark.pupilId)
        .map((parent) =>
          emailJob({
            to: parent.email,
            tenantId: school.tenant_id,
            content: {
              subject: mark.kind === 'absent' ? `Absence de ${name}` : `Retard de ${name}`,
              greeting: `Bonjour ${parent.firstName} ${parent.lastName},`,
              paragraphs: [
                fact,
                "Si vous connaissez le motif, signalez-le à la vie scolaire de l'école, qui l'enregistrera.",
              ],
              action: { label: 'Voir les absences', url },
              signature: school.name,
            },
          }),
        );
    });
    if (mails.length) await services.jobs.enqueueAll(trx, mails);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'classroom.register_taken',
      target: { type: 'classroom_session', id: session.id },
      details: { marked: newlyMarked.length, notified: mails.length },
      at,
    });
    return 'done';
  });
}
