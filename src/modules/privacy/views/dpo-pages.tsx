import { formatDateTime } from '../../../platform/views/format.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextArea,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCalendarDate, parisDay } from '../../../platform/paris-time.ts';
import type { RightsRequestRow } from '../privacy.tables.ts';
import { deadlineText, effectiveDueDate, EXPORT_BY_DEFAULT, RIGHT_LABELS, STATUS_LABELS } from '../rights.ts';
import { paragraphs, RightsFacts } from './rights-pages.tsx';

export const DPO_CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

/** Links between the officer's pages. */
export function DpoNav({ context }: { context: PageContext }) {
  return (
    <nav aria-label="Protection des données">
      <ul class="inline-list">
        <li>
          <a href={href(context, '/admin/droits')}>Demandes d’exercice des droits</a>
        </li>
        <li>
          <a href={href(context, '/admin/conservation')}>Durées de conservation</a>
        </li>
        <li>
          <a href={href(context, '/admin/registre')}>Registre des traitements</a>
        </li>
      </ul>
    </nav>
  );
}

export function RightsQueuePage(props: { context: PageContext; requests: RightsRequestRow[]; now: Date }) {
  const { context, now } = props;
  const open = props.requests.filter((r) => r.status !== 'answered').length;
  return (
    <Layout context={context} title="Demandes d’exercice des droits" breadcrumbs={DPO_CRUMBS}>
      <h1>Demandes d’exercice des droits</h1>
      <DpoNav context={context} />
      <p>
        Les demandes adressées au délégué à la protection des données de {context.tenant.name}, les plus urgentes
        d’abord. Délai : un mois à compter de la réception, prolongeable de deux mois avec information de la personne.
      </p>
      <p class="result-count">{open} demande(s) en attente de réponse</p>
      {props.requests.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Demandes d’exercice des droits et leur échéance</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Droit</th>
                <th scope="col">Personne</th>
                <th scope="col">Reçue le</th>
                <th scope="col">Échéance</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {props.requests.map((r) => (
                <tr>
                  <td>
                    <a href={href(context, `/admin/droits/${r.id}`)}>{r.reference}</a>
                  </td>
                  <td>{RIGHT_LABELS[r.kind]}</td>
                  <td>{r.requester_name}</td>
                  <td>{formatDateTime(r.received_at)}</td>
                  <td>
                    {formatCalendarDate(effectiveDueDate(r))} — {deadlineText(r, now)}
                  </td>
                  <td>{STATUS_LABELS[r.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune demande reçue.</p>
      )}
    </Layout>
  );
}

const DONE: Record<string, string> = {
  prolongee: 'Le délai est prolongé. La personne en est informée par courriel, avec le motif.',
  repondue: 'La réponse est envoyée. La personne en est informée par courriel.',
};

const LABELS = { motif: 'Motif de la prolongation', reponse: 'Réponse' };

export function DpoRightsRequestPage(props: {
  context: PageContext;
  request: RightsRequestRow;
  now: Date;
  done: string | null;
  values: Record<string, string>;
  errors: FieldErrors;
  sent: 'prolongation' | 'reponse' | null;
}) {
  const { context, request: r, errors, values } = props;
  const base = href(context, `/admin/droits/${r.id}`);
  const mayExtend = r.status === 'received' && effectiveDueDate(r) >= parisDay(props.now);
  const withExport = props.sent === 'reponse' ? values.export === 'oui' : EXPORT_BY_DEFAULT.has(r.kind);
  return (
    <Layout
      context={context}
      title={`Demande ${r.reference}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...DPO_CRUMBS, { label: 'Demandes d’exercice des droits', path: '/admin/droits' }]}
    >
      {props.done && DONE[props.done] ? <Notice>{DONE[props.done]}</Notice> : null}
      <h1>Demande {r.reference}</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <p>
        <strong>{deadlineText(r, props.now)}</strong>
      </p>
      <RightsFacts request={r} instance={context.tenant.name} />
      <dl class="summary-list">
        <div>
          <dt>Personne</dt>
          <dd>
            {r.requester_name} ({r.requester_email})
          </dd>
        </div>
      </dl>
      <h2>Demande</h2>
      <blockquote>{paragraphs(r.details)}</blockquote>
      {r.status === 'answered' ? (
        <>
          <h2>Réponse envoyée</h2>
          <p>
            Le {r.answered_at ? formatDateTime(r.answered_at) : ''}
            {r.export_file_id ? ', avec la copie de ses données, téléchargeable depuis son compte' : ''}.
          </p>
          <blockquote>{paragraphs(r.answer ?? '')}</blockquote>
        </>
      ) : (
        <>
          <section aria-labelledby="titre-reponse">
            <h2 id="titre-reponse">Répondre</h2>
            <form method="post" action={`${base}/reponse`} novalidate>
              <CsrfField token={context.csrfToken} />
              <TextArea
                name="reponse"
                label="Réponse"
                hint="Envoyée à la personne et gardée avec la demande. Dites ce qui a été fait (accès, rectification, effacement…) ou pourquoi la demande ne peut être satisfaite, et les voies de recours."
                value={props.sent === 'reponse' ? values.reponse : undefined}
                error={errors.reponse}
                maxLength={8000}
              />
              {r.user_id ? (
                <Checkbox
                  name="export"
                  label="Joindre la copie complète de ses données (export de son compte)"
                  hint="Faite au moment de la réponse ; la personne la télécharge depuis son compte."
                  checked={withExport}
                />
              ) : null}
              <SubmitButton>Envoyer la réponse</SubmitButton>
            </form>
          </section>
          {mayExtend ? (
            <section aria-labelledby="titre-prolongation">
              <h2 id="titre-prolongation">Prolonger le délai de deux mois</h2>
              <p>
                Possible une fois, avant la fin du premier mois, en raison de la complexité ou du nombre de demandes
                (article 12.3 du RGPD). Nouvelle échéance : trois mois après la réception.
              </p>
              <form method="post" action={`${base}/prolongation`} novalidate>
                <CsrfField token={context.csrfToken} />
                <TextArea
                  name="motif"
                  label="Motif de la prolongation"
                  hint="Envoyé à la personne par courriel."
                  value={props.sent === 'prolongation' ? values.motif : undefined}
                  error={errors.motif}
                  maxLength={2000}
                  rows={3}
                />
                <SubmitButton variant="secondary">Prolonger le délai</SubmitButton>
              </form>
            </section>
          ) : null}
        </>
      )}
    </Layout>
  );
}
