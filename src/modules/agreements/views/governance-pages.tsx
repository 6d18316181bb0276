import {
  type Choice,
  ChoiceGroup,
  CsrfField,
  DateField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { GovernanceMeeting } from '../agreements.tables.ts';
import { formatCalendarDate } from '../../../platform/paris-time.ts';
import type { DateParts } from '../../../platform/http/form-fields.ts';
import { MEETING_KIND_ORDER, MEETING_KINDS } from '../governance-rules.ts';
import type { RecipientWithName } from '../governance.repo.ts';
import { MEETING_STATUS_LABELS, RESPONSE_LABELS } from './labels.ts';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

/** The governance bodies of the agreement and their minutes, for operators. */
export function GovernancePage({ context, meetings }: { context: PageContext; meetings: GovernanceMeeting[] }) {
  return (
    <Layout context={context} title="Gouvernance" breadcrumbs={CRUMBS}>
      <h1>Gouvernance</h1>
      <p>
        <a class="button button--primary" href={href(context, '/admin/gouvernance/nouvelle')}>
          Enregistrer une réunion
        </a>
      </p>
      <div class="table-wrapper">
        <table class="table">
          <caption>Instances prévues par la convention et ses annexes</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Fréquence</th>
              <th scope="col">Source</th>
              <th scope="col">Dernière réunion</th>
            </tr>
          </thead>
          <tbody>
            {MEETING_KIND_ORDER.map((kind) => {
              const last = meetings.find((m) => m.kind === kind);
              return (
                <tr>
                  <th scope="row">{MEETING_KINDS[kind].label}</th>
                  <td>{MEETING_KINDS[kind].cadence}</td>
                  <td>{MEETING_KINDS[kind].source}</td>
                  <td>{last ? formatCalendarDate(last.held_on) : 'aucune'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>Réunions et comptes rendus</h2>
      {meetings.length ? (
        <ul class="item-list">
          {meetings.map((m) => (
            <li>
              <a href={href(context, `/admin/gouvernance/${m.id}`)}>{m.title}</a> — {MEETING_KINDS[m.kind].label},{' '}
              {formatCalendarDate(m.held_on)} : {MEETING_STATUS_LABELS[m.status]}
              {m.status === 'awaiting_approval' && m.approval_deadline_on
                ? ` jusqu'au ${formatCalendarDate(m.approval_deadline_on)}`
                : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune réunion enregistrée.</p>
      )}
    </Layout>
  );
}

export function NewMeetingPage(props: {
  context: PageContext;
  values: Record<string, string | string[]>;
  dates: Record<string, DateParts>;
  errors: FieldErrors;
  connectedCommunes: Choice[];
}) {
  const { context, values, errors } = props;
  const text = (name: string) => String(values[name] ?? '');
  return (
    <Layout
      context={context}
      title="Nouvelle réunion"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...CRUMBS, { label: 'Gouvernance', path: '/admin/gouvernance' }]}
    >
      <h1>Enregistrer une réunion</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, '/admin/gouvernance/nouvelle')} novalidate>
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="kind"
          label="Instance"
          value={text('kind')}
          error={errors.kind}
          choices={MEETING_KIND_ORDER.map((kind) => ({
            value: kind,
            label: MEETING_KINDS[kind].label,
            hint: `${MEETING_KINDS[kind].cadence} (${MEETING_KINDS[kind].source})`,
          }))}
        />
        <Select
          name="communeId"
          label="Commune (réunion bilatérale)"
          hint="Seulement pour une réunion bilatérale avec une commune de l'offre Connecté."
          required={false}
          placeholder="Choisir une commune"
          value={text('communeId')}
          error={errors.communeId}
          choices={props.connectedCommunes}
        />
        <TextField name="title" label="Intitulé" maxLength={200} value={text('title')} error={errors.title} />
        <DateField name="heldOn" label="Date de la réunion" value={props.dates.heldOn} error={errors.heldOn} />
        <TextArea
          name="minutes"
          label="Compte rendu"
          rows={10}
          maxLength={50_000}
          value={text('minutes')}
          error={errors.minutes}
        />
        <SubmitButton>Enregistrer le brouillon</SubmitButton>
      </form>
    </Layout>
  );
}

export function MeetingPage(props: {
  context: PageContext;
  meeting: GovernanceMeeting;
  bilateralCommune: string | null;
  recipients: RecipientWithName[];
  minutes: string;
  errors: FieldErrors;
  published: boolean;
}) {
  const { context, meeting, errors } = props;
  const rule = MEETING_KINDS[meeting.kind];
  const canPublish = meeting.status === 'draft' || meeting.status === 'contested';
  return (
    <Layout
      context={context}
      title={meeting.title}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...CRUMBS, { label: 'Gouvernance', path: '/admin/gouvernance' }]}
    >
      <h1>{meeting.title}</h1>
      {props.published ? (
        <Notice>Le compte rendu est publié aux communes concernées ; elles ont quinze jours pour répondre.</Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <div>
          <dt>Instance</dt>
          <dd>
            {rule.label}
            {props.bilateralCommune ? ` avec ${props.bilateralCommune}` : ''} ({rule.source})
          </dd>
        </div>
        <div>
          <dt>Réunion du</dt>
          <dd>{formatCalendarDate(meeting.held_on)}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>
            <strong>{MEETING_STATUS_LABELS[meeting.status]}</strong>
            {meeting.approved_on
              ? ` le ${formatCalendarDate(meeting.approved_on)}${meeting.approved_tacitly ? ' (tacitement, annexe Toodego §5.1)' : ''}`
              : ''}
          </dd>
        </div>
        {meeting.published_on && meeting.approval_deadline_on ? (
          <div>
            <dt>Publication</dt>
            <dd>
              version {meeting.version}, le {formatCalendarDate(meeting.published_on)} ; réponses jusqu'au{' '}
              {formatCalendarDate(meeting.approval_deadline_on)} inclus
            </dd>
          </div>
        ) : null}
      </dl>
      {props.recipients.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>Communes destinataires et leurs réponses</caption>
            <thead>
              <tr>
                <th scope="col">Commune</th>
                <th scope="col">Réponse</th>
                <th scope="col">Objection</th>
              </tr>
            </thead>
            <tbody>
              {props.recipients.map((r) => (
                <tr>
                  <th scope="row">{r.tenant_name}</th>
                  <td>{RESPONSE_LABELS[r.response]}</td>
                  <td>{r.objection ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canPublish ? (
        <>
          <h2>{meeting.status === 'contested' ? 'Publier une version corrigée' : 'Publier le compte rendu'}</h2>
          <form method="post" action={href(context, `/admin/gouvernance/${meeting.id}/publication`)} novalidate>
            <CsrfField token={context.csrfToken} />
            <TextArea
              name="minutes"
              label="Compte rendu"
              rows={12}
              maxLength={50_000}
              value={props.minutes}
              error={errors.minutes}
            />
            <SubmitButton>Publier aux communes concernées</SubmitButton>
          </form>
        </>
      ) : (
        <>
          <h2>Compte rendu (version {meeting.version})</h2>
          <div class="minutes-text">{meeting.minutes}</div>
        </>
      )}
    </Layout>
  );
}
