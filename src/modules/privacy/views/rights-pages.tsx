import { formatDateTime } from '../../../platform/views/format.ts';
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
import { formatCalendarDate } from '../../../platform/paris-time.ts';
import type { RightsRequestRow } from '../privacy.tables.ts';
import { effectiveDueDate, RIGHT_HINTS, RIGHT_KINDS, RIGHT_LABELS, STATUS_LABELS } from '../rights.ts';

const ACCOUNT = [
  { label: 'Accueil', path: '/' },
  { label: 'Mon compte', path: '/compte' },
];

const FORM_LABELS = { droit: 'Droit exercé', precisions: 'Votre demande' };

/** The rights form and the citizen's requests on every instance (P2). */
export function RightsPage(props: {
  context: PageContext;
  requests: Array<RightsRequestRow & { instance: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { context, values, errors } = props;
  return (
    <Layout
      context={context}
      title="Exercer mes droits sur mes données"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={ACCOUNT}
    >
      <h1>Exercer mes droits sur mes données</h1>
      <p>
        Votre demande est adressée au délégué à la protection des données de <strong>{context.tenant.name}</strong>,
        responsable des données de cette instance. Il vous répond dans un délai d’un mois, prolongeable de deux mois au
        plus (vous en êtes alors informé avec les motifs).{' '}
        <a href={href(context, '/confidentialite')}>Lire la politique de confidentialité</a>.
      </p>
      <p>
        Pour une copie immédiate de vos données, téléchargez-la depuis votre compte :{' '}
        <a href={href(context, '/compte/donnees.zip')}>mes données (archive ZIP)</a>,{' '}
        <a href={href(context, '/compte/consentements.csv')}>mes consentements (CSV)</a>.
      </p>
      <ErrorSummary errors={errors} labels={FORM_LABELS} />
      <form method="post" action={href(context, '/compte/droits')} novalidate>
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="droit"
          label="Quel droit exercez-vous ?"
          choices={RIGHT_KINDS.map((k) => ({ value: k, label: RIGHT_LABELS[k], hint: RIGHT_HINTS[k] }))}
          value={values.droit}
          error={errors.droit}
        />
        <TextArea
          name="precisions"
          label="Votre demande"
          hint="Les données, le service ou la démarche concernés, et pour une rectification la correction à apporter."
          value={values.precisions}
          error={errors.precisions}
          maxLength={4000}
        />
        <SubmitButton>Envoyer ma demande</SubmitButton>
      </form>

      <h2>Mes demandes</h2>
      {props.requests.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Mes demandes d’exercice de droits</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Droit</th>
                <th scope="col">Adressée à</th>
                <th scope="col">État</th>
                <th scope="col">Réponse au plus tard le</th>
              </tr>
            </thead>
            <tbody>
              {props.requests.map((r) => (
                <tr>
                  <td>
                    <a href={href(context, `/compte/droits/${r.id}`)}>{r.reference}</a>
                  </td>
                  <td>{RIGHT_LABELS[r.kind]}</td>
                  <td>{r.instance}</td>
                  <td>{STATUS_LABELS[r.status]}</td>
                  <td>{formatCalendarDate(effectiveDueDate(r))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Vous n’avez fait aucune demande.</p>
      )}
    </Layout>
  );
}

/** Facts of a rights request, as both sides read them. */
export function RightsFacts({ request, instance }: { request: RightsRequestRow; instance: string }) {
  return (
    <dl class="summary-list">
      <div>
        <dt>Référence</dt>
        <dd>{request.reference}</dd>
      </div>
      <div>
        <dt>Droit exercé</dt>
        <dd>{RIGHT_LABELS[request.kind]}</dd>
      </div>
      <div>
        <dt>Responsable du traitement</dt>
        <dd>{instance}</dd>
      </div>
      <div>
        <dt>Reçue le</dt>
        <dd>{formatDateTime(request.received_at)}</dd>
      </div>
      <div>
        <dt>État</dt>
        <dd>{STATUS_LABELS[request.status]}</dd>
      </div>
      <div>
        <dt>Réponse due au plus tard le</dt>
        <dd>
          {formatCalendarDate(effectiveDueDate(request))}
          {request.extended_due_on ? ` (prolongé ; délai initial : ${formatCalendarDate(request.due_on)})` : ''}
        </dd>
      </div>
      {request.extension_reason ? (
        <div>
          <dt>Motif de la prolongation</dt>
          <dd>{request.extension_reason}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** A text as the person wrote it, one paragraph a line. */
export const paragraphs = (text: string) => text.split('\n').map((line) => <p>{line}</p>);

export function CitizenRightsRequestPage(props: {
  context: PageContext;
  request: RightsRequestRow;
  instance: string;
  sent: boolean;
}) {
  const { context, request } = props;
  return (
    <Layout
      context={context}
      title={`Demande ${request.reference}`}
      breadcrumbs={[...ACCOUNT, { label: 'Exercer mes droits', path: '/compte/droits' }]}
    >
      {props.sent ? (
        <Notice>
          Votre demande est envoyée. Un accusé de réception vous est adressé par courriel avec sa référence.
        </Notice>
      ) : null}
      <h1>Demande {request.reference}</h1>
      <RightsFacts request={request} instance={props.instance} />
      <h2>Votre demande</h2>
      <blockquote>{paragraphs(request.details)}</blockquote>
      <h2>Réponse</h2>
      {request.answer && request.answered_at ? (
        <>
          <p>
            Réponse du {formatDateTime(request.answered_at)}, par {request.answered_by_label}.
          </p>
          <blockquote>{paragraphs(request.answer)}</blockquote>
          {request.export_file_id ? (
            <p>
              <a class="button button--secondary" href={href(context, `/compte/droits/${request.id}/donnees.zip`)}>
                Télécharger la copie de mes données (ZIP)
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <p>Pas encore de réponse.</p>
      )}
      <p>
        Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL
        (www.cnil.fr).
      </p>
    </Layout>
  );
}
