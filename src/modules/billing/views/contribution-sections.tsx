import { formatCalendarDate } from '../../../platform/paris-time.ts';
import { SERVICE_LABELS } from '../../../platform/tenancy/offers.ts';
import { formatCents, formatNumber } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { type OverviewColumn, serviceOfferLabel } from '../../agreements/index.ts';
import type { RevenueOrderLine } from '../billing.tables.ts';
import type { ContributionsFile } from '../load-commune-file.ts';

/**
 * A commune's contributions, the part of its agreement file that billing composes into the agreements' pages: for
 * operators (with the ways to the figures' forms and the simulator) and for the commune's administrators. Pure views.
 */

const date = formatCalendarDate;

/** The operators' overview of the agreements: the way to the year's orders, and what they total. */
export function OverviewIntro({
  context,
  year,
  lines,
}: {
  context: PageContext;
  year: number;
  lines: RevenueOrderLine[];
}) {
  const totalCents = lines.reduce((sum, l) => sum + l.amount_cents, 0);
  return (
    <p>
      Convention-cadre et annexes de chaque commune (C1), échéances, et contributions {year} :{' '}
      <a href={href(context, `/admin/facturation?annee=${year}`)}>titres de recette {year}</a> (total émis :{' '}
      {formatCents(totalCents)}).
    </p>
  );
}

/** The overview's column: each commune's contributions of the year as issued (the lines of its orders). */
export function yearContributionColumn(year: number, lines: RevenueOrderLine[]): OverviewColumn {
  const linesOf = Map.groupBy(lines, (l) => l.tenant_id);
  return {
    header: `Contribution ${year}`,
    numeric: true,
    cell: (row) => {
      const mine = linesOf.get(row.tenantId);
      return mine ? formatCents(mine.reduce((sum, l) => sum + l.amount_cents, 0)) : '—';
    },
  };
}

/** The operators' part of a commune's file. */
export function OperatorContributions({
  context,
  commune,
  file,
  orderHref,
}: {
  context: PageContext;
  commune: { slug: string };
  file: ContributionsFile;
  orderHref: (id: string) => string;
}) {
  const base = `/admin/conventions/${commune.slug}`;
  return (
    <>
      <h2>Contributions</h2>
      <PopulationNote file={file} />
      <YearAmounts file={file} />
      <OrdersTable file={file} orderHref={orderHref} />
      <ul class="action-list">
        <li>
          <a href={href(context, `${base}/population`)}>Fixer la population d'une année</a>
        </li>
        <li>
          <a href={href(context, `${base}/connecteur`)}>
            Ajouter un connecteur développé pour la commune (offre Connecté)
          </a>
        </li>
        <li>
          <a href={href(context, `/admin/facturation/simulateur?commune=${commune.slug}`)}>
            Simuler les contributions de la commune sur 6 ans
          </a>
        </li>
      </ul>
      {file.connectors.length ? (
        <>
          <h3>Connecteurs (annexe Toodego §10.2.1)</h3>
          <ul>
            {file.connectors.map((c) => (
              <li>
                {c.label} : {formatCents(c.annual_cents)} par an aux prix {c.price_year}, depuis le{' '}
                {formatCalendarDate(c.active_from)}
                {c.active_until ? ` jusqu'au ${formatCalendarDate(c.active_until)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {file.populationOverrides.length ? (
        <>
          <h3>Populations fixées par un opérateur</h3>
          <ul>
            {file.populationOverrides.map((p) => (
              <li>
                {p.year} : {p.population.toLocaleString('fr-FR')} habitants ({p.source})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The commune's administrators' part: read-only, their orders on their own instance. */
export function CommuneContributions({ context, file }: { context: PageContext; file: ContributionsFile }) {
  return (
    <>
      <h2>Contributions</h2>
      <PopulationNote file={file} />
      <YearAmounts file={file} />
      <OrdersTable file={file} orderHref={(id) => href(context, `/admin/convention/titres/${id}`)} />
    </>
  );
}

export function YearAmounts({ file }: { file: ContributionsFile }) {
  if (file.yearAmounts.length === 0) return <p>Aucune contribution due pour {file.year}.</p>;
  const total = file.yearAmounts.reduce((sum, a) => sum + a.amountCents, 0);
  return (
    <div class="table-wrapper">
      <table class="table">
        <caption>Contributions {file.year}</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col" class="numeric">
              Montant
            </th>
            <th scope="col">Origine</th>
          </tr>
        </thead>
        <tbody>
          {file.yearAmounts.map((a) => (
            <tr>
              <th scope="row">{serviceOfferLabel(a.service, a.offer)}</th>
              <td class="numeric">{formatCents(a.amountCents)}</td>
              <td>{a.billed ? 'titre de recette émis' : 'estimation (le titre est émis en juin)'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="numeric">{formatCents(total)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function OrdersTable({ file, orderHref }: { file: ContributionsFile; orderHref: (id: string) => string }) {
  if (file.orders.length === 0) return <p>Aucun titre de recette émis.</p>;
  return (
    <div class="table-wrapper">
      <table class="table">
        <caption>Titres de recette</caption>
        <thead>
          <tr>
            <th scope="col">Numéro</th>
            <th scope="col">Année</th>
            <th scope="col">Émis le</th>
            <th scope="col">Services</th>
            <th scope="col" class="numeric">
              Montant
            </th>
            <th scope="col">Paiement</th>
          </tr>
        </thead>
        <tbody>
          {file.orders.map((o) => (
            <tr>
              <th scope="row">
                <a href={orderHref(o.id)}>{o.number}</a>
              </th>
              <td>{o.year}</td>
              <td>{date(o.issued_on)}</td>
              <td>{o.lines.map((l) => SERVICE_LABELS[l.service].split(' ')[0]).join(', ')}</td>
              <td class="numeric">{formatCents(o.total_cents)}</td>
              <td>{o.kind === 'refund' ? 'remboursement' : o.paid_on ? `payé le ${date(o.paid_on)}` : 'à payer'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PopulationNote({ file }: { file: ContributionsFile }) {
  return (
    <p>
      Population retenue pour {file.year} : <strong>{formatNumber(file.population.value)} habitants</strong> (
      {file.population.source}).
    </p>
  );
}
