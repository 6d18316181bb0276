import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { CalendarDate } from '../../platform/paris-time.ts';
import { SHARED_SERVICES } from '../../platform/tenancy/tenancy.repo.ts';
import { type AgreementCalendar, agreementCalendar } from './agreement-terms.ts';
import { listAgreements, listAmendments, listAnnexes, listTasks } from './agreements.repo.ts';
import { listDisputes, listNotices } from './notices.repo.ts';
import type {
  Agreement,
  AgreementAmendment,
  AgreementAnnex,
  AgreementDispute,
  AgreementNotice,
  TransitionTask,
} from './agreements.tables.ts';
import { offerOn } from './annex-periods.ts';

/** A commune's contract: its agreements, latest first (the first is the current or last one), and the live annexes. */
export type Contract = { agreements: Agreement[]; annexes: AgreementAnnex[] };

/** Everything a commune's agreement file shows of the agreement, for operators (with forms) and the commune. */
export type AgreementFile = {
  commune: { id: string; name: string; slug: string; inseeCode: string | null };
  today: CalendarDate;
  agreement: Agreement | null;
  calendar: AgreementCalendar | null;
  annexes: AgreementAnnex[];
  offersToday: Record<SharedService, SubscriptionOffer>;
  amendments: AgreementAmendment[];
  notices: AgreementNotice[];
  disputes: AgreementDispute[];
  tasks: TransitionTask[];
};

/** The commune's contract, read in the caller's tenant-scoped transaction. */
export async function loadContract(trx: TenantTransaction): Promise<Contract> {
  const [agreements, annexes] = await Promise.all([listAgreements(trx), listAnnexes(trx)]);
  return { agreements, annexes };
}

/**
 * The commune's agreement file on a day, read in the caller's tenant-scoped transaction. A caller that has read the
 * contract already passes it, so it is not read a second time.
 */
export async function loadAgreementFile(
  trx: TenantTransaction,
  options: {
    commune: { id: string; name: string; slug: string; insee_code: string | null };
    today: CalendarDate;
    contract?: Contract;
  },
): Promise<AgreementFile> {
  const { commune, today } = options;
  const [contract, amendments, notices, disputes, tasks] = await Promise.all([
    options.contract ?? loadContract(trx),
    listAmendments(trx),
    listNotices(trx),
    listDisputes(trx),
    listTasks(trx),
  ]);
  const agreement = contract.agreements[0];
  const annexes = agreement ? contract.annexes.filter((a) => a.agreement_id === agreement.id) : [];
  return {
    commune: { id: commune.id, name: commune.name, slug: commune.slug, inseeCode: commune.insee_code },
    today,
    agreement: agreement ?? null,
    calendar: agreement
      ? agreementCalendar({ effectiveOn: agreement.effective_on, lastDay: agreement.last_day }, today)
      : null,
    annexes,
    offersToday: Object.fromEntries(SHARED_SERVICES.map((s) => [s, offerOn(annexes, s, today)])) as Record<
      SharedService,
      SubscriptionOffer
    >,
    amendments: agreement ? amendments.filter((a) => a.agreement_id === agreement.id) : amendments,
    notices,
    disputes,
    tasks,
  };
}
