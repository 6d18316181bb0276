import { CsrfField, SubmitButton, TextField, Notice } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { DataAccess } from '../access.ts';
import type { ArticleKind, ArticleRow, ColumnInfo, DatasetRow, ResourceRow } from '../opendata.tables.ts';
import type { DatasetFilters, SearchResult } from '../search-datasets.ts';
import { ACCESS_LABELS, FREQUENCIES, LICENCES, licenceOf } from '../vocabulary.ts';

const CRUMBS = [{ label: 'Accueil', path: '/' }];
const PORTAL_CRUMBS = [...CRUMBS, { label: 'Données ouvertes', path: '/donnees' }];

const day = (d: Date | null) =>
  d ? d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }) : 'jamais';

export const FRESHNESS_LABELS = { fresh: 'À jour', late: 'En retard sur sa fréquence' } as const;
export const ARTICLE_LABELS: Record<ArticleKind, string> = {
  news: 'Actualité',
  tutorial: 'Tutoriel',
  reuse: 'Réutilisation',
};

export type PortalHomeProps = {
  context: PageContext;
  q: string;
  filters: DatasetFilters;
  result: SearchResult;
  page: number;
  pageSize: number;
  /** The commune whose portal this is, or null for the metropolis's. */
  commune: string | null;
  isProducer: boolean;
};

function facetLink(
  context: PageContext,
  q: string,
  filters: DatasetFilters,
  key: keyof DatasetFilters,
  value?: string,
) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [k, v] of Object.entries({ ...filters, [key]: value })) if (v) params.set(k, v);
  const query = params.toString();
  return href(context, `/donnees${query ? `?${query}` : ''}`);
}

function Facet(props: {
  context: PageContext;
  q: string;
  filters: DatasetFilters;
  name: keyof DatasetFilters;
  title: string;
  items: Array<{ value: string; count: number; label?: string }>;
  label: (value: string, item: { label?: string }) => string;
}) {
  const selected = props.filters[props.name];
  return (
    <section class="card" aria-labelledby={`facette-${props.name}`}>
      <h3 id={`facette-${props.name}`}>{props.title}</h3>
      <ul>
        {selected ? (
          <li>
            <a href={facetLink(props.context, props.q, props.filters, props.name)}>
              Retirer le filtre « {props.label(selected, props.items.find((i) => i.value === selected) ?? {})} »
            </a>
          </li>
        ) : null}
        {props.items.map((item) => (
          <li>
            <a
              href={facetLink(props.context, props.q, props.filters, props.name, item.value)}
              aria-current={selected === item.value ? 'true' : undefined}
            >
              {props.label(item.value, item)}
            </a>{' '}
            ({item.count})
          </li>
        ))}
      </ul>
    </section>
  );
}

function pageHref(context: PageContext, q: string, filters: DatasetFilters, page: number) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  if (page > 1) params.set('page', String(page));
  return href(context, `/donnees?${params.toString()}`);
}

/** The portal: search with facets over the published datasets, and the ways in (API, catalogue, news). */
export function PortalHome(props: PortalHomeProps) {
  const { context, q, filters, result } = props;
  const pages = Math.max(1, Math.ceil(result.total / props.pageSize));
  const title = props.commune ? `Données ouvertes de ${props.commune}` : 'Données ouvertes';
  return (
    <Layout context={context} title={q ? `${title} : « ${q} »` : title} breadcrumbs={CRUMBS}>
      <h1>{title}</h1>
      <p class="lead">
        {props.commune
          ? `Les jeux de données publiés par ${props.commune}, libres de réutilisation selon leur licence.`
          : 'Les jeux de données de la Métropole de Lyon et des communes, libres de réutilisation selon leur licence.'}
      </p>
      <ul class="inline-list">
        <li>
          <a href={href(context, '/donnees/actualites')}>Actualités, tutoriels et réutilisations</a>
        </li>
        <li>
          <a href="/ogc">API OGC – Features</a>
        </li>
        <li>
          <a href="/donnees/catalogue.jsonld">Catalogue DCAT-AP (JSON-LD)</a>
        </li>
        <li>
          <a href="/donnees/catalogue.ttl">Catalogue DCAT-AP (Turtle)</a>
        </li>
        {props.isProducer ? (
          <li>
            <a href={href(context, '/donnees/gestion')}>Espace producteur</a>
          </li>
        ) : null}
      </ul>
      <form method="get" action={href(context, '/donnees')} role="search" aria-label="Recherche de jeux de données">
        {Object.entries(filters).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
        <TextField
          name="q"
          label="Rechercher un jeu de données"
          hint="Par exemple : toilettes publiques, budget, stationnement"
          type="search"
          value={q}
          required={false}
          width="medium"
          maxLength={200}
        />
        <SubmitButton>Rechercher</SubmitButton>
      </form>
      {result.correctedQuery ? (
        <p role="status">
          Aucun résultat pour « {q} » : résultats pour « {result.correctedQuery} ».
        </p>
      ) : null}
      <div class="od-portal">
        <aside aria-label="Filtres">
          <h2>Filtrer</h2>
          <Facet {...{ context, q, filters }} name="theme" title="Thème" items={result.facets.theme} label={(v) => v} />
          <Facet
            {...{ context, q, filters }}
            name="producer"
            title="Producteur"
            items={result.facets.producer}
            label={(_v, i) => i.label ?? ''}
          />
          <Facet
            {...{ context, q, filters }}
            name="licence"
            title="Licence"
            items={result.facets.licence}
            label={(v) => LICENCES[v as keyof typeof LICENCES]?.label ?? v}
          />
          <Facet
            {...{ context, q, filters }}
            name="format"
            title="Format"
            items={result.facets.format}
            label={(v) => v}
          />
          <Facet
            {...{ context, q, filters }}
            name="freshness"
            title="Fraîcheur"
            items={result.facets.freshness}
            label={(v) => FRESHNESS_LABELS[v as keyof typeof FRESHNESS_LABELS] ?? v}
          />
        </aside>
        <section aria-labelledby="resultats">
          <h2 id="resultats">
            {result.total} jeu{result.total > 1 ? 'x' : ''} de données
          </h2>
          <ul class="od-results">
            {result.datasets.map((d) => (
              <li class="card">
                <h3>
                  <a href={href(context, `/donnees/jeux/${d.slug}`)}>{d.title}</a>
                </h3>
                <p>
                  {d.producer_name} · {d.theme} · {licenceOf(d).label}
                  {d.formats.length ? ` · ${d.formats.join(', ')}` : ''}
                </p>
                <p>
                  Données mises à jour le {day(d.data_updated_at)}
                  {d.late_since ? ' — en retard sur sa fréquence de mise à jour' : ''}
                </p>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav class="pagination" aria-label="Pages de résultats">
              <ul>
                {props.page > 1 ? (
                  <li>
                    <a href={pageHref(context, q, filters, props.page - 1)}>Page précédente</a>
                  </li>
                ) : null}
                <li aria-current="page">
                  Page {props.page} sur {pages}
                </li>
                {props.page < pages ? (
                  <li>
                    <a href={pageHref(context, q, filters, props.page + 1)}>Page suivante</a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}

export type DatasetPageProps = {
  context: PageContext;
  dataset: DatasetRow;
  served: ResourceRow[];
  upcoming: ResourceRow[];
  access: DataAccess;
  following: boolean | null;
  reuses: ArticleRow[];
  publicUrl: string;
  notice?: string | undefined;
};

/** A dataset: its metadata, versions and downloads, previews, following, and how to embed it. */
export function DatasetPage(props: DatasetPageProps) {
  const { context, dataset } = props;
  const base = `/donnees/jeux/${dataset.slug}`;
  const licence = licenceOf(dataset);
  const current = props.served[0];
  const loginHref = href(context, `/connexion?retour=${encodeURIComponent(`${context.tenant.base}${base}`)}`);
  return (
    <Layout context={context} title={dataset.title} breadcrumbs={PORTAL_CRUMBS}>
      <h1>{dataset.title}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {dataset.status !== 'published' ? (
        <Notice kind="warning">Ce jeu n'est pas publié : seuls ses producteurs le voient.</Notice>
      ) : null}
      {dataset.late_since ? (
        <Notice kind="warning">
          Ce jeu est en retard sur sa fréquence de mise à jour ({FREQUENCIES[dataset.frequency]?.label.toLowerCase()})
          depuis le {day(dataset.late_since)}.
        </Notice>
      ) : null}
      <p class="lead">{dataset.description}</p>
      <dl class="summary-list">
        <dt>Producteur</dt>
        <dd>{dataset.producer_name}</dd>
        <dt>Thème</dt>
        <dd>{dataset.theme}</dd>
        {dataset.keywords.length ? (
          <>
            <dt>Mots-clés</dt>
            <dd>{dataset.keywords.join(', ')}</dd>
          </>
        ) : null}
        <dt>Licence</dt>
        <dd>{licence.url ? <a href={licence.url}>{licence.label}</a> : licence.label}</dd>
        <dt>Accès</dt>
        <dd>{ACCESS_LABELS[dataset.access]}</dd>
        <dt>Fréquence de mise à jour</dt>
        <dd>{FREQUENCIES[dataset.frequency]?.label ?? dataset.frequency}</dd>
        <dt>Dernière mise à jour des données</dt>
        <dd>{day(dataset.data_updated_at)}</dd>
        <dt>Dernière modification des métadonnées</dt>
        <dd>{day(dataset.metadata_updated_at)}</dd>
        <dt>Couverture temporelle</dt>
        <dd>
          {dataset.temporal_start || dataset.temporal_end
            ? `du ${dataset.temporal_start ?? '…'} au ${dataset.temporal_end ?? '…'}`
            : 'non précisée'}
        </dd>
        <dt>Couverture géographique</dt>
        <dd>{dataset.spatial || 'non précisée'}</dd>
        <dt>Source</dt>
        <dd>{dataset.source || 'non précisée'}</dd>
        <dt>Contact</dt>
        <dd>
          <a href={`mailto:${dataset.contact_email}`}>{dataset.contact_email}</a>
        </dd>
      </dl>

      <h2>Données</h2>
      {props.access === 'login' ? (
        <p>
          Les données de ce jeu sont accessibles avec un compte. <a href={loginHref}>Se connecter</a> (compte citoyen ou
          ProConnect pour les agents).
        </p>
      ) : props.access === 'request' ? (
        <p>
          Les données de ce jeu sont restreintes.{' '}
          <a href={href(context, `${base}/acces`)}>Demander l'accès au producteur</a>.
        </p>
      ) : props.access === 'pending' ? (
        <p>Votre demande d'accès est en attente de la réponse du producteur.</p>
      ) : !current ? (
        <p>Aucune donnée n'est encore chargée.</p>
      ) : (
        <>
          <ul>
            <li>
              <a href={href(context, `${base}/table`)}>Voir les données en tableau</a> ({current.row_count} lignes)
            </li>
            {current.has_geometry ? (
              <li>
                <a href={href(context, `${base}/carte`)}>Voir les données sur une carte</a>
              </li>
            ) : null}
            {dataset.access === 'open' ? (
              <li>
                <a href={`/ogc/collections/${dataset.slug}`}>Collection OGC API – Features</a>
              </li>
            ) : null}
          </ul>
          <h3>Télécharger</h3>
          <div class="table-wrapper" role="region" aria-label="Versions servies" tabIndex={0}>
            <table class="table">
              <caption>Versions servies</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">En vigueur depuis</th>
                  <th scope="col">Servie jusqu'au</th>
                  <th scope="col">Téléchargements</th>
                </tr>
              </thead>
              <tbody>
                {props.served.map((r) => (
                  <DownloadRow context={context} base={base} resource={r} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {props.upcoming.length ? (
        <>
          <h2>Changement de structure annoncé</h2>
          {props.upcoming.map((r) => (
            <p>
              La version {r.version} remplacera la version actuelle le {day(r.available_from)} ; l'actuelle restera
              servie 30 jours de plus. {r.change_note}
              {props.access === 'granted' && r.status === 'ready' ? (
                <>
                  {' '}
                  <a href={href(context, `${base}/telecharger/csv?version=${r.version}`)}>
                    Télécharger la version {r.version} (CSV)
                  </a>
                </>
              ) : null}
            </p>
          ))}
        </>
      ) : null}

      <h2>Suivre ce jeu</h2>
      {props.following === null ? (
        <p>
          <a href={loginHref}>Connectez-vous</a> pour suivre ce jeu : vous serez prévenu des changements de structure.
        </p>
      ) : (
        <form method="post" action={href(context, `${base}/suivre`)}>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="suivre" value={props.following ? 'non' : 'oui'} />
          <SubmitButton variant="secondary">{props.following ? 'Ne plus suivre ce jeu' : 'Suivre ce jeu'}</SubmitButton>
        </form>
      )}

      {props.reuses.length ? (
        <>
          <h2>Réutilisations</h2>
          <ul>
            {props.reuses.map((a) => (
              <li>{a.url ? <a href={a.url}>{a.title}</a> : a.title}</li>
            ))}
          </ul>
        </>
      ) : null}

      {dataset.access === 'open' && dataset.status === 'published' ? (
        <>
          <h2>Intégrer ce jeu à votre site</h2>
          <p>
            Copiez ces deux lignes dans une page de votre site : la fiche du jeu et ses premières lignes s'y affichent.
          </p>
          <pre>
            <code>
              {`<div data-communs-dataset="${dataset.slug}"></div>\n<script src="${props.publicUrl}/donnees/widget.js" async></script>`}
            </code>
          </pre>
        </>
      ) : null}
    </Layout>
  );
}

function DownloadRow(props: { context: PageContext; base: string; resource: ResourceRow }) {
  const r = props.resource;
  const link = (format: string, label: string) => (
    <a href={href(props.context, `${props.base}/telecharger/${format}?version=${r.version}`)}>
      {label} <span class="visually-hidden">(version {r.version})</span>
    </a>
  );
  return (
    <tr>
      <th scope="row">{r.version}</th>
      <td>{day(r.available_from)}</td>
      <td>{r.retire_at ? day(r.retire_at) : '—'}</td>
      <td>
        {link('csv', 'CSV')}
        {r.has_geometry ? <> · {link('geojson', 'GeoJSON')}</> : null} ·{' '}
        {link('original', `Fichier d'origine (${r.original_name})`)}
      </td>
    </tr>
  );
}

export type TablePageProps = {
  context: PageContext;
  dataset: DatasetRow;
  columns: ColumnInfo[];
  rows: Array<Record<string, unknown>>;
  total: number;
  query: { sort?: string | undefined; dir: 'asc' | 'desc'; filter: string; column: string; page: number };
  pageSize: number;
};

/** The tabular preview: sorted, filtered and paged by the database, usable without JavaScript. */
export function TablePage(props: TablePageProps) {
  const { context, dataset, query } = props;
  const base = href(context, `/donnees/jeux/${dataset.slug}/table`);
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const link = (changes: Partial<TablePageProps['query']>) => {
    const next = { ...query, ...changes };
    const params = new URLSearchParams();
    if (next.sort) params.set('tri', next.sort);
    if (next.dir === 'desc') params.set('ordre', 'desc');
    if (next.filter) params.set('filtre', next.filter);
    if (next.column) params.set('colonne', next.column);
    if (next.page > 1) params.set('page', String(next.page));
    return `${base}?${params.toString()}`;
  };
  return (
    <Layout
      context={context}
      title={`${dataset.title} : tableau`}
      breadcrumbs={[...PORTAL_CRUMBS, { label: dataset.title, path: `/donnees/jeux/${dataset.slug}` }]}
    >
      <h1>{dataset.title} : tableau</h1>
      <form method="get" action={base} class="filters">
        <TextField
          name="filtre"
          label="Filtrer les lignes contenant"
          value={query.filter}
          required={false}
          width="medium"
          maxLength={200}
        />
        <div class="field">
          <label class="field__label" for="champ-colonne">
            Dans la colonne <span class="field__optional"> (facultatif)</span>
          </label>
          <select id="champ-colonne" name="colonne" class="input">
            <option value="">Toutes les colonnes</option>
            {props.columns.map((c) => (
              <option value={c.name} selected={query.column === c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {query.sort ? <input type="hidden" name="tri" value={query.sort} /> : null}
        {query.dir === 'desc' ? <input type="hidden" name="ordre" value="desc" /> : null}
        <SubmitButton>Filtrer</SubmitButton>
      </form>
      <p role="status">
        {props.total} ligne{props.total > 1 ? 's' : ''}
        {query.filter ? ` contenant « ${query.filter} »` : ''} — page {query.page} sur {pages}
      </p>
      <div class="table-wrapper" role="region" aria-label="Données du jeu" tabIndex={0}>
        <table class="table">
          <caption>
            {dataset.title}
            {query.sort ? `, triées par ${query.sort} (${query.dir === 'desc' ? 'décroissant' : 'croissant'})` : ''}
          </caption>
          <thead>
            <tr>
              {props.columns.map((c) => {
                const sorted = query.sort === c.name;
                const nextDir = sorted && query.dir === 'asc' ? 'desc' : 'asc';
                return (
                  <th
                    scope="col"
                    aria-sort={sorted ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    class={c.numeric ? 'numeric' : undefined}
                  >
                    <a href={link({ sort: c.name, dir: nextDir, page: 1 })}>
                      {c.name}
                      <span class="visually-hidden">
                        {' '}
                        : trier par ordre {nextDir === 'asc' ? 'croissant' : 'décroissant'}
                      </span>
                    </a>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                {props.columns.map((c) => (
                  <td class={c.numeric ? 'numeric' : undefined}>{String(row[c.name] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pagination" aria-label="Pages du tableau">
        <ul>
          {query.page > 1 ? (
            <li>
              <a href={link({ page: query.page - 1 })}>Page précédente</a>
            </li>
          ) : null}
          {query.page < pages ? (
            <li>
              <a href={link({ page: query.page + 1 })}>Page suivante</a>
            </li>
          ) : null}
        </ul>
      </nav>
    </Layout>
  );
}

/**
 * The map preview: OpenLayers draws the GeoJSON; the table is the same data for anyone the map does not serve. The map
 * is a region, not an image: it holds OpenLayers' zoom buttons.
 */
export function MapPage(props: { context: PageContext; dataset: DatasetRow; geojsonUrl: string }) {
  const { context, dataset } = props;
  return (
    <Layout
      context={context}
      title={`${dataset.title} : carte`}
      breadcrumbs={[...PORTAL_CRUMBS, { label: dataset.title, path: `/donnees/jeux/${dataset.slug}` }]}
    >
      <h1>{dataset.title} : carte</h1>
      <p>
        La carte montre les objets du jeu. Les mêmes données sont{' '}
        <a href={href(context, `/donnees/jeux/${dataset.slug}/table`)}>en tableau</a>, lisibles sans la carte.
      </p>
      <link rel="stylesheet" href="/static/vendor/ol.css" />
      <div
        id="od-map"
        class="od-map"
        data-geojson={props.geojsonUrl}
        role="region"
        aria-label={`Carte des objets du jeu ${dataset.title}`}
      />
      <script src="/static/vendor/ol.js" />
      <script src="/static/js/geojson-map.js" />
    </Layout>
  );
}

export type AccessRequestProps = {
  context: PageContext;
  dataset: DatasetRow;
  values: { familyName: string; givenName: string; email: string };
  errors: Record<string, string>;
};

/** Asking a producer for a restricted dataset: the name, first name and e-mail address, nothing more. */
export function AccessRequestPage(props: AccessRequestProps) {
  const { context, dataset, values, errors } = props;
  return (
    <Layout
      context={context}
      title={`Demander l'accès : ${dataset.title}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...PORTAL_CRUMBS, { label: dataset.title, path: `/donnees/jeux/${dataset.slug}` }]}
    >
      <h1>Demander l'accès à « {dataset.title} »</h1>
      <p>
        Le producteur, {dataset.producer_name}, reçoit seulement votre nom, votre prénom et votre adresse électronique.
      </p>
      <form method="post" action={href(context, `/donnees/jeux/${dataset.slug}/acces`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="familyName"
          label="Nom"
          value={values.familyName}
          error={errors.familyName}
          autocomplete="family-name"
          maxLength={100}
        />
        <TextField
          name="givenName"
          label="Prénom"
          value={values.givenName}
          error={errors.givenName}
          autocomplete="given-name"
          maxLength={100}
        />
        <TextField
          name="email"
          label="Adresse électronique"
          type="email"
          value={values.email}
          error={errors.email}
          autocomplete="email"
          maxLength={200}
        />
        <SubmitButton>Envoyer la demande</SubmitButton>
      </form>
    </Layout>
  );
}

/** News, tutorials and showcased re-uses. */
export function ArticlesPage(props: {
  context: PageContext;
  articles: ArticleRow[];
  datasetSlugs: Map<string, string>;
}) {
  const { context } = props;
  return (
    <Layout context={context} title="Actualités, tutoriels et réutilisations" breadcrumbs={PORTAL_CRUMBS}>
      <h1>Actualités, tutoriels et réutilisations</h1>
      {(['news', 'tutorial', 'reuse'] as const).map((kind) => {
        const list = props.articles.filter((a) => a.kind === kind);
        return (
          <section aria-labelledby={`articles-${kind}`}>
            <h2 id={`articles-${kind}`}>
              {{ news: 'Actualités', tutorial: 'Tutoriels', reuse: 'Réutilisations' }[kind]}
            </h2>
            {list.length === 0 ? <p>Rien pour l'instant.</p> : null}
            {list.map((a) => {
              const slug = a.dataset_id ? props.datasetSlugs.get(a.dataset_id) : undefined;
              return (
                <article class="card">
                  <h3>{a.url ? <a href={a.url}>{a.title}</a> : a.title}</h3>
                  <p>
                    <small>{day(a.published_at)}</small>
                  </p>
                  <p>{a.body}</p>
                  {slug ? (
                    <p>
                      Jeu de données : <a href={href(context, `/donnees/jeux/${slug}`)}>{slug}</a>
                    </p>
                  ) : null}
                </article>
              );
            })}
          </section>
        );
      })}
    </Layout>
  );
}
