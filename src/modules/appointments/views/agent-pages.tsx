import { CsrfField, Notice, SubmitButton } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCalendarDay, formatTime } from '../appointment-format.ts';
import type { Agenda } from '../appointments.tables.ts';
import type { BookingLine } from '../booking.repo.ts';
import type { StatisticsLine } from '../load-agent-views.ts';
import { statusLabel } from './public-pages.tsx';

const CRUMBS = [{ label: 'Accueil', path: '/' }];
const DAY_CRUMBS = [...CRUMBS, { label: 'Rendez-vous du jour', path: '/gru/rendez-vous' }];

function Nav({ context }: { context: PageContext }) {
  return (
    <ul class="inline-list">
      <li>
        <a href={href(context, '/gru/rendez-vous')}>Rendez-vous du jour</a>
      </li>
      <li>
        <a href={href(context, '/gru/rendez-vous/statistiques')}>Statistiques</a>
      </li>
      <li>
        <a href={href(context, '/gru/rendez-vous/flux')}>Mon flux d’agenda</a>
      </li>
    </ul>
  );
}

/** The agents' day at the desk: who comes when, and the check-in or no-show of each. */
export function DayPage(props: {
  context: PageContext;
  day: string;
  previous: string;
  next: string;
  agendaId: string | undefined;
  agendas: Agenda[];
  bookings: BookingLine[];
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const { context, day } = props;
  const query = (d: string) => `/gru/rendez-vous?jour=${d}${props.agendaId ? `&agenda=${props.agendaId}` : ''}`;
  return (
    <Layout
      context={context}
      title={`Rendez-vous du ${formatCalendarDay(day)}`}
      hasErrors={!!props.problem}
      breadcrumbs={CRUMBS}
    >
      <h1>Rendez-vous du {formatCalendarDay(day)}</h1>
      <Nav context={context} />
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.problem ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2 class="error-summary__title">Rien n’est noté</h2>
          <p>{props.problem}</p>
        </div>
      ) : null}
      <form method="get" action={href(context, '/gru/rendez-vous')} class="filters">
        <div class="field">
          <label class="field__label" for="champ-jour">
            Jour
          </label>
          <input class="input input--medium" type="date" id="champ-jour" name="jour" value={day} />
        </div>
        <div class="field">
          <label class="field__label" for="champ-agenda">
            Agenda
          </label>
          <select class="input input--medium" id="champ-agenda" name="agenda">
            <option value="">Tous les agendas</option>
            {props.agendas.map((a) => (
              <option value={a.id} selected={a.id === props.agendaId}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary">
          Afficher
        </button>
      </form>
      <p>
        <a href={href(context, query(props.previous))}>Jour précédent</a> ·{' '}
        <a href={href(context, query(props.next))}>Jour suivant</a>
      </p>
      {props.bookings.length === 0 ? (
        <p>Aucun rendez-vous ce jour-là.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Rendez-vous du {formatCalendarDay(day)}</caption>
            <thead>
              <tr>
                <th scope="col">Heure</th>
                <th scope="col">Usager</th>
                <th scope="col">Agenda et motif</th>
                <th scope="col">Statut</th>
                <th scope="col">Présence</th>
              </tr>
            </thead>
            <tbody>
              {props.bookings.map((b) => (
                <tr>
                  <td>
                    {formatTime(b.starts_at)} – {formatTime(b.ends_at)}
                  </td>
                  <td>
                    {b.name}
                    <br />
                    {b.email}
                    {b.phone ? (
                      <>
                        <br />
                        {b.phone}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {b.agenda_name} : {b.meeting_type_name}
                  </td>
                  <td>{statusLabel(b.status)}</td>
                  <td>
                    {b.status === 'cancelled' ? null : (
                      <form
                        method="post"
                        action={href(context, `/gru/rendez-vous/${b.id}/presence`)}
                        class="inline-form"
                      >
                        <CsrfField token={context.csrfToken} />
                        <input type="hidden" name="jour" value={day} />
                        {b.status === 'booked' ? (
                          <>
                            <button type="submit" name="presence" value="checked_in" class="button button--secondary">
                              Présent<span class="visually-hidden"> : {b.name}</span>
                            </button>{' '}
                            <button type="submit" name="presence" value="no_show" class="button button--secondary">
                              Absent<span class="visually-hidden"> : {b.name}</span>
                            </button>
                          </>
                        ) : (
                          <button type="submit" name="presence" value="booked" class="button button--secondary">
                            Annuler le pointage<span class="visually-hidden"> de {b.name}</span>
                          </button>
                        )}
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

export function StatisticsPage(props: { context: PageContext; from: string; to: string; lines: StatisticsLine[] }) {
  const { context } = props;
  return (
    <Layout context={context} title="Statistiques des rendez-vous" breadcrumbs={DAY_CRUMBS}>
      <h1>Statistiques des rendez-vous</h1>
      <Nav context={context} />
      <form method="get" action={href(context, '/gru/rendez-vous/statistiques')} class="filters">
        <div class="field">
          <label class="field__label" for="champ-du">
            Du
          </label>
          <input class="input input--medium" type="date" id="champ-du" name="du" value={props.from} />
        </div>
        <div class="field">
          <label class="field__label" for="champ-au">
            Au
          </label>
          <input class="input input--medium" type="date" id="champ-au" name="au" value={props.to} />
        </div>
        <button type="submit" class="button button--secondary">
          Afficher
        </button>
      </form>
      <div class="table-wrapper">
        <table class="table">
          <caption>
            Du {formatCalendarDay(props.from)} au {formatCalendarDay(props.to)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Agenda</th>
              <th scope="col">Réservations</th>
              <th scope="col">Annulations</th>
              <th scope="col">Présents</th>
              <th scope="col">Absents</th>
              <th scope="col">Taux d’absence</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((l) => (
              <tr>
                <th scope="row">{l.agenda_name}</th>
                <td>{l.total}</td>
                <td>{l.cancelled}</td>
                <td>{l.checked_in}</td>
                <td>{l.no_show}</td>
                <td>{l.noShowRate === null ? 'non mesuré' : percent.format(l.noShowRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>Le taux d’absence se calcule sur les rendez-vous dont la présence ou l’absence a été notée.</p>
    </Layout>
  );
}

/** The agent's personal calendar feed: its address once, when issued; revocable. */
export function FeedPage(props: {
  context: PageContext;
  active: boolean;
  url?: string | undefined;
  notice?: string | undefined;
}) {
  const { context } = props;
  return (
    <Layout context={context} title="Mon flux d’agenda" breadcrumbs={DAY_CRUMBS}>
      <h1>Mon flux d’agenda</h1>
      <Nav context={context} />
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>
        Une adresse secrète à laquelle votre logiciel d’agenda s’abonne pour afficher les rendez-vous. Elle n’est
        montrée qu’une fois : gardez-la pour vous. En créer une nouvelle désactive l’ancienne.
      </p>
      {props.url ? (
        <p>
          Adresse de votre flux : <code class="code-block">{props.url}</code>
        </p>
      ) : (
        <p>{props.active ? 'Un flux est actif.' : 'Vous n’avez pas de flux actif.'}</p>
      )}
      <form method="post" action={href(context, '/gru/rendez-vous/flux')}>
        <CsrfField token={context.csrfToken} />
        <SubmitButton>{props.active ? 'Remplacer l’adresse du flux' : 'Créer l’adresse du flux'}</SubmitButton>
      </form>
      {props.active ? (
        <form method="post" action={href(context, '/gru/rendez-vous/flux/revoquer')}>
          <CsrfField token={context.csrfToken} />
          <SubmitButton variant="danger">Révoquer le flux</SubmitButton>
        </form>
      ) : null}
    </Layout>
  );
}
