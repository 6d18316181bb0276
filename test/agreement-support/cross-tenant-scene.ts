import { SYSTEM_ACTOR } from '../../src/platform/audit/audit.repo.ts';
import { parisDay } from '../../src/platform/paris-time.ts';
import { createMeeting } from '../../src/modules/agreements/create-meeting.ts';
import { publishMinutes } from '../../src/modules/agreements/publish-minutes.ts';
import { recordAgreement } from '../../src/modules/agreements/record-agreement.ts';
import { recordDispute } from '../../src/modules/agreements/record-dispute.ts';
import { recordFormalNotice } from '../../src/modules/agreements/record-formal-notice.ts';
import { recordTerminationNotice } from '../../src/modules/agreements/record-termination-notice.ts';
import { issueYearlyOrders } from '../../src/modules/billing/issue-yearly-orders.ts';
import type { Attempt, IsolationCase, IsolationWorld } from '../cross-tenant/isolation.ts';

/**
 * The scene the agreements' and billing's cross-tenant cases share (their routes show one commune's contract and its
 * money): commune A owns an agreement (with a termination notice and its checklist, a formal notice, a dispute), a
 * revenue order and minutes sent to it alone; commune B has none. Built once per isolation world, whichever module's
 * case asks first. Operators' pages exist only on the metropolis's instance; a commune's pages only for its
 * administrators.
 */
export type Fixtures = {
  orderId: string;
  meetingId: string;
  taskId: string;
  formalNoticeId: string;
  disputeId: string;
};

const made = new WeakMap<IsolationWorld, Promise<Fixtures>>();

export function fixtures(world: IsolationWorld): Promise<Fixtures> {
  let promise = made.get(world);
  if (!promise) {
    promise = build(world);
    made.set(world, promise);
  }
  return promise;
}

async function build({ t, communeA }: IsolationWorld): Promise<Fixtures> {
  const services = t.services;
  const today = parisDay(services.clock.now());
  const commune = (await services.tenants.bySlug(communeA.slug)) ?? communeA;
  const signed = `${Number(today.slice(0, 4)) - 1}-12-01`;
  const agreement = await recordAgreement(services, {
    commune,
    actor: SYSTEM_ACTOR,
    communeSignedOn: signed,
    metropoleSignedOn: signed,
    services: { toodego: 'partenaire', laclasse: 'subscribed', opendata: 'none', geonet: 'none' },
    previouslyBilledCents: {},
  });
  if (!agreement.ok) throw new Error(JSON.stringify(agreement.errors));
  await issueYearlyOrders(services, { today: today.slice(5) >= '06-01' ? today : `${today.slice(0, 4)}-06-01` });
  const formal = await recordFormalNotice(services, {
    commune,
    actor: SYSTEM_ACTOR,
    fromParty: 'metropole',
    receivedOn: today,
    grounds: 'Essai',
  });
  const dispute = await recordDispute(services, {
    commune,
    actor: SYSTEM_ACTOR,
    fromParty: 'commune',
    receivedOn: today,
    subject: 'Essai',
  });
  const notice = await recordTerminationNotice(services, {
    commune,
    actor: SYSTEM_ACTOR,
    fromParty: 'commune',
    receivedOn: today,
  });
  if (!formal.ok || !dispute.ok || !notice.ok) throw new Error('fixtures of commune A');
  const meeting = await createMeeting(services, {
    actor: SYSTEM_ACTOR,
    kind: 'toodego_project',
    title: 'COPROJ',
    heldOn: today,
    minutes: 'Compte rendu.',
    communeId: null,
  });
  if (!meeting.ok) throw new Error('meeting');
  await publishMinutes(services, { actor: SYSTEM_ACTOR, meetingId: meeting.meeting.id, minutes: 'Compte rendu.' });
  const order = await services.db
    .selectFrom('revenue_order')
    .select('id')
    .where('tenant_id', '=', commune.id)
    .executeTakeFirstOrThrow();
  const task = await services.db
    .selectFrom('transition_task')
    .select('id')
    .where('tenant_id', '=', commune.id)
    .executeTakeFirstOrThrow();
  return {
    orderId: order.id,
    meetingId: meeting.meeting.id,
    taskId: task.id,
    formalNoticeId: formal.notice.id,
    disputeId: dispute.dispute.id,
  };
}

/** A metropolis operators' route: nobody else, from any instance, reaches it; operators do. */
export function operatorOnly(
  method: 'GET' | 'POST',
  route: string,
  url: (world: IsolationWorld, f: Fixtures) => string,
  form: Record<string, string> = {},
): IsolationCase {
  return {
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixtures(world);
      const path = url(world, f);
      const attempts: Attempt[] = [
        { as: 'adminOfA', method, url: path, form, expect: 404 },
        { as: 'adminOfA', method, url: `/c/${world.communeA.slug}${path}`, form, expect: 404 },
        { as: 'adminOfB', method, url: path, form, expect: 404 },
        { as: 'agentOfA', method, url: path, form, expect: 404 },
        { as: 'citizen', method, url: path, form, expect: 404 },
      ];
      if (method === 'GET')
        attempts.push(
          { as: 'anonymous', method, url: path, expect: 303 },
          { as: 'operator', method, url: path, expect: 200 },
        );
      return attempts;
    },
  };
}

/**
 * A commune's own page: its administrators and operators; another commune's people get 404. A page of one of A's
 * objects (an order, minutes) is also tried through B's own instance, where it must not exist either.
 */
export function communeOwn(route: string, path: (f: Fixtures) => string): IsolationCase {
  return {
    route: `GET ${route}`,
    attempts: async (world) => {
      const f = await fixtures(world);
      const a = `/c/${world.communeA.slug}${path(f)}`;
      return [
        { as: 'adminOfB', method: 'GET', url: a, expect: 404 },
        ...(route.includes(':id')
          ? [
              {
                as: 'adminOfB' as const,
                method: 'GET' as const,
                url: `/c/${world.communeB.slug}${path(f)}`,
                expect: 404,
              },
            ]
          : []),
        { as: 'agentOfA', method: 'GET', url: a, expect: 404 },
        { as: 'citizen', method: 'GET', url: a, expect: 404 },
        { as: 'anonymous', method: 'GET', url: a, expect: 303 },
        { as: 'adminOfA', method: 'GET', url: path(f), expect: 404 },
        { as: 'adminOfA', method: 'GET', url: a, expect: 200 },
        { as: 'operator', method: 'GET', url: a, expect: 200 },
      ];
    },
  };
}

/** The address of commune A's file. */
export const file = (w: IsolationWorld) => `/admin/conventions/${w.communeA.slug}`;
