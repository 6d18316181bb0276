import { ChoiceGroup, DateField, type FieldErrors, TextArea } from '../../../platform/views/forms.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import { type DateValues, FormPage, type FormValues, PARTY_CHOICES, text } from './form-page.tsx';

/** The operators' forms for formal notices and disputes (art. 12.2, art. 13). */

export function FormalNoticeForm(props: {
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
      title="Mise en demeure"
      action={`/admin/conventions/${props.commune.slug}/mise-en-demeure`}
      submitLabel="Enregistrer la mise en demeure"
      intro={
        <p>
          La partie mise en demeure a deux mois pour remédier au manquement ; ensuite, l'autre partie peut résilier la
          convention (art. 12.2).
        </p>
      }
    >
      <ChoiceGroup
        kind="radio"
        name="fromParty"
        label="Qui met en demeure ?"
        value={text(values, 'fromParty')}
        error={errors.fromParty}
        choices={[
          { value: 'metropole', label: 'La Métropole met la commune en demeure' },
          { value: 'commune', label: 'La commune met la Métropole en demeure' },
        ]}
      />
      <DateField
        name="receivedOn"
        label="Réception de la mise en demeure"
        value={dates.receivedOn}
        error={errors.receivedOn}
      />
      <TextArea
        name="grounds"
        label="Manquement reproché"
        rows={4}
        maxLength={2000}
        value={text(values, 'grounds')}
        error={errors.grounds}
      />
    </FormPage>
  );
}

export function ResolveFormalNoticeForm(props: {
  context: PageContext;
  commune: { name: string; slug: string };
  noticeId: string;
  summary: string;
  canTerminate: boolean;
  values: FormValues;
  dates: DateValues;
  errors: FieldErrors;
}) {
  const { values, errors, dates } = props;
  return (
    <FormPage
      {...props}
      title="Issue de la mise en demeure"
      action={`/admin/conventions/${props.commune.slug}/mise-en-demeure/${props.noticeId}`}
      submitLabel="Enregistrer"
      intro={<p>{props.summary}</p>}
    >
      <ChoiceGroup
        kind="radio"
        name="outcome"
        label="Issue"
        value={text(values, 'outcome')}
        error={errors.outcome}
        choices={[
          { value: 'remedied', label: 'Le manquement est corrigé : lever la mise en demeure' },
          {
            value: 'terminate',
            label: 'Résilier la convention pour manquement',
            hint: props.canTerminate
              ? 'Le délai de deux mois est écoulé.'
              : 'Possible seulement après le délai de deux mois.',
          },
        ]}
      />
      <DateField
        name="lastDay"
        label="Dernier jour de la convention (en cas de résiliation)"
        required={false}
        value={dates.lastDay}
        error={errors.lastDay}
      />
    </FormPage>
  );
}

export function DisputeForm(props: {
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
      title="Réclamation"
      action={`/admin/conventions/${props.commune.slug}/reclamation`}
      submitLabel="Enregistrer la réclamation"
      intro={
        <p>
          La partie qui reçoit une réclamation écrite a un mois pour notifier sa décision ; l'absence de décision vaut
          rejet (art. 13).
        </p>
      }
    >
      <ChoiceGroup
        kind="radio"
        name="fromParty"
        label="Auteur de la réclamation"
        value={text(values, 'fromParty')}
        error={errors.fromParty}
        choices={PARTY_CHOICES}
      />
      <DateField
        name="receivedOn"
        label="Réception de la réclamation"
        value={dates.receivedOn}
        error={errors.receivedOn}
      />
      <TextArea
        name="subject"
        label="Motifs du litige"
        rows={4}
        maxLength={2000}
        value={text(values, 'subject')}
        error={errors.subject}
      />
    </FormPage>
  );
}

export function DisputeAnswerForm(props: {
  context: PageContext;
  commune: { name: string; slug: string };
  disputeId: string;
  summary: string;
  values: FormValues;
  dates: DateValues;
  errors: FieldErrors;
}) {
  const { values, errors, dates } = props;
  return (
    <FormPage
      {...props}
      title="Décision sur la réclamation"
      action={`/admin/conventions/${props.commune.slug}/reclamation/${props.disputeId}`}
      submitLabel="Enregistrer la décision"
      intro={<p>{props.summary}</p>}
    >
      <ChoiceGroup
        kind="radio"
        name="decision"
        label="Décision"
        value={text(values, 'decision')}
        error={errors.decision}
        choices={[
          { value: 'accepted', label: 'Réclamation acceptée' },
          { value: 'rejected', label: 'Réclamation rejetée' },
        ]}
      />
      <DateField name="answeredOn" label="Date de la décision" value={dates.answeredOn} error={errors.answeredOn} />
      <TextArea
        name="answer"
        label="Décision motivée"
        rows={4}
        maxLength={2000}
        value={text(values, 'answer')}
        error={errors.answer}
      />
    </FormPage>
  );
}
