import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDate } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { RetentionRuleRow } from '../privacy.tables.ts';
import { retentionText } from '../register.ts';
import type { RetentionDue } from '../retention.ts';
import { DPO_CRUMBS, DpoNav } from './dpo-pages.tsx';

const LABELS = {
  service: 'Service',
  anonymisation: 'Anonymisation des demandes',
  fichiers: 'Suppression des pièces jointes',
};

export function RetentionPage(props: {
  context: PageContext;
  services: Array<{ id: string; title: string }>;
  rules: RetentionRuleRow[];
  due: RetentionDue[];
  done: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { context, rules, values, errors } = props;
  const fallback = rules.find((r) => r.eservice_id === null);
  const titleOf = (id: string | null) =>
    id === null ? 'Règle par défaut de l’instance' : (props.services.find((s) => s.id === id)?.title ?? id);
  return (
    <Layout
      context={context}
      title="Durées de conservation"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={DPO_CRUMBS}
    >
      {props.done ? <Notice>La règle est enregistrée.</Notice> : null}
      <h1>Durées de conservation</h1>
      <DpoNav context={context} />
      <p>
        Une règle par service, sinon la règle par défaut de l’instance. Chaque jour, un traitement anonymise les
        demandes closes depuis la durée fixée (réponses, identité, coordonnées, messages et fichiers effacés ; service,
        commune, dates et statuts gardés pour les statistiques) et supprime les pièces jointes. Une règle en simulation
        ne modifie rien : le traitement journalise seulement ce qu’il aurait fait.
      </p>
      <div class="table-wrapper">
        <table class="table">
          <caption>Règles en vigueur</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Règle</th>
              <th scope="col">Modifiée</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Règle par défaut de l’instance</th>
              <td>{retentionText(fallback)}</td>
              <td>{fallback ? `${formatDate(fallback.updated_at)} par ${fallback.updated_by_label}` : '—'}</td>
            </tr>
            {props.services.map((s) => {
              const rule = rules.find((r) => r.eservice_id === s.id);
              return (
                <tr>
                  <th scope="row">{s.title}</th>
                  <td>{rule ? retentionText(rule) : 'Règle par défaut'}</td>
                  <td>{rule ? `${formatDate(rule.updated_at)} par ${rule.updated_by_label}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Fixer une règle</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={href(context, '/admin/conservation')} novalidate>
        <CsrfField token={context.csrfToken} />
        <Select
          name="service"
          label="Service"
          choices={[
            { value: '', label: 'Règle par défaut de l’instance' },
            ...props.services.map((s) => ({ value: s.id, label: s.title })),
          ]}
          value={values.service}
          error={errors.service}
        />
        <TextField
          name="anonymisation"
          label="Anonymiser les demandes closes après (mois)"
          inputMode="numeric"
          width="short"
          required={false}
          value={values.anonymisation}
          error={errors.anonymisation}
        />
        <TextField
          name="fichiers"
          label="Supprimer les pièces jointes des demandes closes après (mois)"
          inputMode="numeric"
          width="short"
          required={false}
          value={values.fichiers}
          error={errors.fichiers}
        />
        <Checkbox
          name="actif"
          label="Appliquer la règle"
          hint="Non cochée : la règle reste en simulation."
          checked={values.actif === 'oui'}
        />
        <SubmitButton>Enregistrer la règle</SubmitButton>
      </form>

      <h2>Ce que le traitement quotidien ferait aujourd’hui</h2>
      {props.due.length ? (
        <ul>
          {props.due.map(({ rule, candidates }) => (
            <li>
              {titleOf(rule.eservice_id)} ({rule.active ? 'appliquée' : 'simulation'}) :{' '}
              {candidates.map((c) => `${c.number} (${c.anonymise ? 'anonymisation' : 'pièces jointes'})`).join(', ')}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune demande n’a atteint sa durée de conservation.</p>
      )}
    </Layout>
  );
}
