import {
  CsrfField,
  DateField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
} from '../../../platform/views/forms.tsx';
import { formatCents, formatNumber } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCalendarDate } from '../../../platform/paris-time.ts';
import type { DateParts } from '../../../platform/http/form-fields.ts';
import { serviceOfferLabel } from '../../agreements/index.ts';
import type { RevenueOrder, RevenueOrderLine } from '../billing.tables.ts';
import { ROUNDING_RULE } from '../contribution-engine.ts';

export const ORDER_KIND_LABELS = {
  annual: 'titre annuel',
  complementary: 'titre complémentaire',
  refund: 'remboursement ou réduction',
} as const;

export type OrderPageProps = {
  context: PageContext;
  commune: { name: string; inseeCode: string | null };
  order: RevenueOrder;
  lines: RevenueOrderLine[];
  /** Operators record payments; the form posts to the metropolis's instance. */
  payment: { action: string; dates: Record<string, DateParts>; errors: FieldErrors } | null;
  paidNotice: boolean;
};

/** A revenue order with each line's computation step by step; printable as it is (print styles hide the rest). */
export function OrderPage({ context, commune, order, lines, payment, paidNotice }: OrderPageProps) {
  const errors = payment?.errors ?? {};
  return (
    <Layout
      context={context}
      title={`Titre de recette ${order.number}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
        { label: 'Convention', path: '/admin/convention' },
      ]}
    >
      <h1>Titre de recette n° {order.number}</h1>
      {paidNotice ? <Notice>Le paiement est enregistré.</Notice> : null}
      <ErrorSummary errors={errors} />
      <p class="no-print">
        <a href={href(context, `/admin/convention/titres/${order.id}/export.csv`)}>Télécharger (CSV)</a> ·{' '}
        <a href={href(context, `/admin/convention/titres/${order.id}/export.ods`)}>Télécharger (tableur ODS)</a> · pour
        l'imprimer, utilisez la fonction d'impression de votre navigateur : la page est mise en forme pour le papier.
      </p>
      <dl class="summary-list">
        <div>
          <dt>Débiteur</dt>
          <dd>
            Commune de {commune.name}
            {commune.inseeCode ? ` (code INSEE ${commune.inseeCode})` : ''}
          </dd>
        </div>
        <div>
          <dt>Émis par</dt>
          <dd>Métropole de Lyon, en application de l'article 10 de la convention-cadre</dd>
        </div>
        <div>
          <dt>Année</dt>
          <dd>{order.year}</dd>
        </div>
        <div>
          <dt>Nature</dt>
          <dd>{ORDER_KIND_LABELS[order.kind]}</dd>
        </div>
        <div>
          <dt>Émis le</dt>
          <dd>{formatCalendarDate(order.issued_on)}</dd>
        </div>
        <div>
          <dt>Montant total</dt>
          <dd>
            <strong>{formatCents(order.total_cents)}</strong>
          </dd>
        </div>
        {order.kind !== 'refund' ? (
          <div>
            <dt>Paiement</dt>
            <dd>{order.paid_on ? `reçu le ${formatCalendarDate(order.paid_on)}` : 'en attente'}</dd>
          </div>
        ) : null}
      </dl>
      {lines.map((line) => (
        <section class="order-line" aria-labelledby={`ligne-${line.id}`}>
          <h2 id={`ligne-${line.id}`}>
            {serviceOfferLabel(line.service, line.offer)} : {formatCents(line.amount_cents)}
          </h2>
          <p>
            Période facturée : du {formatCalendarDate(line.billed_from)} au {formatCalendarDate(line.billed_to)}
            {line.computation.population
              ? ` ; population retenue : ${formatNumber(line.computation.population)} habitants (${line.computation.populationSource})`
              : ''}
            .
          </p>
          <ol class="steps">
            {line.computation.steps.map((step) => (
              <li>
                <strong>{step.label}</strong> : {step.detail} <span class="muted">({step.source})</span>
              </li>
            ))}
          </ol>
        </section>
      ))}
      <p class="muted">Règle d'arrondi : {ROUNDING_RULE}</p>
      {payment && order.kind !== 'refund' ? (
        <section class="no-print" aria-labelledby="titre-paiement">
          <h2 id="titre-paiement">Enregistrer le paiement</h2>
          <form method="post" action={payment.action} novalidate>
            <CsrfField token={context.csrfToken} />
            <DateField name="paidOn" label="Date du paiement" value={payment.dates.paidOn} error={errors.paidOn} />
            <SubmitButton>Enregistrer le paiement</SubmitButton>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
