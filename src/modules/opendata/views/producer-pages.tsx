import {
  CsrfField,
  ErrorSummary,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { ArticleKind, DatasetRow, OdAccessRequestTable, ResourceRow } from '../opendata.tables.ts';
import type { UsageLine } from '../opendata.repo.ts';
import type { Selectable } from 'kysely';
import { ACCESS_LABELS, FREQUENCIES, LICENCES, THEMES } from '../vocabulary.ts';
import { ARTICLE_LABELS } from './portal-pages.tsx';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Données ouvertes', path: '/donnees' },
];
const SPACE = [...CRUMBS, { label: 'Espace producteur', path: '/donnees/gestion' }];
const day = (d: Date | null) =>
  d ? d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'medium' }) : '—';
const STATUS = { draft: 'Brouillon', published: 'Publié', unpublished: 'Dépublié' } as const;

/** The producer's space: its datasets, their state, and how their data is used. */
export function ProducerHome(props: { context: PageContext; datasets: DatasetRow[]; usage: UsageLine[] }) {
  const { context } = props;
  return (
    <Layout context={context} title="Espace producteur" breadcrumbs={CRUMBS}>
      <h1>Espace producteur de données</h1>
      <ul class="inline-list">
        <li>
          <a href={href(context, '/donnees/gestion/nouveau')}>Créer un jeu de données</a>
        </li>
        <li>
          <a href={href(context, '/donnees/gestion/articles')}>
            Publier une actualité, un tutoriel ou une réutilisation
          </a>
        </li>
      </ul>
      <h2>Vos jeux de données</h2>
      {props.datasets.length === 0 ? <p>Aucun jeu pour l'instant.</p> : null}
      <ul>
        {props.datasets.map((d) => (
          <li>
            <a href={href(context, `/donnees/gestion/${d.id}`)}>{d.title}</a> — {STATUS[d.status]}
            {d.late_since ? ' — en retard sur sa fréquence' : ''}
            {d.unpublished_reason ? ` — ${d.unpublished_reason}` : ''}
          </li>
        ))}
      </ul>
      <h2>Utilisation de vos données (30 derniers jours)</h2>
      {props.usage.length === 0 ? (
        <p>Aucun téléchargement ni appel d'API sur la période.</p>
      ) : (
        <div class="table-wrapper" role="region" aria-label="Utilisation par jour" tabIndex={0}>
          <table class="table">
            <caption>Téléchargements et appels d'API, par jour et par jeu</caption>
            <thead>
              <tr>
                <th scope="col">Jour</th>
                <th scope="col">Jeu</th>
                <th scope="col" class="numeric">
                  Téléchargements
                </th>
                <th scope="col" class="numeric">
                  Appels d'API
                </th>
              </tr>
            </thead>
            <tbody>
              {props.usage.map((u) => (
                <tr>
                  <td>{u.day}</td>
                  <th scope="row">{u.title}</th>
                  <td class="numeric">{u.downloads}</td>
                  <td class="numeric">{u.api}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export type DatasetFormValues = Record<string, string>;

const LABELS: Record<string, string> = {
  title: 'Titre',
  description: 'Description',
  theme: 'Thème',
  keywords: 'Mots-clés',
  temporalStart: 'Début de la couverture temporelle',
  temporalEnd: 'Fin de la couverture temporelle',
  spatial: 'Couverture géographique',
  frequency: 'Fréquence de mise à jour',
  source: 'Source',
  licence: 'Licence',
  licenceName: 'Nom de la licence',
  licenceUrl: 'Adresse de la licence',
  access: "Conditions d'accès",
  contactEmail: 'Adresse de contact',
};

/** Creating or editing a dataset's metadata. */
export function DatasetFormPage(props: {
  context: PageContext;
  action: string;
  title: string;
  values: DatasetFormValues;
  errors: Record<string, string>;
}) {
  const { context, values, errors } = props;
  return (
    <Layout context={context} title={props.title} hasErrors={Object.keys(errors).length > 0} breadcrumbs={SPACE}>
      <h1>{props.title}</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={href(context, props.action)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField name="title" label={LABELS.title} value={values.title} error={errors.title} maxLength={200} />
        <TextArea
          name="description"
          label={LABELS.description}
          value={values.description}
          error={errors.description}
          rows={6}
        />
        <Select
          name="theme"
          label={LABELS.theme}
          value={values.theme}
          error={errors.theme}
          choices={THEMES.map((t) => ({ value: t, label: t }))}
        />
        <TextField
          name="keywords"
          label={LABELS.keywords}
          hint="Séparés par des virgules"
          value={values.keywords}
          required={false}
          maxLength={500}
        />
        <TextField
          name="temporalStart"
          label={LABELS.temporalStart}
          type="date"
          value={values.temporalStart}
          error={errors.temporalStart}
          required={false}
        />
        <TextField
          name="temporalEnd"
          label={LABELS.temporalEnd}
          type="date"
          value={values.temporalEnd}
          error={errors.temporalEnd}
          required={false}
        />
        <TextField
          name="spatial"
          label={LABELS.spatial}
          hint="Par exemple : Givors, Métropole de Lyon"
          value={values.spatial}
          required={false}
          maxLength={200}
        />
        <Select
          name="frequency"
          label={LABELS.frequency}
          hint="La fréquence à laquelle vous vous engagez : un jeu en retard est signalé, et dépublié après 3 ans sans mise à jour."
          value={values.frequency}
          error={errors.frequency}
          choices={Object.entries(FREQUENCIES).map(([value, f]) => ({ value, label: f.label }))}
        />
        <TextField name="source" label={LABELS.source} value={values.source} required={false} maxLength={500} />
        <Select
          name="licence"
          label={LABELS.licence}
          value={values.licence}
          error={errors.licence}
          choices={Object.entries(LICENCES).map(([value, l]) => ({ value, label: l.label }))}
        />
        <TextField
          name="licenceName"
          label={LABELS.licenceName}
          hint="Pour une licence nommée seulement"
          value={values.licenceName}
          error={errors.licenceName}
          required={false}
          maxLength={200}
        />
        <TextField
          name="licenceUrl"
          label={LABELS.licenceUrl}
          type="url"
          value={values.licenceUrl}
          required={false}
          maxLength={500}
        />
        <Select
          name="access"
          label={LABELS.access}
          value={values.access}
          error={errors.access}
          choices={Object.entries(ACCESS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField
          name="contactEmail"
          label={LABELS.contactEmail}
          type="email"
          value={values.contactEmail}
          error={errors.contactEmail}
          maxLength={200}
        />
        <SubmitButton>Enregistrer</SubmitButton>
      </form>
    </Layout>
  );
}

export type ProducerDatasetProps = {
  context: PageContext;
  dataset: DatasetRow;
  resources: ResourceRow[];
  requests: Array<Selectable<OdAccessRequestTable>>;
  error?: string | undefined;
  notice?: string | undefined;
};

const RESOURCE_STATUS = { pending: 'En attente', loading: 'Chargement', ready: 'Chargé', failed: 'Échec' } as const;

/** One dataset in the producer's space: publication, files and versions, access requests. */
export function ProducerDatasetPage(props: ProducerDatasetProps) {
  const { context, dataset } = props;
  const base = `/donnees/gestion/${dataset.id}`;
  return (
    <Layout context={context} title={dataset.title} hasErrors={!!props.error} breadcrumbs={SPACE}>
      <h1>{dataset.title}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.error ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>Le fichier n'est pas ajouté</h2>
          <p>{props.error}</p>
        </div>
      ) : null}
      <p>
        État : {STATUS[dataset.status]}
        {dataset.unpublished_reason ? ` (${dataset.unpublished_reason})` : ''}.{' '}
        <a href={href(context, `/donnees/jeux/${dataset.slug}`)}>Voir la page publique</a> ·{' '}
        <a href={href(context, `${base}/modifier`)}>Modifier les métadonnées</a>
      </p>
      <form method="post" action={href(context, `${base}/publication`)}>
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="publier" value={dataset.status === 'published' ? 'non' : 'oui'} />
        <SubmitButton variant={dataset.status === 'published' ? 'secondary' : 'primary'}>
          {dataset.status === 'published' ? 'Dépublier' : 'Publier'}
        </SubmitButton>
      </form>

      <h2>Fichiers et versions</h2>
      <div class="table-wrapper" role="region" aria-label="Versions du jeu" tabIndex={0}>
        <table class="table">
          <caption>Versions du jeu</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Fichier</th>
              <th scope="col">État</th>
              <th scope="col">En vigueur le</th>
              <th scope="col">Servie jusqu'au</th>
            </tr>
          </thead>
          <tbody>
            {props.resources.map((r) => (
              <tr>
                <th scope="row">{r.version}</th>
                <td>
                  {r.original_name} ({r.format.toUpperCase()}
                  {r.encoding ? `, ${r.encoding}` : ''}
                  {r.delimiter ? `, séparateur « ${r.delimiter === '\t' ? 'tabulation' : r.delimiter} »` : ''})
                </td>
                <td>
                  <a href={href(context, `${base}/fichiers/${r.id}`)}>{RESOURCE_STATUS[r.status]}</a>
                  {r.status === 'ready' ? ` (${r.row_count} lignes)` : ''}
                  {r.error ? ` : ${r.error}` : ''}
                </td>
                <td>{day(r.available_from)}</td>
                <td>{day(r.retire_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Ajouter un fichier</h2>
      <form method="post" action={href(context, `${base}/fichiers`)} enctype="multipart/form-data" novalidate>
        <CsrfField token={context.csrfToken} />
        <FileField
          name="fichier"
          label="Fichier CSV ou GeoJSON"
          hint="5 Mo au plus ; au-delà, donnez son adresse."
          accept=".csv,.geojson,.json,text/csv,application/geo+json"
          required={false}
        />
        <TextField
          name="url"
          label="Ou l'adresse du fichier à moissonner"
          type="url"
          required={false}
          maxLength={1000}
        />
        <fieldset>
          <legend>Changement de structure (colonnes ajoutées, renommées ou retirées)</legend>
          <p>
            Laissez vide pour une simple mise à jour des données. Un changement de structure s'annonce au moins 30 jours
            à l'avance ; l'ancienne version reste servie 30 jours après, et les abonnés au jeu sont prévenus.
          </p>
          <TextField name="effectiveOn" label="Date d'entrée en vigueur" type="date" required={false} />
          <TextField name="changeNote" label="Ce qui change" required={false} maxLength={500} />
        </fieldset>
        <SubmitButton>Ajouter</SubmitButton>
      </form>

      {dataset.access === 'restricted' ? (
        <>
          <h2>Demandes d'accès</h2>
          {props.requests.length === 0 ? <p>Aucune demande.</p> : null}
          <ul>
            {props.requests.map((r) => (
              <li>
                {r.given_name} {r.family_name} ({r.email}) —{' '}
                {{ requested: 'en attente', granted: 'accordée', refused: 'refusée' }[r.status]}
                {r.status === 'requested' ? (
                  <form method="post" action={href(context, `${base}/acces/${r.id}`)} class="inline-form">
                    <CsrfField token={context.csrfToken} />
                    <button type="submit" name="decision" value="granted" class="button button--primary">
                      Accorder <span class="visually-hidden">à {r.email}</span>
                    </button>{' '}
                    <button type="submit" name="decision" value="refused" class="button button--secondary">
                      Refuser <span class="visually-hidden">à {r.email}</span>
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

/** A file's loading: a progress bar, refreshed by a script or by the link (no automatic refresh without one). */
export function ProgressPage(props: { context: PageContext; dataset: DatasetRow; resource: ResourceRow }) {
  const { context, dataset, resource } = props;
  const total = Number(resource.byte_size);
  const done = resource.status === 'ready' ? total : Number(resource.processed_bytes);
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : resource.status === 'ready' ? 100 : 0;
  const finished = resource.status === 'ready' || resource.status === 'failed';
  return (
    <Layout context={context} title={`Chargement : ${dataset.title}`} breadcrumbs={SPACE}>
      <h1>Chargement de « {resource.original_name} »</h1>
      <p>
        <label for="od-progress">Progression du chargement</label>{' '}
        <progress id="od-progress" max={100} value={percent} data-finished={finished ? 'oui' : 'non'}>
          {percent} %
        </progress>{' '}
        {percent} %
      </p>
      <p role="status">
        {resource.status === 'ready'
          ? `Terminé : ${resource.row_count} lignes chargées.`
          : resource.status === 'failed'
            ? `Échec : ${resource.error ?? 'le fichier n’a pas pu être lu.'}`
            : resource.status === 'loading'
              ? 'Chargement en cours…'
              : 'En attente de chargement…'}
      </p>
      <p>
        {finished ? null : (
          <>
            <a href={href(context, `/donnees/gestion/${dataset.id}/fichiers/${resource.id}`)} id="od-refresh">
              Actualiser la progression
            </a>{' '}
            ·{' '}
          </>
        )}
        <a href={href(context, `/donnees/gestion/${dataset.id}`)}>Retour au jeu de données</a>
      </p>
      <script src="/static/js/opendata-progress.js" />
    </Layout>
  );
}

/** Publishing news, a tutorial or a showcased re-use. */
export function ArticleFormPage(props: {
  context: PageContext;
  datasets: DatasetRow[];
  values: Record<string, string>;
  errors: Record<string, string>;
  saved: boolean;
}) {
  const { context, values, errors } = props;
  return (
    <Layout context={context} title="Publier un article" hasErrors={Object.keys(errors).length > 0} breadcrumbs={SPACE}>
      <h1>Publier une actualité, un tutoriel ou une réutilisation</h1>
      {props.saved ? <Notice>L'article est publié.</Notice> : null}
      <ErrorSummary errors={errors} labels={{ kind: 'Type', title: 'Titre', body: 'Texte', url: 'Adresse' }} />
      <form method="post" action={href(context, '/donnees/gestion/articles')} novalidate>
        <CsrfField token={context.csrfToken} />
        <Select
          name="kind"
          label="Type"
          value={values.kind}
          error={errors.kind}
          choices={(Object.keys(ARTICLE_LABELS) as ArticleKind[]).map((k) => ({ value: k, label: ARTICLE_LABELS[k] }))}
        />
        <TextField name="title" label="Titre" value={values.title} error={errors.title} maxLength={200} />
        <TextArea name="body" label="Texte" value={values.body} error={errors.body} rows={5} />
        <TextField
          name="url"
          label="Adresse (de la réutilisation, par exemple)"
          type="url"
          value={values.url}
          error={errors.url}
          required={false}
          maxLength={500}
        />
        <Select
          name="datasetId"
          label="Jeu de données concerné"
          required={false}
          value={values.datasetId}
          placeholder="Aucun"
          choices={props.datasets.map((d) => ({ value: d.id, label: d.title }))}
        />
        <SubmitButton>Publier</SubmitButton>
      </form>
    </Layout>
  );
}
