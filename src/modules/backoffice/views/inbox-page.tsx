import {
  Checkbox,
  type Choice,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime, formatNumber, plural } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import {
  ASSIGNED_CHOICES,
  type InboxQuery,
  inboxQueryString,
  paramOf,
  SORT_CHOICES,
  STATE_CHOICES,
} from '../inbox-query.ts';
import { COUNT_CAP } from '../../requests/index.ts';
import { TableRegion } from './table-region.tsx';
import { GruNav } from './gru-nav.tsx';

export type InboxLine = {
  id: string;
  number: string;
  title: string;
  status: string;
  internal: boolean;
  waiting: boolean;
  /** The citizen wrote since the viewer last opened it. */
  unread: boolean;
  closed: boolean;
  submittedAt: Date;
  activityAt: Date;
  commune: string | null;
  assignee: string | null;
  mine: boolean;
  version: number;
};

export type InboxPageProps = {
  context: PageContext;
  tenantName: string;
  query: InboxQuery;
  errors: FieldErrors;
  lines: InboxLine[];
  total: number;
  pageSize: number;
  hasNext: boolean;
  choices: { services: Choice[]; statuses: Choice[]; communes: Choice[]; agents: Choice[]; bulkTransitions: Choice[] };
  views: Array<{ id: string; name: string; href: string; shared: boolean; mine: boolean; current: boolean }>;
  notice: { kind: 'success' | 'warning' | 'info'; title: string; lines: string[] } | null;
};

function Filters({
  context,
  query,
  errors,
  choices,
}: Pick<InboxPageProps, 'context' | 'query' | 'errors' | 'choices'>) {
  return (
    <form
      method="get"
      action={href(context, '/gru/demandes')}
      class="filters gru-filters"
      aria-label="Filtrer les demandes"
    >
      <Select name="etat" label="État" value={paramOf.state(query.state)} choices={STATE_CHOICES} />
      <Select
        name="statut"
        label="Statut"
        required={false}
        placeholder="Tous"
        value={query.status}
        choices={choices.statuses}
        error={errors.statut}
      />
      <Select
        name="service"
        label="Démarche"
        required={false}
        placeholder="Toutes"
        value={query.eserviceId}
        choices={choices.services}
        error={errors.service}
      />
      <TextField
        name="du"
        label="Déposée à partir du"
        type="date"
        required={false}
        value={query.from}
        error={errors.du}
        width="short"
      />
      <TextField
        name="au"
        label="Jusqu’au"
        type="date"
        required={false}
        value={query.to}
        error={errors.au}
        width="short"
      />
      <Select
        name="attribution"
        label="Attribution"
        value={paramOf.assigned(query.assigned)}
        choices={ASSIGNED_CHOICES}
      />
      <Select
        name="commune"
        label="Commune du lieu"
        required={false}
        placeholder="Toutes"
        value={query.commune}
        choices={choices.communes}
        error={errors.commune}
      />
      <TextField
        name="q"
        label="Recherche"
        hint="Numéro, code de suivi, courriel, mots des réponses"
        type="search"
        required={false}
        value={query.text}
        error={errors.q}
        width="medium"
        maxLength={100}
      />
      <Select name="tri" label="Trier par" value={paramOf.sort(query.sort)} choices={SORT_CHOICES} />
      <button type="submit" class="button button--primary">
        Filtrer
      </button>
      <a class="filters__reset" href={href(context, '/gru/demandes')}>
        Réinitialiser
      </a>
    </form>
  );
}

function Views({ context, query, views }: Pick<InboxPageProps, 'context' | 'query' | 'views'>) {
  return (
    <section class="gru-views" aria-labelledby="vues-titre">
      <h2 id="vues-titre" class="gru-views__title">
        Vues enregistrées
      </h2>
      {views.length === 0 ? <p class="muted">Enregistrez les filtres que vous utilisez souvent.</p> : null}
      <ul class="gru-views__list">
        {views.map((v) => (
          <li>
            <a href={v.href} aria-current={v.current ? 'true' : undefined}>
              {v.name}
            </a>
            {v.shared ? <span class="gru-badge">{v.mine ? 'partagée' : 'd’un collègue'}</span> : null}
            {v.mine ? (
              <form method="post" action={href(context, `/gru/vues/${v.id}/supprimer`)} class="inline-form">
                <CsrfField token={context.csrfToken} />
                <button type="submit" class="button button--link">
                  Supprimer<span class="visually-hidden"> la vue « {v.name} »</span>
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <details class="gru-views__save">
        <summary>Enregistrer ces filtres comme vue</summary>
        <form method="post" action={href(context, '/gru/vues')} novalidate>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="filtres" value={inboxQueryString(query, { page: 1 }).slice(1)} />
          <TextField name="nom" label="Nom de la vue" width="medium" maxLength={80} />
          <Checkbox name="partagee" label="La partager avec mes collègues" />
          <button type="submit" class="button button--secondary">
            Enregistrer la vue
          </button>
        </form>
      </details>
    </section>
  );
}

/** The agent's inbox: filters, saved views, a sortable page of requests, bulk actions, exports. */
export function InboxPage(props: InboxPageProps) {
  const { context, query, lines, total, pageSize, choices, notice } = props;
  const hasErrors = Object.keys(props.errors).length > 0;
  const link = (changes: Partial<InboxQuery>) => `${href(context, '/gru/demandes')}${inboxQueryString(query, changes)}`;
  const count =
    total > COUNT_CAP ? `Plus de ${formatNumber(COUNT_CAP)} demandes` : plural(total, 'demande', 'demandes');
  const firstShown = (query.page - 1) * pageSize + 1;
  return (
    <Layout
      context={context}
      title="Demandes à traiter"
      hasErrors={hasErrors}
      breadcrumbs={[{ label: 'Accueil', path: '/' }]}
    >
      <GruNav context={context} current="demandes" onPage />
      <h1>Demandes à traiter — {props.tenantName}</h1>
      {notice ? (
        <Notice kind={notice.kind}>
          <p class="notice__title">{notice.title}</p>
          {notice.lines.length ? (
            <ul>
              {notice.lines.map((l) => (
                <li>{l}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <ErrorSummary
        errors={props.errors}
        labels={{
          du: 'Déposée à partir du',
          au: 'Jusqu’au',
          q: 'Recherche',
          statut: 'Statut',
          service: 'Démarche',
          commune: 'Commune du lieu',
          nom: 'Nom de la vue',
        }}
      />
      <Views context={context} query={query} views={props.views} />
      <Filters context={context} query={query} errors={props.errors} choices={choices} />

      <div class="gru-results">
        <p class="result-count" role="status">
          {count}
          {total > 0
            ? ` — ${lines.length ? `de ${formatNumber(firstShown)} à ${formatNumber(firstShown + lines.length - 1)}` : 'aucune sur cette page'}`
            : ''}
        </p>
        <form method="post" action={href(context, '/gru/exports')} class="inline-form gru-export">
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="filtres" value={inboxQueryString(query, { page: 1 }).slice(1)} />
          <Select
            name="format"
            label="Exporter cette liste"
            choices={[
              { value: 'ods', label: 'Tableur (ODS)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
          <button type="submit" class="button button--secondary">
            Exporter
          </button>
        </form>
      </div>

      {lines.length === 0 ? (
        <p>Aucune demande ne correspond à ces filtres.</p>
      ) : (
        <form method="post" action={href(context, '/gru/selection')} class="gru-bulk">
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="filtres" value={inboxQueryString(query).slice(1)} />
          <TableRegion label="Demandes">
            <table class="table gru-table">
              <caption class="visually-hidden">
                Demandes, {SORT_CHOICES.find((s) => s.value === paramOf.sort(query.sort))?.label.toLowerCase()} d’abord
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">Sélection</span>
                  </th>
                  <th scope="col">N°</th>
                  <th scope="col">Démarche</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Déposée le</th>
                  <th scope="col">Dernière activité</th>
                  <th scope="col">Commune</th>
                  <th scope="col">Traitée par</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr>
                    <td>
                      <input
                        class="choice__input"
                        type="checkbox"
                        name="demandes"
                        value={`${l.id}:${l.version}`}
                        id={`choix-${l.id}`}
                      />
                      <label for={`choix-${l.id}`} class="visually-hidden">
                        Sélectionner la demande n° {l.number}
                      </label>
                    </td>
                    <th scope="row">
                      <a href={href(context, `/gru/demandes/${l.id}`)}>{l.number}</a>
                      {l.unread ? <span class="gru-badge gru-badge--unread">message non lu</span> : null}
                    </th>
                    <td>{l.title}</td>
                    <td>
                      {l.status}
                      {l.internal ? <span class="gru-badge">interne</span> : null}
                      {l.waiting ? <span class="gru-badge">attend l’usager</span> : null}
                    </td>
                    <td>{formatDateTime(l.submittedAt)}</td>
                    <td>{formatDateTime(l.activityAt)}</td>
                    <td>{l.commune ?? '—'}</td>
                    <td>{l.assignee ? l.mine ? 'Vous' : l.assignee : <span class="muted">personne</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <fieldset class="fieldset gru-bulk__actions">
            <legend class="field__label">Pour les demandes cochées</legend>
            <Select
              name="action"
              label="Action"
              choices={[
                { value: 'moi', label: 'Me les attribuer' },
                { value: 'liberer', label: 'Les libérer' },
                ...choices.agents.map((a) => ({
                  value: `agent:${a.value}`,
                  label: `Les attribuer à ${String(a.label)}`,
                })),
                ...choices.bulkTransitions,
              ]}
            />
            <button type="submit" class="button button--primary">
              Appliquer à la sélection
            </button>
          </fieldset>
        </form>
      )}

      <nav class="pagination" aria-label="Pages de résultats">
        <ul>
          {query.page > 1 ? (
            <li>
              <a href={link({ page: query.page - 1 })} rel="prev">
                Page précédente
              </a>
            </li>
          ) : null}
          <li aria-current="page">Page {query.page}</li>
          {props.hasNext ? (
            <li>
              <a href={link({ page: query.page + 1 })} rel="next">
                Page suivante
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
    </Layout>
  );
}
