import { defineEvent } from '../../platform/events/domain-events.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

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
}>(
  'requests.submitted',
);
