import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCalendarDay, formatTime, formatWhen } from '../appointment-format.ts';
import type { Agenda, Booking, MeetingType } from '../appointments.tables.ts';
import type { BookingLine } from '../booking.repo.ts';

const HOME = { label: 'Accueil', path: '/' };
const LIST = { label: 'Prendre rendez-vous', path: '/rendez-vous' };

/** The desks of the instance where a citizen can book. */
export function AgendaListPage({ context, agendas }: { context: PageContext; agendas: Agenda[] }) {
  return (
    <Layout context={context} title="Prendre rendez-vous" breadcrumbs={[HOME]}>
      <h1>Prendre rendez-vous</h1>
      {agendas.length === 0 ? (
        <p>Aucun guichet ne propose de rendez-vous en ligne pour le moment.</p>
      ) : (
        <ul class="link-list">
          {agendas.map((a) => (
            <li>
              <a href={href(context, `/rendez-vous/${a.id}`)}>{a.name}</a> — {a.desk}, {a.place}
            </li>
          ))}
        </ul>
      )}
      {context.user ? (
        <p>
          <a href={href(context, '/mes-rendez-vous')}>Mes rendez-vous</a>
        </p>
      ) : null}
    </Layout>
  );
}

export type SlotChoice = {
  agenda: Agenda;
  types: MeetingType[];
  type: MeetingType | undefined;
  days: Array<{ day: string; starts: Date[] }>;
  day: string | undefined;
};

/**
 * Days, then times, as plain links: each step is a page of its own, so it works without JavaScript and a keyboard
 * reaches every choice by tabbing. `timeHref` says where a chosen time leads (booking, or moving a booking).
 */
export function SlotSteps(props: {
  context: PageContext;
  choice: SlotChoice;
  stepHref: (query: Record<string, string>) => string;
  timeHref: (type: MeetingType, start: Date) => string;
}) {
  const { choice, stepHref } = props;
  const { type } = choice;
  const times = choice.days.find((d) => d.day === choice.day)?.starts ?? [];
  return (
    <>
      {choice.types.length > 1 ? (
        <section aria-labelledby="etape-motif">
          <h2 id="etape-motif">1. Motif du rendez-vous</h2>
          <ul class="link-list">
            {choice.types.map((t) => (
              <li>
                <a href={stepHref({ type: t.id })} aria-current={t.id === type?.id ? 'true' : undefined}>
                  {t.name} ({t.duration_minutes} min)
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {type ? (
        <section aria-labelledby="etape-jour">
          <h2 id="etape-jour">Jour</h2>
          <p>
            Motif : {type.name} ({type.duration_minutes} min).
          </p>
          {choice.days.length === 0 ? (
            <p>Aucun créneau n’est libre pour ce motif dans les semaines à venir.</p>
          ) : (
            <ul class="inline-list">
              {choice.days.map((d) => (
                <li>
                  <a
                    href={stepHref({ type: type.id, jour: d.day })}
                    aria-current={d.day === choice.day ? 'true' : undefined}
                  >
                    {formatCalendarDay(d.day)} ({d.starts.length} créneau{d.starts.length > 1 ? 'x' : ''})
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {type && choice.day ? (
        <section aria-labelledby="etape-heure">
          <h2 id="etape-heure">Heure, le {formatCalendarDay(choice.day)}</h2>
          {times.length === 0 ? (
            <p>Plus aucun créneau n’est libre ce jour-là. Choisissez un autre jour.</p>
          ) : (
            <ul class="inline-list">
              {times.map((start) => (
                <li>
                  <a href={props.timeHref(type, start)}>{formatTime(start)}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}

export function AgendaPage(props: { context: PageContext; choice: SlotChoice }) {
  const { context, choice } = props;
  const base = `/rendez-vous/${choice.agenda.id}`;
  return (
    <Layout context={context} title={choice.agenda.name} breadcrumbs={[HOME, LIST]}>
      <h1>{choice.agenda.name}</h1>
      <p>
        {choice.agenda.desk}, {choice.agenda.place}.
      </p>
      <SlotSteps
        context={context}
        choice={choice}
        stepHref={(q) => href(context, `${base}?${new URLSearchParams(q).toString()}`)}
        timeHref={(type, start) =>
          href(
            context,
            `${base}/reserver?${new URLSearchParams({ type: type.id, debut: start.toISOString() }).toString()}`,
          )
        }
      />
    </Layout>
  );
}

export type BookingFormValues = { name: string; email: string; phone: string };

/** The last step: who comes, then "Confirmer le rendez-vous". */
export function BookingFormPage(props: {
  context: PageContext;
  agenda: Agenda;
  type: MeetingType;
  start: Date;
  values: BookingFormValues;
  errors: FieldErrors;
  problem?: string | undefined;
}) {
  const { context, agenda, type, start, values, errors } = props;
  const hasErrors = Object.keys(errors).length > 0 || !!props.problem;
  return (
    <Layout
      context={context}
      title="Confirmer le rendez-vous"
      hasErrors={hasErrors}
      breadcrumbs={[HOME, LIST, { label: agenda.name, path: `/rendez-vous/${agenda.id}` }]}
    >
      <h1>Confirmer le rendez-vous</h1>
      {props.problem ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2 class="error-summary__title">Le rendez-vous n’est pas pris</h2>
          <p>{props.problem}</p>
          <p>
            <a href={href(context, `/rendez-vous/${agenda.id}?type=${type.id}`)}>Choisir un autre horaire</a>
          </p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <dt>Guichet</dt>
        <dd>
          {agenda.desk}, {agenda.place}
        </dd>
        <dt>Motif</dt>
        <dd>
          {type.name} ({type.duration_minutes} min)
        </dd>
        <dt>Date et heure</dt>
        <dd>{formatWhen(start)}</dd>
      </dl>
      <form method="post" action={href(context, `/rendez-vous/${agenda.id}/reserver`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="type" value={type.id} />
        <input type="hidden" name="debut" value={start.toISOString()} />
        <TextField name="name" label="Nom et prénom" value={values.name} error={errors.name} autocomplete="name" />
        <TextField
          name="email"
          label="Adresse électronique"
          hint="La confirmation, le fichier d’agenda et le lien pour gérer le rendez-vous y seront envoyés."
          type="email"
          value={values.email}
          error={errors.email}
          autocomplete="email"
        />
        <TextField
          name="phone"
          label="Téléphone mobile"
          hint="Pour recevoir le rappel par SMS. Exemple : 06 12 34 56 78."
          type="tel"
          required={false}
          value={values.phone}
          error={errors.phone}
          autocomplete="tel"
          width="medium"
        />
        <SubmitButton>Confirmer le rendez-vous</SubmitButton>
      </form>
    </Layout>
  );
}

const STATUS: Record<Booking['status'], string> = {
  held: 'Réservé dans un formulaire',
  booked: 'Confirmé',
  cancelled: 'Annulé',
  checked_in: 'Présent',
  no_show: 'Absent',
};

export function statusLabel(status: Booking['status']): string {
  return STATUS[status];
}

/** One booking, as its holder sees it: details, then change and cancel while the agenda allows it. */
export function ManageBookingPage(props: {
  context: PageContext;
  booking: Booking;
  agenda: Agenda;
  type: MeetingType;
  changeUntil: Date;
  refusal: string | undefined;
  /** Where its forms post and its steps link: the secret link's page or the account's. */
  base: string;
  choice: SlotChoice | undefined;
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const { context, booking, agenda, type, base } = props;
  const crumbs = context.user ? [HOME, { label: 'Mes rendez-vous', path: '/mes-rendez-vous' }] : [HOME];
  return (
    <Layout context={context} title="Mon rendez-vous" hasErrors={!!props.problem} breadcrumbs={crumbs}>
      <h1>Mon rendez-vous</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.problem ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2 class="error-summary__title">La modification n’est pas faite</h2>
          <p>{props.problem}</p>
        </div>
      ) : null}
      <dl class="summary-list">
        <dt>Statut</dt>
        <dd>{statusLabel(booking.status)}</dd>
        <dt>Guichet</dt>
        <dd>
          {agenda.desk}, {agenda.place}
        </dd>
        <dt>Motif</dt>
        <dd>{type.name}</dd>
        <dt>Date et heure</dt>
        <dd>{formatWhen(booking.starts_at)}</dd>
        <dt>Au nom de</dt>
        <dd>{booking.name}</dd>
      </dl>
      {props.refusal ? (
        <p>{props.refusal}</p>
      ) : (
        <>
          <p>Vous pouvez déplacer ou annuler ce rendez-vous jusqu’au {formatWhen(props.changeUntil)}.</p>
          <h2>Annuler</h2>
          <form method="post" action={href(context, `${base}/annuler`)}>
            <CsrfField token={context.csrfToken} />
            <SubmitButton variant="danger">Annuler le rendez-vous</SubmitButton>
          </form>
          <h2>Déplacer</h2>
          {props.choice ? (
            <SlotSteps
              context={context}
              choice={props.choice}
              stepHref={(q) => href(context, `${base}?${new URLSearchParams(q).toString()}`)}
              timeHref={(_type, start) =>
                href(context, `${base}/deplacer?${new URLSearchParams({ debut: start.toISOString() }).toString()}`)
              }
            />
          ) : null}
        </>
      )}
    </Layout>
  );
}

/** Moving asks to confirm the new time: a link alone never changes anything. */
export function ConfirmMovePage(props: { context: PageContext; base: string; booking: Booking; start: Date }) {
  const { context, base } = props;
  return (
    <Layout context={context} title="Déplacer le rendez-vous" breadcrumbs={[HOME]}>
      <h1>Déplacer le rendez-vous</h1>
      <p>
        Votre rendez-vous du {formatWhen(props.booking.starts_at)} sera déplacé au {formatWhen(props.start)}.
      </p>
      <form method="post" action={href(context, `${base}/deplacer`)}>
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="debut" value={props.start.toISOString()} />
        <SubmitButton>Confirmer le déplacement</SubmitButton>
      </form>
      <p>
        <a href={href(context, base)}>Garder l’horaire actuel</a>
      </p>
    </Layout>
  );
}

/** The citizen's appointments on this instance, from their account. */
export function MyBookingsPage({ context, bookings }: { context: PageContext; bookings: BookingLine[] }) {
  return (
    <Layout context={context} title="Mes rendez-vous" breadcrumbs={[HOME]}>
      <h1>Mes rendez-vous</h1>
      {bookings.length === 0 ? (
        <p>Vous n’avez pris aucun rendez-vous sur ce site.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Mes rendez-vous</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Guichet</th>
                <th scope="col">Motif</th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {bookings.map((b) => (
                <tr>
                  <td>
                    <a href={href(context, `/mes-rendez-vous/${b.id}`)}>{formatWhen(b.starts_at)}</a>
                  </td>
                  <td>{b.agenda_name}</td>
                  <td>{b.meeting_type_name}</td>
                  <td>{statusLabel(b.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={href(context, '/rendez-vous')}>Prendre un rendez-vous</a>
      </p>
    </Layout>
  );
}
