import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCalendarDay } from '../appointment-format.ts';
import type { Agenda, AgendaClosure, MeetingType, OpeningHours } from '../appointments.tables.ts';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];
const LIST_CRUMBS = [...CRUMBS, { label: 'Rendez-vous', path: '/admin/rendez-vous' }];

export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export function minutesText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The agendas of the instance, and the way to create one. */
export function AgendasAdminPage({ context, agendas }: { context: PageContext; agendas: Agenda[] }) {
  return (
    <Layout context={context} title="Agendas de rendez-vous" breadcrumbs={CRUMBS}>
      <h1>Agendas de rendez-vous</h1>
      <p>
        Chaque agenda ouvre des rendez-vous en ligne pour un guichet : ses motifs, ses horaires, ses fermetures. Les
        jours fériés sont fermés sauf mention contraire.
      </p>
      {agendas.length === 0 ? (
        <p>Aucun agenda pour le moment.</p>
      ) : (
        <ul class="link-list">
          {agendas.map((a) => (
            <li>
              <a href={href(context, `/admin/rendez-vous/${a.id}`)}>{a.name}</a> — {a.desk}
              {a.active ? '' : ' (fermé à la réservation)'}
            </li>
          ))}
        </ul>
      )}
      <ul class="action-list">
        <li>
          <a href={href(context, '/admin/rendez-vous/nouveau')}>Créer un agenda</a>
        </li>
        <li>
          <a href={href(context, '/gru/rendez-vous')}>Rendez-vous du jour</a>
        </li>
        <li>
          <a href={href(context, '/gru/rendez-vous/statistiques')}>Statistiques</a>
        </li>
      </ul>
    </Layout>
  );
}

export type AgendaFormValues = Record<string, string>;

export function agendaFormValues(agenda: Agenda | undefined): AgendaFormValues {
  return {
    name: agenda?.name ?? '',
    desk: agenda?.desk ?? '',
    place: agenda?.place ?? '',
    resources: agenda?.resources ?? '',
    slotMinutes: String(agenda?.slot_minutes ?? 15),
    capacity: String(agenda?.capacity ?? 1),
    horizonDays: String(agenda?.horizon_days ?? 60),
    minNoticeHours: String(agenda?.min_notice_hours ?? 2),
    changeLimitHours: String(agenda?.change_limit_hours ?? 24),
    reminderHours: String(agenda?.reminder_hours ?? 24),
    closedOnHolidays: agenda?.closed_on_holidays === false ? '' : 'oui',
    active: agenda?.active === false ? '' : 'oui',
  };
}

function AgendaSettingsForm(props: {
  context: PageContext;
  action: string;
  values: AgendaFormValues;
  errors: FieldErrors;
  submit: string;
}) {
  const { values: v, errors: e } = props;
  return (
    <form method="post" action={href(props.context, props.action)} novalidate>
      <CsrfField token={props.context.csrfToken} />
      <TextField name="name" label="Nom de l’agenda" value={v.name} error={e.name} />
      <TextField name="desk" label="Guichet" hint="Par exemple : Accueil état civil." value={v.desk} error={e.desk} />
      <TextField name="place" label="Lieu" hint="L’adresse où se rend l’usager." value={v.place} error={e.place} />
      <TextField
        name="resources"
        label="Ressources"
        hint="Salle, poste, matériel utilisés par le guichet (vu des agents seulement)."
        required={false}
        value={v.resources}
        error={e.resources}
      />
      <TextField
        name="slotMinutes"
        label="Durée d’un créneau (minutes)"
        inputMode="numeric"
        width="short"
        value={v.slotMinutes}
        error={e.slotMinutes}
      />
      <TextField
        name="capacity"
        label="Personnes reçues en même temps"
        hint="Le nombre de places de chaque créneau (guichets ouverts en parallèle)."
        inputMode="numeric"
        width="short"
        value={v.capacity}
        error={e.capacity}
      />
      <TextField
        name="horizonDays"
        label="Réservation possible jusqu’à (jours à l’avance)"
        inputMode="numeric"
        width="short"
        value={v.horizonDays}
        error={e.horizonDays}
      />
      <TextField
        name="minNoticeHours"
        label="Délai minimal avant un rendez-vous (heures)"
        inputMode="numeric"
        width="short"
        value={v.minNoticeHours}
        error={e.minNoticeHours}
      />
      <TextField
        name="changeLimitHours"
        label="Modification ou annulation par l’usager jusqu’à (heures avant)"
        inputMode="numeric"
        width="short"
        value={v.changeLimitHours}
        error={e.changeLimitHours}
      />
      <TextField
        name="reminderHours"
        label="Rappel envoyé (heures avant)"
        inputMode="numeric"
        width="short"
        value={v.reminderHours}
        error={e.reminderHours}
      />
      <Checkbox name="closedOnHolidays" label="Fermé les jours fériés" checked={v.closedOnHolidays === 'oui'} />
      <Checkbox name="active" label="Ouvert à la réservation" checked={v.active === 'oui'} />
      <SubmitButton>{props.submit}</SubmitButton>
    </form>
  );
}

export function NewAgendaPage(props: { context: PageContext; values: AgendaFormValues; errors: FieldErrors }) {
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <Layout context={props.context} title="Créer un agenda" hasErrors={hasErrors} breadcrumbs={LIST_CRUMBS}>
      <h1>Créer un agenda</h1>
      <ErrorSummary errors={props.errors} />
      <AgendaSettingsForm
        context={props.context}
        action="/admin/rendez-vous/nouveau"
        values={props.values}
        errors={props.errors}
        submit="Créer l’agenda"
      />
    </Layout>
  );
}

export function AgendaAdminPage(props: {
  context: PageContext;
  agenda: Agenda;
  types: MeetingType[];
  hours: OpeningHours[];
  closures: AgendaClosure[];
  values: AgendaFormValues;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, agenda, errors } = props;
  const base = `/admin/rendez-vous/${agenda.id}`;
  const hasErrors = Object.keys(errors).length > 0;
  const hoursText = WEEKDAYS.map((_, i) =>
    props.hours
      .filter((h) => h.weekday === i + 1)
      .map((h) => `${minutesText(h.opens_minute)}-${minutesText(h.closes_minute)}`)
      .join(' '),
  );
  return (
    <Layout context={context} title={`Agenda ${agenda.name}`} hasErrors={hasErrors} breadcrumbs={LIST_CRUMBS}>
      <h1>Agenda {agenda.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary errors={errors} />
      <p>
        Page publique : <a href={href(context, `/rendez-vous/${agenda.id}`)}>réserver un rendez-vous</a>.
      </p>

      <h2>Motifs</h2>
      {props.types.length === 0 ? <p>Aucun motif : ajoutez-en un pour ouvrir la réservation.</p> : null}
      <ul class="plain-list">
        {props.types.map((t) => (
          <li>
            <form method="post" action={href(context, `${base}/motifs/${t.id}`)} class="inline-form">
              <CsrfField token={context.csrfToken} />
              {t.name}, {t.duration_minutes} min{t.active ? '' : ' (retiré)'}{' '}
              <input type="hidden" name="active" value={t.active ? 'non' : 'oui'} />
              <button type="submit" class="button button--secondary">
                {t.active ? 'Retirer' : 'Rétablir'}
                <span class="visually-hidden"> le motif {t.name}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={href(context, `${base}/motifs`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField name="typeName" label="Nouveau motif" value="" error={errors.typeName} />
        <TextField
          name="durationMinutes"
          label="Durée (minutes)"
          hint={`Un multiple de la durée d’un créneau (${agenda.slot_minutes} minutes).`}
          inputMode="numeric"
          width="short"
          value=""
          error={errors.durationMinutes}
        />
        <SubmitButton variant="secondary">Ajouter le motif</SubmitButton>
      </form>

      <h2>Horaires d’ouverture</h2>
      <form method="post" action={href(context, `${base}/horaires`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <p>
          Pour chaque jour, une ou plusieurs plages séparées par un espace, par exemple « 08:30-12:00 13:30-17:00 ».
          Laissez vide un jour fermé.
        </p>
        {WEEKDAYS.map((day, i) => (
          <TextField
            name={`jour${i + 1}`}
            label={day}
            required={false}
            value={hoursText[i] ?? ''}
            error={errors[`jour${i + 1}`]}
            width="medium"
          />
        ))}
        <SubmitButton variant="secondary">Enregistrer les horaires</SubmitButton>
      </form>

      <h2>Fermetures</h2>
      {props.closures.length === 0 ? <p>Aucune fermeture prévue.</p> : null}
      <ul class="plain-list">
        {props.closures.map((c) => (
          <li>
            <form method="post" action={href(context, `${base}/fermetures/${c.id}/supprimer`)} class="inline-form">
              <CsrfField token={context.csrfToken} />
              Du {formatCalendarDay(c.first_day)} au {formatCalendarDay(c.last_day)} : {c.reason}{' '}
              <button type="submit" class="button button--secondary">
                Supprimer<span class="visually-hidden"> la fermeture du {formatCalendarDay(c.first_day)}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={href(context, `${base}/fermetures`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="firstDay"
          label="Premier jour fermé"
          type="date"
          width="medium"
          value=""
          error={errors.firstDay}
        />
        <TextField
          name="lastDay"
          label="Dernier jour fermé"
          type="date"
          width="medium"
          value=""
          error={errors.lastDay}
        />
        <TextField name="reason" label="Motif de la fermeture" value="" error={errors.reason} />
        <SubmitButton variant="secondary">Ajouter la fermeture</SubmitButton>
      </form>

      <h2>Réglages</h2>
      <AgendaSettingsForm
        context={context}
        action={base}
        values={props.values}
        errors={errors}
        submit="Enregistrer les réglages"
      />
    </Layout>
  );
}
