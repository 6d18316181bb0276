import type { SharedService } from '../../platform/db/schema.ts';
import type { CalendarDate } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../platform/tenancy/offers.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { agreementCalendar } from './agreement-terms.ts';
import {
  listAnnexesAllCommunes,
  listLatestAgreementsAllCommunes,
  listScheduledAmendmentsAllCommunes,
} from './agreements.repo.ts';
import { listOpenDisputesAllCommunes, listOpenNoticesAllCommunes } from './notices.repo.ts';
import { offerOn } from './annex-periods.ts';
import { listMeetings } from './governance.repo.ts';
import { type Deadline, upcomingDeadlines } from './upcoming-deadlines.ts';

const STATE_LABELS = { signed_not_in_force: 'signée, à venir', in_force: 'en vigueur', ended: 'terminée' } as const;

/** One commune's line in the operators' overview. */
export type AgreementRow = {
  tenantId: string;
  name: string;
  slug: string;
  state: string;
  toodego: string;
  services: string;
  lastDay: string | null;
  nextRenewalOn: string | null;
  noticeDeadline: string | null;
};

/** How far ahead the overview lists the dates operators must not miss. */
const HORIZON_DAYS = 120;

/**
 * The operators' overview: every production commune's agreement on a day, sorted by name, and the deadlines of the
 * next 120 days across communes and governance bodies.
 */
export async function loadAgreementsOverview(
  services: Services,
  today: CalendarDate,
): Promise<{ rows: AgreementRow[]; deadlines: Deadline[] }> {
  const communes = (await services.tenants.all())
    .filter((t) => t.kind === 'commune' && !t.isTestInstance)
    .sort((a, b) => compareFrench(a.name, b.name));
  const [agreements, annexes, amendments, notices, disputes, meetings] = await Promise.all([
    listLatestAgreementsAllCommunes(services.db),
    listAnnexesAllCommunes(services.db),
    listScheduledAmendmentsAllCommunes(services.db),
    listOpenNoticesAllCommunes(services.db),
    listOpenDisputesAllCommunes(services.db),
    listMeetings(services.db),
  ]);
  const rows = communes.map((commune): AgreementRow => {
    const agreement = agreements.find((a) => a.tenant_id === commune.id);
    const calendar = agreement
      ? agreementCalendar({ effectiveOn: agreement.effective_on, lastDay: agreement.last_day }, today)
      : null;
    const mine = annexes.filter((a) => a.tenant_id === commune.id && a.agreement_id === agreement?.id);
    const on = calendar?.state === 'signed_not_in_force' && agreement ? agreement.effective_on : today;
    const toodego = offerOn(mine, 'toodego', on);
    return {
      tenantId: commune.id,
      name: commune.name,
      slug: commune.slug,
      state: calendar ? STATE_LABELS[calendar.state] : 'aucune',
      toodego: TOODEGO_OFFER_LABELS[toodego as keyof typeof TOODEGO_OFFER_LABELS] ?? '—',
      services: (['laclasse', 'opendata', 'geonet'] as SharedService[])
        .filter((s) => offerOn(mine, s, on) !== 'none')
        .map((s) => SERVICE_LABELS[s].split(' ')[0])
        .join(', '),
      lastDay: agreement?.last_day ?? null,
      nextRenewalOn: calendar?.nextRenewalOn ?? null,
      noticeDeadline: calendar?.noticeDeadline ?? null,
    };
  });
  const deadlines = upcomingDeadlines(
    {
      communes: new Map(communes.map((c) => [c.id, { name: c.name, slug: c.slug }])),
      agreements,
      amendments,
      notices,
      disputes,
      meetings,
    },
    today,
    HORIZON_DAYS,
  );
  return { rows, deadlines };
}
