import {
  ChoiceGroup,
  ErrorSummary,
  type FieldErrors,
  Select,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatCents, formatNumber } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { serviceOfferLabel } from '../../agreements/index.ts';
import { ROUNDING_RULE } from '../contribution-engine.ts';
import type { SimulatedYear } from '../simulate-contributions.ts';
import { ContributionChart } from './contribution-chart.tsx';

/** The simulator's fields as typed (the page's address). */
export type SimulatorValues = Partial<
  Record<
    | 'commune'
    | 'service'
    | 'offer'
    | 'population'
    | 'startYear'
    | 'syntec'
    | 'growth'
    | 'previouslyBilled'
    | 'newOffer'
    | 'changeYear',
    string
  >
>;

const indexFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/**
 * The operators' simulator: a population, a Syntec value, an offer change, an amount billed before, and the
 * contributions over six years as a table and a chart. A GET form: results have an address, and it works without
 * JavaScript.
 */
export function SimulatorPage(props: {
  context: PageContext;
  values: SimulatorValues;
  errors: FieldErrors;
  communes: Array<{ value: string; label: string }>;
  results: SimulatedYear[] | null;
  apiExample: string;
}) {
  const { context, values, errors, results } = props;
  const first = results?.[0];
  const last = results?.at(-1);
  return (
    <Layout
      context={context}
      title="Simulateur de contributions"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
        { label: 'Facturation', path: '/admin/facturation' },
      ]}
    >
      <h1>Simulateur de contributions</h1>
      <p>
        Essayez une population, une valeur de l'indice Syntec ou un changement d'offre, et voyez les contributions sur
        six ans (convention-cadre art. 10, annexes Toodego §10–§11 et laclasse.com §6). Le même calcul est ouvert à tous
        en JSON : <a href={props.apiExample}>{props.apiExample}</a>.
      </p>
      <ErrorSummary errors={errors} />
      <form method="get" action={href(context, '/admin/facturation/simulateur')} novalidate>
        <Select
          name="commune"
          label="Partir des données d'une commune"
          hint="Population, offre et montant facturé avant la convention de la commune, modifiables ensuite."
          required={false}
          placeholder="Aucune"
          value={values.commune}
          error={errors.commune}
          choices={props.communes}
        />
        <ChoiceGroup
          kind="radio"
          name="service"
          label="Service"
          inline
          value={values.service}
          error={errors.service}
          choices={[
            { value: 'toodego', label: 'Toodego' },
            { value: 'laclasse', label: 'laclasse.com' },
          ]}
        />
        <ChoiceGroup
          kind="radio"
          name="offer"
          label="Offre Toodego"
          required={false}
          inline
          value={values.offer}
          error={errors.offer}
          choices={[
            { value: 'partenaire', label: 'Partenaire' },
            { value: 'abonne', label: 'Abonné' },
            { value: 'connecte', label: 'Connecté' },
          ]}
        />
        <TextField
          name="population"
          label="Population"
          inputMode="numeric"
          width="short"
          value={values.population}
          error={errors.population}
        />
        <TextField
          name="startYear"
          label="Première année simulée"
          inputMode="numeric"
          width="short"
          value={values.startYear}
          error={errors.startYear}
        />
        <TextField
          name="syntec"
          label="Indice Syntec à essayer pour la première année"
          hint="Vide : l'indice connu au 1er janvier de l'année. Par exemple 310,5"
          required={false}
          inputMode="decimal"
          width="short"
          value={values.syntec}
          error={errors.syntec}
        />
        <TextField
          name="growth"
          label="Évolution annuelle supposée de l'indice, en %"
          hint="Pour les années sans indice publié. Par exemple 2,5"
          required={false}
          inputMode="decimal"
          width="short"
          value={values.growth}
          error={errors.growth}
        />
        <TextField
          name="previouslyBilled"
          label="Montant facturé avant la convention, en euros"
          hint="Commune déjà adhérente : le dispositif transitoire s'applique depuis 2026 (art. 10.2)."
          required={false}
          inputMode="decimal"
          width="short"
          value={values.previouslyBilled}
          error={errors.previouslyBilled}
        />
        <Select
          name="newOffer"
          label="Changement d'offre Toodego"
          required={false}
          placeholder="Aucun"
          value={values.newOffer}
          error={errors.newOffer}
          choices={[
            { value: 'partenaire', label: 'vers Partenaire' },
            { value: 'abonne', label: 'vers Abonné' },
            { value: 'connecte', label: 'vers Connecté' },
          ]}
        />
        <TextField
          name="changeYear"
          label="Année du changement d'offre"
          hint="Cette année-là reste facturée à l'offre initiale (annexe Toodego §11)."
          required={false}
          inputMode="numeric"
          width="short"
          value={values.changeYear}
          error={errors.changeYear}
        />
        <SubmitButton>Simuler</SubmitButton>
      </form>
      {results && first && last ? (
        <section aria-labelledby="resultats">
          <h2 id="resultats">
            Contributions de {first.year} à {last.year}
          </h2>
          <div class="chart-layout">
            <figure class="chart-figure">
              <ContributionChart
                id="graphique-simulation"
                title={`Contributions annuelles de ${first.year} à ${last.year}`}
                description={`De ${formatCents(first.amountCents)} en ${first.year} à ${formatCents(last.amountCents)} en ${last.year} ; le trait pointillé marque la contribution-cible.`}
                points={results.map((r) => ({ year: r.year, amountCents: r.amountCents, targetCents: r.targetCents }))}
              />
              <figcaption>
                Barres : montant dû. Trait pointillé : contribution-cible révisée. Le détail est dans le tableau.
              </figcaption>
            </figure>
            <div class="table-wrapper">
              <table class="table">
                <caption>Montants par année</caption>
                <thead>
                  <tr>
                    <th scope="col">Année</th>
                    <th scope="col">Offre facturée</th>
                    <th scope="col" class="numeric">
                      Indice
                    </th>
                    <th scope="col" class="numeric">
                      Cible
                    </th>
                    <th scope="col" class="numeric">
                      Montant dû
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr>
                      <th scope="row">{r.year}</th>
                      <td>
                        {serviceOfferLabel(r.service, r.offer)}
                        {r.converging ? ' (convergence)' : ''}
                      </td>
                      <td class="numeric">
                        {r.syntecUsed
                          ? `${indexFormat.format(r.syntecUsed.hundredths / 100)}${r.syntecUsed.simulated ? ' (hypothèse)' : ''}`
                          : '—'}
                      </td>
                      <td class="numeric">{formatCents(r.targetCents)}</td>
                      <td class="numeric">{formatCents(r.amountCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <h3>Détail du calcul de {first.year}</h3>
          <ol class="steps">
            {first.steps.map((s) => (
              <li>
                <strong>{s.label}</strong> : {s.detail} <span class="muted">({s.source})</span>
              </li>
            ))}
          </ol>
          <p class="muted">
            Population de {formatNumber(first.population)} habitants pour toutes les années. Règle d'arrondi :{' '}
            {ROUNDING_RULE}
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
