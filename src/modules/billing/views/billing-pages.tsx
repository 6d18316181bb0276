import {
  CsrfField,
  DateField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatCents } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCalendarDate, formatMonth } from '../../../platform/paris-time.ts';
import type { DateParts } from '../../../platform/http/form-fields.ts';
import { serviceOfferLabel } from '../../agreements/index.ts';
import type { RevenueOrder, RevenueOrderLine, SyntecIndexRow } from '../billing.tables.ts';
import { ROUNDING_RULE } from '../contribution-engine.ts';
import { ORDER_KIND_LABELS } from './order-page.tsx';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

export type YearOrder = RevenueOrder & {
  commune: { name: string; slug: string; inseeCode: string | null };
  lines: RevenueOrderLine[];
};

const indexFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/** The year's revenue orders of every commune, their total, and the way to the exports. */
export function BillingYearPage(props: {
  context: PageContext;
  year: number;
  years: number[];
  orders: YearOrder[];
  today: string;
  orderHref: (order: YearOrder) => string;
}) {
  const { context, year, orders } = props;
  const total = orders.reduce((sum, o) => sum + o.total_cents, 0);
  const unpaid = orders.filter((o) => o.kind !== 'refund' && !o.paid_on).reduce((sum, o) => sum + o.total_cents, 0);
  return (
    <Layout context={context} title={`Titres de recette ${year}`} breadcrumbs={CRUMBS}>
      <h1>Titres de recette {year}</h1>
      <form method="get" action={href(context, '/admin/facturation')} class="filters">
        <div class="field">
          <label class="field__label" for="champ-annee">
            Année
          </label>
          <select class="input" id="champ-annee" name="annee">
            {props.years.map((y) => (
              <option value={String(y)} selected={y === year}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary">
          Afficher
        </button>
      </form>
      <p>
        Un titre de recette annuel est émis pour chaque commune en juin (convention-cadre art. 10.3), par la tâche
        quotidienne qui émet aussi, après juin, ce qu'une adhésion en cours d'année ajoute.
      </p>
      <ul class="action-list">
        <li>
          <a href={href(context, `/admin/facturation/${year}/titres.csv`)}>Exporter les titres {year} (CSV)</a>
        </li>
        <li>
          <a href={href(context, `/admin/facturation/${year}/titres.ods`)}>Exporter les titres {year} (tableur ODS)</a>
        </li>
        <li>
          <a href={href(context, `/admin/facturation/${year}/impression`)}>Version imprimable</a>
        </li>
        <li>
          <a href={href(context, '/admin/facturation/syntec')}>Indices Syntec</a>
        </li>
        <li>
          <a href={href(context, '/admin/facturation/simulateur')}>Simulateur de contributions</a>
        </li>
      </ul>
      <p>
        Total {year} : <strong>{formatCents(total)}</strong> ({orders.length} titre{orders.length > 1 ? 's' : ''}, dont{' '}
        {formatCents(unpaid)} restant à encaisser).
      </p>
      {orders.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>Titres de recette émis pour {year}</caption>
            <thead>
              <tr>
                <th scope="col">Numéro</th>
                <th scope="col">Commune</th>
                <th scope="col">Nature</th>
                <th scope="col">Émis le</th>
                <th scope="col" class="numeric">
                  Montant
                </th>
                <th scope="col">Paiement</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr>
                  <th scope="row">
                    <a href={props.orderHref(o)}>{o.number}</a>
                  </th>
                  <td>
                    <a href={href(context, `/admin/conventions/${o.commune.slug}`)}>{o.commune.name}</a>
                  </td>
                  <td>{ORDER_KIND_LABELS[o.kind]}</td>
                  <td>{formatCalendarDate(o.issued_on)}</td>
                  <td class="numeric">{formatCents(o.total_cents)}</td>
                  <td>
                    {o.kind === 'refund' ? '—' : o.paid_on ? `reçu le ${formatCalendarDate(o.paid_on)}` : 'en attente'}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  Total
                </th>
                <td class="numeric">{formatCents(total)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p>Aucun titre n'est encore émis pour {year}.</p>
      )}
    </Layout>
  );
}

/** All the year's orders with their lines, on paper. */
export function BillingPrintPage({
  context,
  year,
  orders,
}: {
  context: PageContext;
  year: number;
  orders: YearOrder[];
}) {
  const total = orders.reduce((sum, o) => sum + o.total_cents, 0);
  return (
    <Layout
      context={context}
      title={`Titres de recette ${year} (impression)`}
      breadcrumbs={[...CRUMBS, { label: 'Facturation', path: `/admin/facturation?annee=${year}` }]}
    >
      <h1>Titres de recette {year}</h1>
      <p class="no-print">
        Utilisez la fonction d'impression de votre navigateur : menus, pied de page et liens sont retirés du papier.
      </p>
      {orders.map((o) => (
        <section class="print-block" aria-labelledby={`titre-${o.id}`}>
          <h2 id={`titre-${o.id}`}>
            {o.number} — {o.commune.name} : {formatCents(o.total_cents)}
          </h2>
          <p>
            {ORDER_KIND_LABELS[o.kind]}, émis le {formatCalendarDate(o.issued_on)}
            {o.paid_on ? `, payé le ${formatCalendarDate(o.paid_on)}` : ''}.
          </p>
          <ul>
            {o.lines.map((l) => (
              <li>
                {serviceOfferLabel(l.service, l.offer)} : {formatCents(l.amount_cents)} (du{' '}
                {formatCalendarDate(l.billed_from)} au {formatCalendarDate(l.billed_to)})
                <ol class="steps">
                  {l.computation.steps.map((s) => (
                    <li>
                      {s.label} : {s.detail}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p>
        <strong>
          Total {year} : {formatCents(total)}
        </strong>
      </p>
      <p class="muted">Règle d'arrondi : {ROUNDING_RULE}</p>
    </Layout>
  );
}

export type SyntecFormValues = { month: string; value: string; publishedOn: DateParts };

/** Syntec index values as operators enter them, and the one known on 1 January of each year. */
export function SyntecPage(props: {
  context: PageContext;
  rows: SyntecIndexRow[];
  knownOnFirstJanuary: Array<{ year: number; row: SyntecIndexRow | null }>;
  values: SyntecFormValues;
  errors: FieldErrors;
  saved: boolean;
}) {
  const { context, errors, values } = props;
  return (
    <Layout
      context={context}
      title="Indices Syntec"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...CRUMBS, { label: 'Facturation', path: '/admin/facturation' }]}
    >
      <h1>Indices Syntec</h1>
      {props.saved ? <Notice>L'indice est enregistré.</Notice> : null}
      <p>
        La contribution est révisée chaque année par l'indice Syntec connu le 1er janvier de l'année de facturation,
        rapporté à celui connu le 1er janvier 2026, année des montants de la convention (art. 10.1).
      </p>
      <ul>
        {props.knownOnFirstJanuary.map(({ year, row }) => (
          <li>
            Connu au 1er janvier {year} :{' '}
            {row
              ? `${formatMonth(row.month)}, ${indexFormat.format(row.value_hundredths / 100)}`
              : 'aucun indice saisi'}
          </li>
        ))}
      </ul>
      <h2>Saisir un indice</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, '/admin/facturation/syntec')} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="month"
          label="Mois de l'indice"
          hint="Au format AAAA-MM, par exemple 2026-10"
          width="short"
          value={values.month}
          error={errors.month}
        />
        <TextField
          name="value"
          label="Valeur"
          hint="Par exemple 302,5"
          inputMode="decimal"
          width="short"
          value={values.value}
          error={errors.value}
        />
        <DateField
          name="publishedOn"
          label="Date de publication"
          value={values.publishedOn}
          error={errors.publishedOn}
        />
        <SubmitButton>Enregistrer l'indice</SubmitButton>
      </form>
      <h2>Indices saisis</h2>
      {props.rows.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Indices Syntec saisis</caption>
            <thead>
              <tr>
                <th scope="col">Mois</th>
                <th scope="col" class="numeric">
                  Valeur
                </th>
                <th scope="col">Publié le</th>
                <th scope="col">Saisi par</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{formatMonth(r.month)}</th>
                  <td class="numeric">{indexFormat.format(r.value_hundredths / 100)}</td>
                  <td>{formatCalendarDate(r.published_on)}</td>
                  <td>{r.created_by_label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun indice saisi.</p>
      )}
    </Layout>
  );
}
