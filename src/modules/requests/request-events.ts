import { defineEvent } from '../../platform/events/domain-events.ts';
import type { NotificationKind } from '../../platform/app-module/app-module.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { Answers } from '../forms/index.ts';
import type { RoutingDecision } from './routing/route-request.ts';

/**
 * Requests were submitted to one administration and are stored, acknowledged and searchable: emitted by the job that
 * follows a batch of submissions, in its transaction. `requestIds` are all of them; `openRequestIds` leaves out those
 * closed at once (relayed by e-mail to a commune that does not process its requests here), which no agent here handles
 * but whose citizen may still have booked a time with the form.
 */
export const requestsSubmitted = defineEvent<{
  holder: ResolvedTenant;
  requestIds: string[];
  openRequestIds: string[];
}>('requests.submitted');

/**
 * A request was relayed at submission to a commune that does not process its requests here (its e-mail is planned in
 * the same transaction): emitted in that transaction, so a module that also hands it to the commune's own system
 * enqueues its delivery with the request or not at all.
 */
export const requestRelayed = defineEvent<{
  holder: ResolvedTenant;
  request: { id: string; number: string; submittedAt: Date; contactEmail: string | null; answers: Answers };
  eservice: { slug: string; title: string };
  routing: RoutingDecision;
}>('requests.relayed');

/**
 * A request moved to another status of its workflow (an agent, a timer, the citizen's answer, the platform): emitted
 * in that move's transaction, after the history and the citizen's own notification, so a module that tells others
 * (the followers of a public report) does it with the move or not at all. `citizenLabel` is the status as citizens
 * read it, null when the status is internal (citizens see no change).
 */
export const requestStatusChanged = defineEvent<{
  holder: ResolvedTenant;
  requestId: string;
  statusChangeId: string;
  status: string;
  citizenLabel: string | null;
  final: boolean;
  note: string | null;
  at: Date;
}>('requests.status-changed');

/**
 * The citizen who holds an account was told something about their request (a step, a message, a question): emitted
 * in the transaction that planned the e-mail and SMS, so a module keeping in-app notifications records it with them.
 * `path` is the request's page for the citizen; `key` names the news (a replay tells once).
 */
export const citizenNotified = defineEvent<{
  holder: ResolvedTenant;
  requestId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  path: string;
  key: string;
}>('requests.citizen-notified');

/**
 * Agents were told something about a request (a citizen's message, a workflow's notice): emitted by the job that
 * e-mails them, in its transaction, with every agent concerned (whatever their e-mail preference).
 */
export const agentsNotified = defineEvent<{
  holder: ResolvedTenant;
  requestId: string;
  userIds: string[];
  kind: NotificationKind;
  title: string;
  path: string;
  key: string;
}>('requests.agents-notified');
