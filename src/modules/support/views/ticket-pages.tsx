import { Layout } from '../../../platform/views/layout.tsx';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { STATUS_LABELS } from '../answer-ticket.ts';
import type { TicketWithSla } from '../load-tickets.ts';
import { CATEGORY_LABELS } from '../open-ticket.ts';
import {
  formatWorkingTime,
  PRIORITY_OF,
  SEVERITIES,
  SEVERITY_LABELS,
  type Severity,
  SLA_STATUS_LABELS,
  TARGET_HOURS,
} from '../sla.ts';
import type { TicketCategory, TicketEventRow, TicketStatus } from '../support.tables.ts';
import { ticketLabel } from '../ticket-mail.ts';

/** The communes' support tickets: their list, the form that opens one, a ticket's page (commune and metropolis). */

const FILE_HINT = 'Facultatif. Une capture d’écran (PNG, JPEG, WebP) ou un PDF, 5 Mo au plus.';

function SlaCell({ ticket }: { ticket: TicketWithSla }) {
  const { sla } = ticket;
  return (
    <>
      {SLA_STATUS_LABELS[sla.status]}
      {sla.dueAt ? <> (échéance {formatDateTime(sla.dueAt)})</> : null}
    </>
  );
}

export function TicketTable(props: {
  context: PageContext;
  caption: string;
  tickets: Array<TicketWithSla & { commune?: { name: string; slug: string } }>;
  linkOf: (ticket: TicketWithSla & { commune?: { name: string; slug: string } }) => string;
}) {
  const showCommune = props.tickets.some((t) => t.commune);
  if (props.tickets.length === 0) return <p>Aucun ticket.</p>;
  return (
    <div class="table-wrapper">
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            {showCommune ? <th scope="col">Commune</th> : null}
            <th scope="col">Sujet</th>
            <th scope="col">Statut</th>
            <th scope="col">Type et priorité</th>
            <th scope="col">Délai</th>
          </tr>
        </thead>
        <tbody>
          {props.tickets.map((ticket) => (
            <tr>
              <th scope="row">
                <a href={href(props.context, props.linkOf(ticket))}>{ticketLabel(ticket)}</a>
              </th>
              {showCommune ? <td>{ticket.commune?.name}</td> : null}
              <td>{ticket.subject}</td>
              <td>{STATUS_LABELS[ticket.status]}</td>
              <td>
                {ticket.severity
                  ? `${SEVERITY_LABELS[ticket.severity as Severity]}, priorité ${PRIORITY_OF[ticket.severity as Severity].toLowerCase()}`
                  : 'À qualifier'}
              </td>
              <td>
                <SlaCell ticket={ticket} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CommuneTicketsPage(props: { context: PageContext; tickets: TicketWithSla[]; done?: string }) {
  const { context } = props;
  return (
    <Layout context={context} title="Support de la plateforme">
      <h1>Support de la plateforme</h1>
      {props.done ? (
        <Notice>
          <p>{props.done}</p>
        </Notice>
      ) : null}
      <p>
        Un dysfonctionnement du guichet, du service d’identité, d’un connecteur ou des données ? Ouvrez un ticket : le
        support de la Métropole le qualifie (bloquant, majeur, mineur) et le résout en heures ouvrées (du lundi au
        vendredi, de 9 h à 17 h) : 8 heures pour un incident bloquant, 24 heures pour un incident majeur.
      </p>
      <p>
        <a class="button button--primary" href={href(context, '/support/nouveau')}>
          Ouvrir un ticket
        </a>
      </p>
      <h2>Les tickets de {context.tenant.name}</h2>
      <TicketTable
        context={context}
        caption={`Tickets de ${context.tenant.name}`}
        tickets={props.tickets}
        linkOf={(t) => `/support/${t.id}`}
      />
      <ul>
        <li>
          <a href={href(context, '/support/conformite')}>Respect des délais de résolution</a>
        </li>
        <li>
          <a href={href(context, '/actualites')}>Actualités, maintenances et disponibilité de la plateforme</a>
        </li>
      </ul>
    </Layout>
  );
}

export type NewTicketValues = { subject: string; category: string; description: string };

export function NewTicketPage(props: { context: PageContext; values: NewTicketValues; errors: FieldErrors }) {
  const { context, values, errors } = props;
  return (
    <Layout
      context={context}
      title="Ouvrir un ticket"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Support de la plateforme', path: '/support' }]}
    >
      <h1>Ouvrir un ticket</h1>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={href(context, '/support/nouveau')}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <CsrfField token={context.csrfToken} />
        <TextField name="subject" label="Sujet" value={values.subject} error={errors.subject} maxLength={200} />
        <ChoiceGroup
          kind="radio"
          name="category"
          label="Ce qui est concerné"
          value={values.category}
          error={errors.category}
          choices={Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextArea
          name="description"
          label="Description"
          hint="Ce qui se passe, depuis quand, combien d’usagers ou d’agents sont gênés, ce que vous avez essayé."
          value={values.description}
          error={errors.description}
          maxLength={10000}
          rows={8}
        />
        <FileField name="file" label="Pièce jointe" hint={FILE_HINT} required={false} error={errors.file} />
        <SubmitButton>Ouvrir le ticket</SubmitButton>
      </form>
    </Layout>
  );
}

function History({ events, fileHref }: { events: TicketEventRow[]; fileHref: (e: TicketEventRow) => string }) {
  return (
    <ol class="timeline">
      {events.map((event) => (
        <li class="timeline__item">
          <p>
            <strong>{event.author_label}</strong> ({event.side === 'commune' ? 'commune' : 'support de la Métropole'}),{' '}
            {formatDateTime(event.at)}
            {event.kind === 'statut' && event.status ? (
              <> : statut « {STATUS_LABELS[event.status as TicketStatus]} »</>
            ) : null}
            {event.kind === 'ouverture' ? <> : ouverture du ticket</> : null}
            {event.kind === 'qualification' ? <> : qualification</> : null}
          </p>
          {event.body ? event.body.split(/\n{2,}/).map((paragraph) => <p class="timeline__body">{paragraph}</p>) : null}
          {event.file_id ? (
            <p>
              Pièce jointe : <a href={fileHref(event)}>{event.file_name}</a>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Summary({ ticket }: { ticket: TicketWithSla }) {
  const severity = ticket.severity as Severity | null;
  return (
    <dl class="summary-list">
      <dt>Concerne</dt>
      <dd>{CATEGORY_LABELS[ticket.category as TicketCategory]}</dd>
      <dt>Statut</dt>
      <dd>{STATUS_LABELS[ticket.status]}</dd>
      <dt>Type et priorité</dt>
      <dd>
        {severity ? `${SEVERITY_LABELS[severity]}, priorité ${PRIORITY_OF[severity].toLowerCase()}` : 'À qualifier'}
      </dd>
      <dt>Délai de résolution</dt>
      <dd>
        {severity && TARGET_HOURS[severity] !== null ? `${TARGET_HOURS[severity]} heures ouvrées` : 'Sans engagement'}
        {' – '}
        <SlaCell ticket={ticket} />
        {ticket.sla.targetMs !== null ? <>, {formatWorkingTime(ticket.sla.elapsedMs)} ouvrées écoulées</> : null}
      </dd>
      <dt>Ouvert par</dt>
      <dd>
        {ticket.opened_by_label}, {formatDateTime(ticket.created_at)}
      </dd>
    </dl>
  );
}

export function TicketPage(props: {
  context: PageContext;
  ticket: TicketWithSla;
  events: TicketEventRow[];
  /** The commune's page or the metropolis's desk (which qualifies and moves the ticket). */
  desk: { communeName: string; base: string } | null;
  values: { body: string };
  errors: FieldErrors;
  done?: string | undefined;
}) {
  const { context, ticket, events, desk, errors } = props;
  const base = desk ? desk.base : `/support/${ticket.id}`;
  const title = `Ticket ${ticketLabel(ticket)} : ${ticket.subject}`;
  const open = ticket.status !== 'resolu';
  return (
    <Layout
      context={context}
      title={title}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        desk ? { label: 'Support des communes', path: '/admin/support' } : { label: 'Support', path: '/support' },
      ]}
    >
      <h1>{title}</h1>
      {desk ? <p>Commune : {desk.communeName}</p> : null}
      {props.done ? (
        <Notice>
          <p>{props.done}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <Summary ticket={ticket} />
      {desk && open ? (
        <form method="post" action={href(context, `${base}/qualification`)} class="form" novalidate>
          <CsrfField token={context.csrfToken} />
          <ChoiceGroup
            kind="radio"
            name="severity"
            label="Qualification après diagnostic"
            value={ticket.severity ?? ''}
            error={errors.severity}
            choices={SEVERITIES.map((s) => ({
              value: s,
              label: `${SEVERITY_LABELS[s]} (priorité ${PRIORITY_OF[s].toLowerCase()}${TARGET_HOURS[s] ? `, ${TARGET_HOURS[s]} h ouvrées` : ', sans engagement'})`,
            }))}
          />
          <SubmitButton variant="secondary">Qualifier</SubmitButton>
        </form>
      ) : null}
      <h2>Historique</h2>
      <History events={events} fileHref={(e) => href(context, `${base}/pieces/${e.id}`)} />
      {open ? (
        <>
          <h2>Écrire</h2>
          <form
            method="post"
            action={href(context, `${base}/messages`)}
            enctype="multipart/form-data"
            class="form"
            novalidate
          >
            <CsrfField token={context.csrfToken} />
            <TextArea
              name="body"
              label="Message"
              value={props.values.body}
              error={errors.body}
              maxLength={10000}
              required={false}
            />
            <FileField name="file" label="Pièce jointe" hint={FILE_HINT} required={false} error={errors.file} />
            {desk ? (
              <Select
                name="status"
                label="Statut après ce message"
                value=""
                required={false}
                choices={[
                  { value: '', label: 'Inchangé' },
                  { value: 'en_cours', label: STATUS_LABELS.en_cours },
                  { value: 'attente_commune', label: `${STATUS_LABELS.attente_commune} (délai suspendu)` },
                  { value: 'resolu', label: `${STATUS_LABELS.resolu} (la commune est prévenue)` },
                ]}
              />
            ) : null}
            <SubmitButton>Envoyer</SubmitButton>
          </form>
        </>
      ) : (
        <p>Ce ticket est résolu. Pour un nouveau problème, ouvrez un autre ticket.</p>
      )}
    </Layout>
  );
}

export function DeskPage(props: {
  context: PageContext;
  tickets: Array<TicketWithSla & { commune: { name: string; slug: string } }>;
  all: boolean;
}) {
  const { context } = props;
  return (
    <Layout context={context} title="Support des communes" breadcrumbs={[{ label: 'Administration', path: '/admin' }]}>
      <h1>Support des communes</h1>
      <p>
        {props.all ? (
          <a href={href(context, '/admin/support')}>Voir les tickets ouverts seulement</a>
        ) : (
          <a href={href(context, '/admin/support?tous=1')}>Voir aussi les tickets résolus</a>
        )}
      </p>
      <TicketTable
        context={context}
        caption="Tickets des communes, les plus urgents d’abord"
        tickets={props.tickets}
        linkOf={(t) => `/admin/support/${t.commune?.slug ?? ''}/${t.id}`}
      />
      <ul>
        <li>
          <a href={href(context, '/admin/support/conformite')}>Respect des délais par commune (objectif 95 %)</a>
        </li>
        <li>
          <a href={href(context, '/admin/annonces')}>Annonces aux communes et disponibilité</a>
        </li>
        <li>
          <a href={href(context, '/admin/aide')}>Questions fréquentes</a>
        </li>
      </ul>
    </Layout>
  );
}
