import { DateField, type FieldErrors, TextField } from '../../../platform/views/forms.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import { type DateValues, FormPage, type FormValues, text } from '../../agreements/index.ts';

/** The operators' forms for a commune's billing figures, pages of its agreement file. */

export function ConnectorForm(props: {
  context: PageContext;
  commune: { name: string; slug: string };
  values: FormValues;
  dates: DateValues;
  errors: FieldErrors;
}) {
  const { values, errors, dates } = props;
  return (
    <FormPage
      {...props}
      title="Connecteur spécifique"
      action={`/admin/conventions/${props.commune.slug}/connecteur`}
      submitLabel="Enregistrer le connecteur"
      intro={
        <p>
          Offre Connecté : le coût de maintenance d'un connecteur développé spécifiquement pour la commune s'ajoute à sa
          contribution et suit les révisions de prix des contrats de la Métropole (annexe Toodego §10.2.1).
        </p>
      }
    >
      <TextField
        name="label"
        label="Nom du connecteur"
        maxLength={200}
        value={text(values, 'label')}
        error={errors.label}
      />
      <TextField
        name="annualCost"
        label="Coût annuel de maintenance"
        hint="En euros, par exemple 1 800"
        inputMode="decimal"
        width="short"
        value={text(values, 'annualCost')}
        error={errors.annualCost}
      />
      <TextField
        name="priceYear"
        label="Année du prix"
        hint="Le coût est révisé par l'indice Syntec à partir de cette année."
        inputMode="numeric"
        width="short"
        value={text(values, 'priceYear')}
        error={errors.priceYear}
      />
      <DateField name="activeFrom" label="En service depuis" value={dates.activeFrom} error={errors.activeFrom} />
      <DateField
        name="activeUntil"
        label="Décommissionné le"
        required={false}
        value={dates.activeUntil}
        error={errors.activeUntil}
      />
    </FormPage>
  );
}

export function PopulationForm(props: {
  context: PageContext;
  commune: { name: string; slug: string };
  current: string;
  values: FormValues;
  errors: FieldErrors;
}) {
  const { values, errors } = props;
  return (
    <FormPage
      {...props}
      title="Population d'une année"
      action={`/admin/conventions/${props.commune.slug}/population`}
      submitLabel="Enregistrer la population"
      intro={
        <p>
          La contribution d'une année se calcule sur la population arrêtée au 31 décembre de l'année précédente (art.
          10.1). {props.current} Saisissez ici un autre chiffre pour une année donnée.
        </p>
      }
    >
      <TextField
        name="year"
        label="Année de facturation"
        inputMode="numeric"
        width="short"
        value={text(values, 'year')}
        error={errors.year}
      />
      <TextField
        name="population"
        label="Nombre d'habitants"
        inputMode="numeric"
        width="short"
        value={text(values, 'population')}
        error={errors.population}
      />
      <TextField
        name="source"
        label="Source"
        hint="Par exemple : INSEE, populations légales en vigueur au 1er janvier 2027"
        maxLength={300}
        value={text(values, 'source')}
        error={errors.source}
      />
    </FormPage>
  );
}
