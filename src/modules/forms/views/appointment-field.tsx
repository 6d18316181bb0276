import { ChoiceGroup, ErrorText, fieldId, Notice } from '../../../platform/views/forms.tsx';
import type { AppointmentChoice } from '../appointment-field.ts';
import type { InputField } from '../form-definition.ts';

const DAY = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
const dayText = (day: string) => DAY.format(new Date(`${day}T12:00:00Z`));
const timeText = (at: string) => TIME.format(new Date(at)).replace(':', ' h ');

/**
 * An appointment field: days as plain links (the page comes back with that day's times, no JavaScript needed), then
 * the day's times as radio buttons sent with the page. The time already held for the citizen is said, and ticked.
 */
export function AppointmentFieldView(props: {
  field: Extract<InputField, { type: 'appointment' }>;
  choice: AppointmentChoice | undefined;
  value: string | undefined;
  hint: string | undefined;
  error: string | undefined;
}) {
  const { field, choice, error } = props;
  const id = fieldId(field.key);
  if (!choice || choice.unavailable || choice.days.length === 0) {
    return (
      <div class={`field${error ? ' field--error' : ''}`}>
        <p class="field__label">{field.label}</p>
        <p id={id}>
          {choice?.unavailable
            ? 'Les rendez-vous ne sont pas proposés pour le moment.'
            : 'Aucun horaire n’est libre dans les semaines à venir.'}
        </p>
        <ErrorText name={field.key} error={error} />
      </div>
    );
  }
  const held = choice.held;
  const checked = props.value ?? held?.startsAt;
  return (
    <div class="appointment-field">
      <p class="field__label" id={`${id}-titre`}>
        {field.label}
        {field.required ? null : <span class="field__optional"> (facultatif)</span>}
      </p>
      {choice.title ? <p>{choice.title}</p> : null}
      {held ? (
        <Notice kind="info">
          <p>
            Horaire réservé pour vous : {held.label}. Il vous est gardé pendant que vous remplissez ce formulaire et
            sera confirmé à l’envoi de votre demande. Vous pouvez en choisir un autre ci-dessous.
          </p>
        </Notice>
      ) : null}
      <p id={`${id}-jours`}>Choisissez un jour, puis un horaire :</p>
      <ul class="inline-list" aria-labelledby={`${id}-jours`}>
        {choice.days.map((d) => (
          <li>
            <a
              href={`?${new URLSearchParams({ jour: d.day }).toString()}#${id}-horaires`}
              aria-current={d.day === choice.day ? 'true' : undefined}
            >
              {dayText(d.day)} ({d.count} horaire{d.count > 1 ? 's' : ''})
            </a>
          </li>
        ))}
      </ul>
      <div id={`${id}-horaires`}>
        <ChoiceGroup
          name={field.key}
          label={`${field.label} : horaire le ${choice.day ? dayText(choice.day) : ''}`}
          hint={props.hint}
          error={error}
          required={field.required}
          kind="radio"
          inline
          choices={choice.times.map((t) => ({ value: t, label: timeText(t) }))}
          value={checked}
        />
      </div>
    </div>
  );
}
