import { ChoiceGroup, DateField, type FieldErrors, Select, TextField } from '../../../platform/views/forms.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import { type DateValues, FormPage, type FormValues, PARTY_CHOICES, text, TOODEGO_CHOICES } from './form-page.tsx';

/** The operators' forms that make or change an agreement. */

export function RecordAgreementForm(props: {
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
      title="Convention-cadre signée"
      action={`/admin/conventions/${props.commune.slug}/convention`}
      submitLabel="Enregistrer la convention"
      intro={
        <p>
          La convention prend effet à la plus tardive des deux signatures, pour un an renouvelable tacitement, six ans
          au plus (art. 2). Chaque service choisi est une annexe.
        </p>
      }
    >
      <DateField
        name="communeSignedOn"
        label="Signature par la commune"
        value={dates.communeSignedOn}
        error={errors.communeSignedOn}
      />
      <DateField
        name="metropoleSignedOn"
        label="Signature par la Métropole"
        value={dates.metropoleSignedOn}
        error={errors.metropoleSignedOn}
      />
      <ChoiceGroup
        kind="radio"
        name="toodego"
        label="Annexe Toodego : offre retenue (annexe Toodego §12)"
        value={text(values, 'toodego') || 'none'}
        error={errors.toodego}
        choices={[...TOODEGO_CHOICES, { value: 'none', label: 'Pas de Toodego' }]}
      />
      <ChoiceGroup
        kind="checkbox"
        name="services"
        label="Autres annexes"
        required={false}
        value={values.services}
        error={errors.services}
        choices={[
          { value: 'laclasse', label: 'laclasse.com (espace numérique de travail, payant)' },
          { value: 'opendata', label: 'data.grandlyon.com (open data, gratuit)' },
          { value: 'geonet', label: 'Geonet (SIG, gratuit)' },
        ]}
      />
      <TextField
        name="previousToodego"
        label="Montant annuel facturé pour Toodego avant la convention"
        hint="Pour une commune déjà adhérente : le dispositif transitoire part de ce montant (art. 10.2). En euros, par exemple 10 800."
        required={false}
        inputMode="decimal"
        width="short"
        value={text(values, 'previousToodego')}
        error={errors.previousToodego}
      />
      <TextField
        name="previousLaclasse"
        label="Montant annuel facturé pour laclasse.com avant la convention"
        hint="En euros. Laisser vide pour une nouvelle adhésion."
        required={false}
        inputMode="decimal"
        width="short"
        value={text(values, 'previousLaclasse')}
        error={errors.previousLaclasse}
      />
    </FormPage>
  );
}

export function AmendmentForm(props: {
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
      title="Avenant"
      action={`/admin/conventions/${props.commune.slug}/avenant`}
      submitLabel="Enregistrer l'avenant"
      intro={
        <p>
          Un ajout de service prend effet à la plus tardive des signatures. Un renoncement ou un changement d'offre
          prend effet à la fin de l'année d'adhésion si la lettre recommandée est reçue trois mois avant ; sinon l'offre
          est reconduite un an (annexe Toodego §11).
        </p>
      }
    >
      <ChoiceGroup
        kind="radio"
        name="kind"
        label="Objet de l'avenant"
        value={text(values, 'kind')}
        error={errors.kind}
        choices={[
          { value: 'add_service', label: 'Ajouter un service' },
          { value: 'drop_service', label: 'Renoncer à un service' },
          { value: 'change_offer', label: "Changer d'offre Toodego" },
        ]}
      />
      <Select
        name="service"
        label="Service"
        value={text(values, 'service')}
        error={errors.service}
        placeholder="Choisir un service"
        choices={[
          { value: 'toodego', label: 'Toodego' },
          { value: 'laclasse', label: 'laclasse.com' },
          { value: 'opendata', label: 'data.grandlyon.com' },
          { value: 'geonet', label: 'Geonet' },
        ]}
      />
      <ChoiceGroup
        kind="radio"
        name="toOffer"
        label="Nouvelle offre Toodego"
        hint="Pour un ajout de Toodego ou un changement d'offre."
        required={false}
        value={text(values, 'toOffer')}
        error={errors.toOffer}
        choices={TOODEGO_CHOICES}
      />
      <DateField
        name="noticeReceivedOn"
        label="Réception de la lettre recommandée"
        hint="Renoncement ou changement d'offre : la date de réception fait foi. Par exemple : 14 7 2026"
        required={false}
        value={dates.noticeReceivedOn}
        error={errors.noticeReceivedOn}
      />
      <DateField
        name="communeSignedOn"
        label="Signature de l'avenant par la commune"
        required={false}
        value={dates.communeSignedOn}
        error={errors.communeSignedOn}
      />
      <DateField
        name="metropoleSignedOn"
        label="Signature de l'avenant par la Métropole"
        required={false}
        value={dates.metropoleSignedOn}
        error={errors.metropoleSignedOn}
      />
    </FormPage>
  );
}

export function TerminationNoticeForm(props: {
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
      title="Préavis de résiliation"
      action={`/admin/conventions/${props.commune.slug}/resiliation`}
      submitLabel="Enregistrer le préavis"
      intro={
        <p>
          Chaque partie peut mettre fin à la convention à la fin d'une année d'adhésion, avec un préavis de trois mois
          par lettre recommandée, la date de réception faisant foi ; à défaut, la convention est reconduite un an (art.
          12.2). Toutes les annexes prennent fin avec elle.
        </p>
      }
    >
      <ChoiceGroup
        kind="radio"
        name="fromParty"
        label="Partie qui résilie"
        value={text(values, 'fromParty')}
        error={errors.fromParty}
        choices={PARTY_CHOICES}
      />
      <DateField
        name="receivedOn"
        label="Réception de la lettre recommandée"
        value={dates.receivedOn}
        error={errors.receivedOn}
      />
    </FormPage>
  );
}
