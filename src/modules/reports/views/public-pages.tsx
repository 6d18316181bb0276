import { formatDate, formatNumber, plural } from '../../../platform/views/format.ts';
import { Notice, Select } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { PublicReport } from '../public-report.ts';
import { FollowForm, followersText, Pagination, ReportDescription, ReportFacts } from './report-parts.tsx';

export type ReportsListFilters = { category?: string | undefined; state?: 'ouverts' | 'resolus' | undefined };

export type ReportsListPageProps = {
  context: PageContext;
  reports: PublicReport[];
  total: number;
  page: number;
  pages: number;
  categories: Array<{ value: string; label: string }>;
  filters: ReportsListFilters;
  geojsonUrl: string;
};

const CRUMBS = [{ label: 'Accueil', path: '/' }];

function listHref(context: PageContext, filters: ReportsListFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.category) query.set('categorie', filters.category);
  if (filters.state) query.set('etat', filters.state);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return href(context, `/signalements${text ? `?${text}` : ''}`);
}

/**
 * The public list of reports (issue 15 §6): open ones and those resolved lately, with their category, status, dates,
 * approximate place and public description, never their author. Filters and pages are links and a GET form, so it
 * works without JavaScript; the map above it is drawn by geojson-map.js from the GeoJSON of the same list.
 */
export function ReportsListPage(props: ReportsListPageProps) {
  const { context, reports, filters } = props;
  const where = context.tenant.kind === 'metropole' ? 'dans la Métropole' : `à ${context.tenant.name}`;
  return (
    <Layout context={context} title="Signalements sur l’espace public" breadcrumbs={CRUMBS}>
      <h1>Signalements sur l’espace public {where}</h1>
      <p class="lead">
        Les problèmes signalés par les habitants (chaussée abîmée, éclairage en panne, tags, dépôts sauvages…) et ce
        qu’il en est. Le nom et les coordonnées des auteurs ne sont jamais publiés ; le lieu est indiqué à une centaine
        de mètres près.
      </p>
      <p>
        <a href={href(context, '/demarches?q=signalement')}>Signaler un problème</a>
      </p>
      <form
        method="get"
        action={href(context, '/signalements')}
        class="filters"
        role="search"
        aria-label="Filtrer les signalements"
      >
        <Select
          name="categorie"
          label="Catégorie"
          required={false}
          value={filters.category ?? ''}
          placeholder="Toutes les catégories"
          choices={props.categories.map((c) => ({ value: c.value, label: c.label }))}
        />
        <Select
          name="etat"
          label="État"
          required={false}
          value={filters.state ?? ''}
          placeholder="Tous"
          choices={[
            { value: 'ouverts', label: 'En cours' },
            { value: 'resolus', label: 'Terminés (30 derniers jours)' },
          ]}
        />
        <button type="submit" class="button button--secondary">
          Filtrer
        </button>
      </form>
      <link rel="stylesheet" href="/static/vendor/ol.css" />
      <div
        id="reports-map"
        class="od-map"
        data-geojson={props.geojsonUrl}
        data-max-zoom="16"
        data-feature-links
        role="region"
        aria-label="Carte des signalements de la liste (la liste ci-dessous donne les mêmes informations)"
        hidden
      />
      <p class="result-count" role="status">
        {props.total === 0
          ? 'Aucun signalement ne correspond.'
          : `${formatNumber(props.total)} ${plural(props.total, 'signalement', 'signalements')}`}
      </p>
      <ul class="plain-list cards">
        {reports.map((report) => (
          <li class="card">
            <h2>
              <a href={href(context, `/signalements/${report.id}`)}>
                {report.categoryLabel}
                {report.communeName ? ` à ${report.communeName}` : ''}
              </a>
            </h2>
            <p>
              {report.statusLabel} — signalé le {formatDate(report.submittedAt)} — suivi par{' '}
              {followersText(report.followers)}
            </p>
            <ReportDescription report={report} />
          </li>
        ))}
      </ul>
      <Pagination page={props.page} pages={props.pages} hrefOf={(n) => listHref(context, filters, n)} />
      <p>
        Les mêmes données au format GeoJSON : <a href={props.geojsonUrl}>signalements.geojson</a>.
      </p>
      <script src="/static/vendor/ol.js" />
      <script src="/static/js/geojson-map.js" />
    </Layout>
  );
}

export type ReportPageProps = {
  context: PageContext;
  report: PublicReport;
  signedIn: boolean;
  /** After following: what happened. */
  notice: string | null;
};

/** One report as the public sees it, with "Suivre ce signalement". */
export function ReportPage({ context, report, signedIn, notice }: ReportPageProps) {
  const title = `${report.categoryLabel}${report.communeName ? ` à ${report.communeName}` : ''}`;
  return (
    <Layout
      context={context}
      title={`Signalement : ${title}`}
      breadcrumbs={[...CRUMBS, { label: 'Signalements', path: '/signalements' }]}
    >
      {notice ? <Notice>{notice}</Notice> : null}
      <p class="caption">{report.serviceTitle}</p>
      <h1>{title}</h1>
      <ReportFacts report={report} />
      <h2>Description</h2>
      <ReportDescription report={report} />
      <h2>Suivre ce signalement</h2>
      <p>Vous êtes concerné par ce problème ? Suivez-le : vous recevrez un courriel à chacune de ses étapes.</p>
      <FollowForm context={context} reportId={report.id} signedIn={signedIn} />
    </Layout>
  );
}
