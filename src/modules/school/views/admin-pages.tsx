import { CsrfField, Notice, Select, SubmitButton, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { RETENTION_MONTHS } from '../end-school.ts';

const ADMIN = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];
const STATUS = { open: 'Ouverte', closed: 'Fermée', merged: 'Fusionnée' } as const;
export const KIND_LABELS = {
  maternelle: 'École maternelle',
  elementaire: 'École élémentaire',
  primaire: 'École primaire',
  college: 'Collège',
} as const;

export type SchoolRow = {
  uai: string;
  name: string;
  kind: keyof typeof KIND_LABELS;
  status: keyof typeof STATUS;
  commune: string;
  openedOn: string;
  closedOn: string | null;
};

export type OperatorSchoolsPageProps = {
  context: PageContext;
  schools: SchoolRow[];
  communes: Array<{ value: string; label: string }>;
  notice: string | undefined;
  error: string | undefined;
};

/** The operators' list of schools, and the form that opens one in a subscribed commune. */
export function OperatorSchoolsPage({ context, schools, communes, notice, error }: OperatorSchoolsPageProps) {
  return (
    <Layout context={context} title="Écoles de l'espace numérique" breadcrumbs={ADMIN} hasErrors={!!error}>
      <h1>Écoles de l'espace numérique</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{error}</p>
        </div>
      ) : null}
      <p>
        <a href={href(context, '/admin/ecoles/statistiques')}>Statistiques d'usage</a>
      </p>
      {schools.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Écoles, ouvertes d'abord</caption>
            <thead>
              <tr>
                <th scope="col">École</th>
                <th scope="col">UAI</th>
                <th scope="col">Commune</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr>
                  <td>
                    <a href={href(context, `/admin/ecoles/${s.uai}`)}>{s.name}</a>
                  </td>
                  <td>{s.uai}</td>
                  <td>{s.commune}</td>
                  <td>
                    {STATUS[s.status]}
                    {s.closedOn ? ` le ${formatDate(s.closedOn)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune école pour le moment.</p>
      )}
      <h2>Ouvrir une école</h2>
      {communes.length ? (
        <form method="post" action={href(context, '/admin/ecoles')}>
          <CsrfField token={context.csrfToken} />
          <Select
            name="commune"
            label="Commune"
            hint="Seules les communes abonnées à l'espace numérique de travail."
            choices={communes}
          />
          <TextField
            name="uai"
            label="UAI"
            hint="Sept chiffres et une lettre de contrôle, par exemple 0691234S."
            width="short"
            autocomplete="off"
          />
          <TextField name="nom" label="Nom de l'école" maxLength={120} />
          <Select
            name="type"
            label="Type"
            choices={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
            value="elementaire"
          />
          <SubmitButton>Ouvrir l'école</SubmitButton>
        </form>
      ) : (
        <p>Aucune commune n'est abonnée à l'espace numérique de travail.</p>
      )}
    </Layout>
  );
}

export type OperatorSchoolPageProps = {
  context: PageContext;
  school: SchoolRow & { mergedInto: string | null; purgeAfter: string | null };
  administrators: Array<{ name: string; email: string }>;
  mergeTargets: Array<{ value: string; label: string }>;
  notice: string | undefined;
};

export function OperatorSchoolPage({ context, school, administrators, mergeTargets, notice }: OperatorSchoolPageProps) {
  return (
    <Layout context={context} title={school.name} breadcrumbs={[...ADMIN, { label: 'Écoles', path: '/admin/ecoles' }]}>
      <h1>{school.name}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <dl class="summary-list">
        <div>
          <dt>UAI</dt>
          <dd>{school.uai}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{KIND_LABELS[school.kind]}</dd>
        </div>
        <div>
          <dt>Commune</dt>
          <dd>{school.commune}</dd>
        </div>
        <div>
          <dt>Ouverte le</dt>
          <dd>{formatDate(school.openedOn)}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>
            {STATUS[school.status]}
            {school.closedOn ? ` le ${formatDate(school.closedOn)}` : ''}
            {school.mergedInto ? ` dans ${school.mergedInto}` : ''}
            {school.purgeAfter ? ` ; annuaire supprimé le ${formatDate(school.purgeAfter)}` : ''}
          </dd>
        </div>
      </dl>
      <h2>Administrateurs de l'école</h2>
      {administrators.length ? (
        <ul>
          {administrators.map((a) => (
            <li>
              {a.name} ({a.email})
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun administrateur.</p>
      )}
      {school.status === 'open' ? (
        <>
          <h3>Créer un compte d'administrateur</h3>
          <form method="post" action={href(context, `/admin/ecoles/${school.uai}/administrateurs`)}>
            <CsrfField token={context.csrfToken} />
            <TextField name="prenom" label="Prénom" maxLength={100} />
            <TextField name="nom" label="Nom" maxLength={100} />
            <TextField
              name="courriel"
              label="Adresse électronique"
              type="email"
              hint="De préférence l'adresse académique du directeur, pour se connecter avec ProConnect."
            />
            <SubmitButton>Créer le compte</SubmitButton>
          </form>
          <h2>Fin de l'école</h2>
          <p>
            Une école fermée ou fusionnée n'a plus de portail : les profils prennent fin aussitôt, tuiles et actualités
            sont archivées, les statistiques (qui ne nomment personne) restent, et l'annuaire est supprimé{' '}
            {RETENTION_MONTHS} mois plus tard. Lors d'une fusion, les membres et les classes rejoignent l'école choisie.
          </p>
          <form method="post" action={href(context, `/admin/ecoles/${school.uai}/fermeture`)}>
            <CsrfField token={context.csrfToken} />
            <SubmitButton variant="danger">Fermer l'école</SubmitButton>
          </form>
          {mergeTargets.length ? (
            <form method="post" action={href(context, `/admin/ecoles/${school.uai}/fusion`)}>
              <CsrfField token={context.csrfToken} />
              <Select name="vers" label="Fusionner dans" choices={mergeTargets} />
              <SubmitButton variant="danger">Fusionner</SubmitButton>
            </form>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
