import type { ComponentChildren } from 'preact';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextArea,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { CommuneMinutes } from '../governance.repo.ts';
import { formatCalendarDate } from '../../../platform/paris-time.ts';
import { MEETING_KINDS } from '../governance-rules.ts';
import type { AgreementFile } from '../load-agreement-file.ts';
import {
  AgreementSummary,
  AmendmentsTable,
  AnnexesTable,
  ChecklistTable,
  DisputesList,
  NoticesList,
} from './agreement-sections.tsx';
import { MEETING_STATUS_LABELS, RESPONSE_LABELS, serviceOfferLabel } from './labels.ts';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

/**
 * What a commune's administrators see of their agreement: read-only, their commune only. The page composing it gives
 * the commune's contributions, shown after the amendments.
 */
export function CommuneAgreementPage({
  context,
  file,
  pendingMinutes,
  contributions,
}: {
  context: PageContext;
  file: AgreementFile;
  pendingMinutes: number;
  contributions: ComponentChildren;
}) {
  const toodego = file.offersToday.toodego;
  return (
    <Layout context={context} title="Convention avec la Métropole" breadcrumbs={CRUMBS}>
      <h1>Convention avec la Métropole</h1>
      <p>
        Offre Toodego aujourd'hui : <strong>{serviceOfferLabel('toodego', toodego)}</strong>.{' '}
        <a href={href(context, '/admin/convention/comptes-rendus')}>Comptes rendus des instances de gouvernance</a>
        {pendingMinutes ? ` (${pendingMinutes} en attente de votre validation)` : ''}.
      </p>
      <h2>Convention-cadre</h2>
      <AgreementSummary file={file} />
      <h2>Annexes et offres</h2>
      <AnnexesTable file={file} />
      <h2>Avenants</h2>
      <AmendmentsTable file={file} />
      {contributions}
      <h2>Départ ou changement d'offre : tâches</h2>
      <ChecklistTable file={file} />
      <h2>Préavis et mises en demeure</h2>
      <NoticesList file={file} />
      <h2>Réclamations</h2>
      <DisputesList file={file} />
    </Layout>
  );
}

export function MinutesListPage({ context, minutes }: { context: PageContext; minutes: CommuneMinutes[] }) {
  return (
    <Layout
      context={context}
      title="Comptes rendus"
      breadcrumbs={[...CRUMBS, { label: 'Convention', path: '/admin/convention' }]}
    >
      <h1>Comptes rendus des instances de gouvernance</h1>
      <p>
        Les comptes rendus sont soumis à votre validation pendant quinze jours ; sans réponse, ils sont considérés comme
        approuvés (annexe Toodego §5.1).
      </p>
      {minutes.length ? (
        <ul class="item-list">
          {minutes.map((m) => (
            <li>
              <a href={href(context, `/admin/convention/comptes-rendus/${m.id}`)}>{m.title}</a> —{' '}
              {MEETING_KINDS[m.kind].label}, réunion du {formatCalendarDate(m.held_on)}
              <br />
              {MEETING_STATUS_LABELS[m.status]}
              {m.status === 'awaiting_approval' && m.approval_deadline_on
                ? ` jusqu'au ${formatCalendarDate(m.approval_deadline_on)}`
                : ''}{' '}
              ; votre réponse : {RESPONSE_LABELS[m.response]}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun compte rendu ne vous a été transmis.</p>
      )}
    </Layout>
  );
}

export function MinutesPage(props: {
  context: PageContext;
  minutes: CommuneMinutes;
  open: boolean;
  values: Record<string, string | string[]>;
  errors: FieldErrors;
  done: boolean;
}) {
  const { context, minutes, errors } = props;
  const rule = MEETING_KINDS[minutes.kind];
  return (
    <Layout
      context={context}
      title={minutes.title}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        ...CRUMBS,
        { label: 'Convention', path: '/admin/convention' },
        { label: 'Comptes rendus', path: '/admin/convention/comptes-rendus' },
      ]}
    >
      <h1>{minutes.title}</h1>
      {props.done ? <Notice>Votre réponse est enregistrée.</Notice> : null}
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <div>
          <dt>Instance</dt>
          <dd>
            {rule.label} ({rule.cadence}, {rule.source})
          </dd>
        </div>
        <div>
          <dt>Réunion du</dt>
          <dd>{formatCalendarDate(minutes.held_on)}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>
            {MEETING_STATUS_LABELS[minutes.status]}
            {minutes.status === 'approved' && minutes.approved_on
              ? ` le ${formatCalendarDate(minutes.approved_on)}${minutes.approved_tacitly ? ', tacitement (aucune objection dans les quinze jours)' : ''}`
              : ''}
          </dd>
        </div>
        {minutes.approval_deadline_on ? (
          <div>
            <dt>Délai de validation</dt>
            <dd>jusqu'au {formatCalendarDate(minutes.approval_deadline_on)} inclus</dd>
          </div>
        ) : null}
        <div>
          <dt>Votre réponse</dt>
          <dd>
            {RESPONSE_LABELS[minutes.response]}
            {minutes.objection ? ` : ${minutes.objection}` : ''}
          </dd>
        </div>
      </dl>
      <h2>Compte rendu (version {minutes.version})</h2>
      <div class="minutes-text">{minutes.minutes}</div>
      {props.open ? (
        <>
          <h2>Votre réponse</h2>
          <form
            method="post"
            action={href(context, `/admin/convention/comptes-rendus/${minutes.id}/reponse`)}
            novalidate
          >
            <CsrfField token={context.csrfToken} />
            <ChoiceGroup
              kind="radio"
              name="response"
              label="Le compte rendu"
              value={String(props.values.response ?? '')}
              error={errors.response}
              choices={[
                { value: 'approved', label: 'Approuver le compte rendu' },
                {
                  value: 'objected',
                  label: 'Formuler une objection',
                  hint: 'Le compte rendu ne sera pas approuvé ; la Métropole en publiera une version corrigée.',
                },
              ]}
            />
            <TextArea
              name="objection"
              label="Objection"
              hint="Obligatoire si vous formulez une objection : ce qui doit être corrigé."
              required={false}
              rows={4}
              maxLength={2000}
              value={String(props.values.objection ?? '')}
              error={errors.objection}
            />
            <SubmitButton>Envoyer la réponse</SubmitButton>
          </form>
        </>
      ) : null}
    </Layout>
  );
}
