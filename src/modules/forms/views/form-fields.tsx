import type { ComponentChildren } from 'preact';
import {
  Checkbox,
  ChoiceGroup,
  DateField,
  fieldId,
  FileField,
  Select,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { fileSizeText } from '../../../platform/views/format.ts';
import {
  type AnswerValue,
  isAddressAnswer,
  isAppointmentAnswer,
  isFileAnswer,
  isPointAnswer,
  type RawValue,
} from '../answers.ts';
import type { AppointmentChoice } from '../appointment-field.ts';
import { ACCEPTED_FILE_TYPES } from '../field-validation.ts';
import { AppointmentFieldView } from './appointment-field.tsx';
import type { Condition, Field, FormDefinition, InputField } from '../form-definition.ts';

/** What a field shows: an answer already held, or what the citizen just sent (after an error). */
export type DisplayValue = string | string[] | boolean | Record<string, string> | undefined;

const decimal = (n: number) => String(n).replace('.', ',');

/** A held answer, in the shape its inputs show it (a date as day, month, year; a point as two decimals). */
export function displayOf(value: AnswerValue | RawValue | undefined): DisplayValue {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return decimal(value);
  if (typeof value === 'string') {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return date ? { jour: String(Number(date[3])), mois: String(Number(date[2])), annee: date[1] ?? '' } : value;
  }
  if (typeof value === 'boolean' || Array.isArray(value)) return value;
  if (isFileAnswer(value)) return undefined;
  if (isAddressAnswer(value)) return { rue: value.street, code_postal: value.postcode, commune: value.city };
  if (isPointAnswer(value)) return { lat: decimal(value.lat), lon: decimal(value.lon) };
  if (isAppointmentAnswer(value)) return value.startsAt;
  if ('kind' in value) return undefined;
  return value as Record<string, string>;
}

function describeCondition(condition: Condition, definition: FormDefinition): string {
  if ('all' in condition) return condition.all.map((c) => describeCondition(c, definition)).join(' et ');
  if ('any' in condition) return condition.any.map((c) => describeCondition(c, definition)).join(' ou ');
  const target = definition.fields.find((f) => f.key === condition.field);
  const label = target && 'label' in target ? target.label : condition.field;
  if ('filled' in condition)
    return condition.filled ? `si vous avez répondu à « ${label} »` : `si vous n'avez pas répondu à « ${label} »`;
  const wanted = 'equals' in condition ? [condition.equals] : condition.in;
  const options = target && 'options' in target ? target.options : [];
  const names = wanted.map((v) => `« ${options.find((o) => o.value === v)?.label ?? (v === 'oui' ? 'Oui' : v)} »`);
  return `si vous avez répondu ${names.join(' ou ')} à « ${label} »`;
}

/**
 * A field whose condition depends on an answer of the same page: without JavaScript it is shown with a note saying
 * when to fill it (the server ignores it otherwise); the enhancement script hides and shows it live from data-condition.
 */
function Conditional({
  field,
  definition,
  children,
}: {
  field: Field;
  definition: FormDefinition;
  children: ComponentChildren;
}) {
  if (!field.condition) return <>{children}</>;
  return (
    <div class="conditional" data-condition={JSON.stringify(field.condition)}>
      <p class="conditional__note">À remplir uniquement {describeCondition(field.condition, definition)}.</p>
      {children}
    </div>
  );
}

const str = (v: DisplayValue) => (typeof v === 'string' ? v : '');
const obj = (v: DisplayValue) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});

function Fieldset({
  field,
  error,
  hint,
  children,
}: {
  field: InputField;
  error: string | undefined;
  hint?: string;
  children: ComponentChildren;
}) {
  const id = fieldId(field.key);
  const describedBy =
    [hint ? `${id}-aide` : null, error ? `${id}-erreur` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <fieldset class="fieldset" role="group" aria-describedby={describedBy}>
        <legend class="field__label">
          {field.label}
          {field.required ? null : <span class="field__optional"> (facultatif)</span>}
        </legend>
        {hint ? (
          <p class="field__hint" id={`${id}-aide`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p class="field__error" id={`${id}-erreur`}>
            <span class="visually-hidden">Erreur : </span>
            {error}
          </p>
        ) : null}
        {children}
      </fieldset>
    </div>
  );
}

function SubInput(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  autocomplete?: string;
  width?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  invalid: boolean;
}) {
  return (
    <div class="field__part">
      <label class="field__part-label" for={props.id}>
        {props.label}
      </label>
      <input
        class={`input ${props.width ?? 'input--full'}`}
        id={props.id}
        name={props.name}
        value={props.value}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        spellcheck={false}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
    </div>
  );
}

export type FormFieldProps = {
  field: Field;
  definition: FormDefinition;
  value: DisplayValue;
  /** For a file field: the file already held. */
  heldFile?: { name: string; size: number } | undefined;
  error?: string | undefined;
  prefilled?: boolean;
  /** For an appointment field: its days and times, asked of the module keeping agendas before rendering. */
  appointment?: AppointmentChoice | undefined;
  /** For a file field: the documents of the citizen's personal space they may pick instead of uploading. */
  personalFiles?: ReadonlyArray<{ id: string; label: string }> | undefined;
};

/** One field of a form definition, built on the platform's accessible components. */
export function FormField({
  field,
  definition,
  value,
  heldFile,
  error,
  prefilled,
  appointment,
  personalFiles,
}: FormFieldProps) {
  if (field.type === 'pageBreak') return null;
  if (field.type === 'section') {
    return (
      <Conditional field={field} definition={definition}>
        <h2 class="form-section">{field.title}</h2>
      </Conditional>
    );
  }
  if (field.type === 'explanation') {
    return (
      <Conditional field={field} definition={definition}>
        <div class="explanation">
          {field.text.split(/\n{2,}/).map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </div>
      </Conditional>
    );
  }
  const hint =
    [field.hint, prefilled ? 'Pré-rempli à partir de votre compte : vous pouvez le modifier.' : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const common = { name: field.key, label: field.label, hint, error, required: field.required };
  if (field.type === 'appointment') {
    return (
      <Conditional field={field} definition={definition}>
        <AppointmentFieldView
          field={field}
          choice={appointment}
          value={typeof value === 'string' ? value : undefined}
          hint={hint}
          error={error}
        />
      </Conditional>
    );
  }
  return (
    <Conditional field={field} definition={definition}>
      <InputFor field={field} value={value} heldFile={heldFile} common={common} error={error} hint={hint} />
      {field.type === 'file' && personalFiles && personalFiles.length > 0 ? (
        <Select
          name={`${field.key}.espace`}
          label={`Ou, pour « ${field.label} », prendre un document de mon espace personnel`}
          required={false}
          placeholder="Aucun"
          choices={personalFiles.map((f) => ({ value: f.id, label: f.label }))}
        />
      ) : null}
    </Conditional>
  );
}

function InputFor({
  field,
  value,
  heldFile,
  common,
  error,
  hint,
}: {
  field: Exclude<InputField, { type: 'appointment' }>;
  value: DisplayValue;
  heldFile: { name: string; size: number } | undefined;
  common: { name: string; label: string; hint: string | undefined; error: string | undefined; required: boolean };
  error: string | undefined;
  hint: string | undefined;
}) {
  const id = fieldId(field.key);
  switch (field.type) {
    case 'text':
      return (
        <TextField
          {...common}
          value={str(value)}
          maxLength={field.maxLength}
          inputMode={field.format === 'postcode' || field.format === 'siret' ? 'numeric' : undefined}
          autocomplete={
            field.format === 'postcode'
              ? 'postal-code'
              : field.prefill === 'fullName'
                ? 'name'
                : field.prefill === 'familyName'
                  ? 'family-name'
                  : field.prefill === 'givenName'
                    ? 'given-name'
                    : undefined
          }
          width={field.format === 'postcode' ? 'short' : 'full'}
        />
      );
    case 'textarea':
      return <TextArea {...common} value={str(value)} maxLength={field.maxLength} rows={6} />;
    case 'email':
      return <TextField {...common} type="email" value={str(value)} autocomplete="email" spellcheck={false} />;
    case 'phone':
      return <TextField {...common} type="tel" value={str(value)} autocomplete="tel" width="medium" />;
    case 'number':
      return (
        <TextField
          {...common}
          label={field.unit ? `${field.label} (${field.unit})` : field.label}
          value={str(value)}
          inputMode={field.integer ? 'numeric' : 'decimal'}
          width="short"
        />
      );
    case 'date':
      return (
        <DateField
          {...common}
          value={obj(value)}
          autocompletePrefix={field.prefill === 'birthdate' ? 'bday' : undefined}
        />
      );
    case 'choice':
      return field.display === 'select' ? (
        <Select {...common} value={str(value)} choices={field.options} placeholder="Choisissez" />
      ) : (
        <ChoiceGroup {...common} kind="radio" choices={field.options} value={str(value)} />
      );
    case 'choices':
      return (
        <ChoiceGroup {...common} kind="checkbox" choices={field.options} value={Array.isArray(value) ? value : []} />
      );
    case 'checkbox':
      return (
        <Checkbox
          name={field.key}
          label={field.label}
          hint={hint}
          error={error}
          checked={value === true || value === 'oui'}
        />
      );
    case 'file': {
      const types = field.accept.flatMap((f) => ACCEPTED_FILE_TYPES[f]).map((t) => t.label);
      const limit = `${Math.round((field.maxBytes / 1024 / 1024) * 10) / 10}`.replace('.', ',');
      const accept = field.accept
        .flatMap((f) => ACCEPTED_FILE_TYPES[f])
        .map((t) => t.mediaType)
        .join(',');
      const held = heldFile
        ? ` Fichier déjà joint : ${heldFile.name} (${fileSizeText(heldFile.size)}) ; choisissez-en un autre pour le remplacer.`
        : '';
      return (
        <FileField
          {...common}
          required={field.required && !heldFile}
          hint={`${hint ? `${hint} ` : ''}Formats acceptés : ${types.join(', ')}. ${limit} Mo au plus.${held}`}
          accept={accept}
        />
      );
    }
    case 'address': {
      const v = obj(value);
      return (
        <Fieldset field={field} error={error} hint={hint}>
          <SubInput
            id={id}
            name={`${field.key}.rue`}
            label="Numéro et voie"
            value={v.rue ?? ''}
            autocomplete="street-address"
            invalid={!!error}
          />
          <SubInput
            id={`${id}-code_postal`}
            name={`${field.key}.code_postal`}
            label="Code postal"
            value={v.code_postal ?? ''}
            autocomplete="postal-code"
            inputMode="numeric"
            width="input--short"
            invalid={!!error}
          />
          <SubInput
            id={`${id}-commune`}
            name={`${field.key}.commune`}
            label="Commune"
            value={v.commune ?? ''}
            autocomplete="address-level2"
            width="input--medium"
            invalid={!!error}
          />
        </Fieldset>
      );
    }
    case 'mapPoint': {
      const v = obj(value);
      return (
        <Fieldset
          field={field}
          error={error}
          hint={
            hint ??
            'En degrés décimaux, par exemple 45,5906 et 4,7689. Si votre navigateur le permet, une carte, une recherche par adresse et le bouton « Utiliser ma position » les remplissent pour vous.'
          }
        >
          <div class="map-point" data-map-point={field.key}>
            <div class="map-point__inputs">
              <SubInput
                id={id}
                name={`${field.key}.lat`}
                label="Latitude"
                value={v.lat ?? ''}
                inputMode="decimal"
                width="input--short"
                invalid={!!error}
              />
              <SubInput
                id={`${id}-lon`}
                name={`${field.key}.lon`}
                label="Longitude"
                value={v.lon ?? ''}
                inputMode="decimal"
                width="input--short"
                invalid={!!error}
              />
            </div>
          </div>
        </Fieldset>
      );
    }
  }
}
