import type { ComponentChildren } from 'preact';

/**
 * Accessible form components, written once for every module (DESIGN: views). Each field ties its hint and its error
 * to the input with aria-describedby, marks itself aria-invalid, and carries an id the error summary links to.
 * Errors are keyed by field name; the field's id is derived from the name.
 */
export type FieldErrors = Record<string, string>;

export const fieldId = (name: string) => `champ-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
const hintId = (name: string) => `${fieldId(name)}-aide`;
const errorId = (name: string) => `${fieldId(name)}-erreur`;

function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? hintId(name) : null, error ? errorId(name) : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * The list of errors at the top of a form, each a link to its field (RGAA 11.10). Its label says how many there are;
 * the enhancement script moves focus to it when the page opens.
 */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="resume-erreurs-titre" tabIndex={-1}>
      <h2 id="resume-erreurs-titre" class="error-summary__title">
        {entries.length === 1
          ? 'Le formulaire contient une erreur'
          : `Le formulaire contient ${entries.length} erreurs`}
      </h2>
      <ul class="error-summary__list">
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{labels?.[name] ? `${labels[name]} : ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Hint({ name, hint }: { name: string; hint: ComponentChildren }) {
  return hint ? (
    <p class="field__hint" id={hintId(name)}>
      {hint}
    </p>
  ) : null;
}

/** A field's error, linked from the error summary and described by the field. */
export function ErrorText({ name, error }: { name: string; error: string | undefined }) {
  return error ? (
    <p class="field__error" id={errorId(name)}>
      <span class="visually-hidden">Erreur : </span>
      {error}
    </p>
  ) : null;
}

function RequiredMark({ required }: { required: boolean | undefined }) {
  return required ? null : <span class="field__optional"> (facultatif)</span>;
}

type CommonFieldProps = {
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** Fields are required unless marked otherwise; optional ones say "(facultatif)" (DSFR and GOV.UK practice). */
  required?: boolean;
};

/** The frame every single-control field shares: label, hint and error above the control, in this order. */
function LabelledField({
  name,
  label,
  hint,
  error,
  required = true,
  children,
}: CommonFieldProps & { children: ComponentChildren }) {
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label class="field__label" for={fieldId(name)}>
        {label}
        <RequiredMark required={required} />
      </label>
      <Hint name={name} hint={hint} />
      <ErrorText name={name} error={error} />
      {children}
    </div>
  );
}

/** The attributes that tie a control to its label, hint and error. */
function controlAttributes({ name, hint, error, required = true }: CommonFieldProps) {
  return {
    id: fieldId(name),
    name,
    required,
    'aria-describedby': describedBy(name, hint, error),
    'aria-invalid': error ? ('true' as const) : undefined,
  };
}

export type TextFieldProps = CommonFieldProps & {
  value?: string | number | null | undefined;
  /** `date`: the browser's own date picker where there is one, a typed 2026-11-30 elsewhere (the value is ISO either way). */
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'url' | 'search' | 'color' | 'date';
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | 'url' | 'search';
  spellcheck?: boolean;
  width?: 'short' | 'medium' | 'full';
  pattern?: string;
  maxLength?: number;
};

/**
 * A length limit is said in the hint, never enforced by the browser's `maxlength`, which cuts pasted text without a
 * word: the server refuses an over-long text with a message naming the field, so nothing typed is lost unseen.
 */
function withLengthHint<P extends CommonFieldProps & { maxLength?: number | undefined }>(props: P): P {
  if (!props.maxLength) return props;
  const limit = `${new Intl.NumberFormat('fr-FR').format(props.maxLength)} caractères au plus.`;
  return {
    ...props,
    hint: props.hint ? (
      <>
        {props.hint} {limit}
      </>
    ) : (
      limit
    ),
  };
}

export function TextField(given: TextFieldProps) {
  const props = withLengthHint(given);
  return (
    <LabelledField {...props}>
      <input
        {...controlAttributes(props)}
        class={`input input--${props.width ?? 'full'}`}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        spellcheck={props.spellcheck}
        pattern={props.pattern}
        data-max-length={props.maxLength}
      />
    </LabelledField>
  );
}

export function TextArea(
  given: CommonFieldProps & { value?: string | null | undefined; rows?: number; maxLength?: number },
) {
  const props = withLengthHint(given);
  return (
    <LabelledField {...props}>
      <textarea
        {...controlAttributes(props)}
        class="input input--full"
        rows={props.rows ?? 5}
        data-max-length={props.maxLength}
      >
        {props.value ?? ''}
      </textarea>
    </LabelledField>
  );
}

export type Choice = { value: string; label: ComponentChildren; hint?: ComponentChildren };

export function Select(
  props: CommonFieldProps & { value?: string | null | undefined; choices: Choice[]; placeholder?: string },
) {
  return (
    <LabelledField {...props}>
      <select {...controlAttributes(props)} class="input input--medium">
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === props.value}>
            {c.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/**
 * Radio buttons or checkboxes in a fieldset whose legend is the question. The first input carries the group's id,
 * so the error summary's link lands on it.
 */
export function ChoiceGroup(
  props: CommonFieldProps & {
    kind: 'radio' | 'checkbox';
    choices: Choice[];
    value?: string | string[] | null | undefined;
    inline?: boolean;
  },
) {
  const { name, label, hint, error, required = true, kind } = props;
  const selected = new Set(Array.isArray(props.value) ? props.value : props.value ? [props.value] : []);
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend class="field__label">
          {label}
          <RequiredMark required={required} />
        </legend>
        <Hint name={name} hint={hint} />
        <ErrorText name={name} error={error} />
        <div class={`choices${props.inline ? ' choices--inline' : ''}`}>
          {props.choices.map((choice, index) => {
            const id = index === 0 ? fieldId(name) : `${fieldId(name)}-${index}`;
            const choiceHintId = choice.hint ? `${id}-aide` : undefined;
            return (
              <div class="choice">
                <input
                  class="choice__input"
                  type={kind}
                  id={id}
                  name={name}
                  value={choice.value}
                  checked={selected.has(choice.value)}
                  required={kind === 'radio' && required}
                  aria-describedby={choiceHintId}
                  aria-invalid={error ? 'true' : undefined}
                />
                <label class="choice__label" for={id}>
                  {choice.label}
                </label>
                {choice.hint ? (
                  <p class="choice__hint" id={choiceHintId}>
                    {choice.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A single yes/no box ("J'accepte…"). Its value is "oui" when ticked. */
export function Checkbox(props: CommonFieldProps & { checked?: boolean }) {
  const { name, label, hint, error } = props;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <ErrorText name={name} error={error} />
      <div class="choice">
        <input
          class="choice__input"
          type="checkbox"
          id={fieldId(name)}
          name={name}
          value="oui"
          checked={props.checked}
          aria-describedby={describedBy(name, hint, error)}
          aria-invalid={error ? 'true' : undefined}
        />
        <label class="choice__label" for={fieldId(name)}>
          {label}
        </label>
        <Hint name={name} hint={hint} />
      </div>
    </div>
  );
}

/**
 * A date as three numeric fields (day, month, year): reliable with every assistive technology and keyboard, unlike
 * browsers' date pickers (DSFR and GOV.UK pattern). Submitted as `<name>.jour`, `<name>.mois`, `<name>.annee`.
 */
export function DateField(
  props: CommonFieldProps & {
    value?: { jour?: string; mois?: string; annee?: string } | undefined;
    autocompletePrefix?: 'bday';
  },
) {
  const { name, label, hint, error, required = true } = props;
  const part = (key: 'jour' | 'mois' | 'annee', text: string, width: string, autocomplete?: string) => (
    <div class="date-field__part">
      <label class="date-field__label" for={key === 'jour' ? fieldId(name) : `${fieldId(name)}-${key}`}>
        {text}
      </label>
      <input
        class={`input ${width}`}
        id={key === 'jour' ? fieldId(name) : `${fieldId(name)}-${key}`}
        name={`${name}.${key}`}
        inputMode="numeric"
        pattern="[0-9]*"
        value={props.value?.[key] ?? ''}
        required={required}
        autocomplete={autocomplete}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
  const bday = props.autocompletePrefix === 'bday';
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <fieldset class="fieldset" role="group" aria-describedby={describedBy(name, hint ?? true, error)}>
        <legend class="field__label">
          {label}
          <RequiredMark required={required} />
        </legend>
        <p class="field__hint" id={hintId(name)}>
          {hint ?? 'Par exemple : 14 7 2026'}
        </p>
        <ErrorText name={name} error={error} />
        <div class="date-field">
          {part('jour', 'Jour', 'input--2ch', bday ? 'bday-day' : undefined)}
          {part('mois', 'Mois', 'input--2ch', bday ? 'bday-month' : undefined)}
          {part('annee', 'Année', 'input--4ch', bday ? 'bday-year' : undefined)}
        </div>
      </fieldset>
    </div>
  );
}

export function FileField(props: CommonFieldProps & { accept?: string }) {
  return (
    <LabelledField {...props}>
      <input {...controlAttributes(props)} class="input input--file" type="file" accept={props.accept} />
    </LabelledField>
  );
}

export function SubmitButton({
  children,
  variant = 'primary',
}: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'danger';
}) {
  return (
    <button type="submit" class={`button button--${variant}`}>
      {children}
    </button>
  );
}

/** A notice after an action ("Les modifications sont enregistrées."), announced politely by screen readers. */
export function Notice({
  kind = 'success',
  children,
}: {
  kind?: 'success' | 'info' | 'warning';
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice--${kind}`} role="status">
      {children}
    </div>
  );
}
