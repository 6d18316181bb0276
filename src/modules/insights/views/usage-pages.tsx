import { CsrfField, Notice, SubmitButton } from '../../../platform/views/forms.tsx';
import { formatNumber } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { BarChart, TableRegion } from '../../backoffice/index.ts';
import { type Cell, cellText, SMALL_COUNT_THRESHOLD } from '../small-counts.ts';
import { QUARTERS, type UsageTable } from '../usage-statistics.ts';

const text = (cell: Cell) => cellText(cell, formatNumber);

/** What "< 5" and "s" mean, said once per page. */
function SecrecyNote() {
  return (
    <p class="hint">
      Secret statistique : « &lt; {SMALL_COUNT_THRESHOLD} » signale un nombre de 1 à {SMALL_COUNT_THRESHOLD - 1}, jamais
      publié ; « s » un nombre masqué pour que ce petit nombre ne se déduise pas des totaux. Aucune donnée personnelle :
      seulement des nombres de demandes.
    </p>
  );
}

/** One table of counts, with its chart of row totals beside it (the table is the reference). */
export function UsageTableSection({ id, usage }: { id: string; usage: UsageTable }) {
  const { table } = usage;
  return (
    <section aria-labelledby={`${id}-titre-section`}>
      <h2 id={`${id}-titre-section`}>{usage.caption}</h2>
      {usage.rows.length === 0 ? (
        <p>Aucune demande en ligne sur cette période.</p>
      ) : (
        <div class="gru-chart">
          <BarChart
            id={`${id}-graphique`}
            orientation="horizontal"
            title={`${usage.caption} : total de l’année`}
            bars={usage.rows.map((label, i) => {
              const cell = table.rowTotals[i] ?? { value: 0, secrecy: 'shown' as const };
              return { label, value: cell.secrecy === 'shown' ? cell.value : 0, display: text(cell) };
            })}
          />
          <TableRegion label={`Tableau : ${usage.caption}`}>
            <table class="table">
              <caption>{usage.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{usage.rowHeader}</th>
                  {QUARTERS.map((q) => (
                    <th scope="col" class="numeric">
                      {q}
                    </th>
                  ))}
                  <th scope="col" class="numeric">
                    Année
                  </th>
                </tr>
              </thead>
              <tbody>
                {usage.rows.map((label, i) => (
                  <tr>
                    <th scope="row">{label}</th>
                    {(table.cells[i] ?? []).map((cell) => (
                      <td class="numeric">{text(cell)}</td>
                    ))}
                    <td class="numeric">{table.rowTotals[i] ? text(table.rowTotals[i]) : ''}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {table.columnTotals.map((cell) => (
                    <td class="numeric">{text(cell)}</td>
                  ))}
                  <td class="numeric">{text(table.total)}</td>
                </tr>
              </tfoot>
            </table>
          </TableRegion>
        </div>
      )}
    </section>
  );
}

/** The year chooser (a GET form: works without JavaScript) and the download links. */
function YearAndDownloads({
  context,
  path,
  year,
  years,
}: {
  context: PageContext;
  path: string;
  year: number;
  years: number[];
}) {
  return (
    <>
      <form method="get" action={href(context, path)} class="form form--inline">
        <label class="label" for="champ-annee">
          Année
        </label>
        <select class="select" id="champ-annee" name="annee">
          {years.map((y) => (
            <option value={String(y)} selected={y === year}>
              {y}
            </option>
          ))}
        </select>
        <SubmitButton variant="secondary">Afficher</SubmitButton>
      </form>
      <p>
        Télécharger ces chiffres : <a href={href(context, `${path}?annee=${year}&format=csv`)}>CSV</a>,{' '}
        <a href={href(context, `${path}?annee=${year}&format=ods`)}>tableur ODS</a>.
      </p>
    </>
  );
}

/** A commune's usage statistics, for its administrators and agents (or an operator looking at one commune). */
export function CommuneUsagePage(props: {
  context: PageContext;
  communeName: string;
  path: string;
  year: number;
  years: number[];
  usage: UsageTable;
  breadcrumbs?: Array<{ label: string; path: string }>;
}) {
  return (
    <Layout context={props.context} title="Statistiques d’usage" breadcrumbs={props.breadcrumbs}>
      <h1>Statistiques d’usage — {props.communeName}</h1>
      <p class="lead">Les demandes déposées en ligne auprès de la commune, par démarche et par trimestre.</p>
      <YearAndDownloads context={props.context} path={props.path} year={props.year} years={props.years} />
      <SecrecyNote />
      <UsageTableSection id="demarches" usage={props.usage} />
    </Layout>
  );
}

/** The metropolis-wide usage statistics for the yearly round table, with publication as open data. */
export function MetropolisUsagePage(props: {
  context: PageContext;
  year: number;
  years: number[];
  byCommune: UsageTable;
  byService: UsageTable;
  communes: Array<{ slug: string; name: string }>;
  published: string | undefined;
}) {
  const { context, year } = props;
  return (
    <Layout
      context={context}
      title="Statistiques d’usage de la métropole"
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Statistiques d’usage de la métropole</h1>
      {props.published ? (
        <Notice>
          Les chiffres par commune de {year} sont publiés en données ouvertes :{' '}
          <a href={href(context, `/donnees/jeux/${props.published}`)}>voir le jeu de données</a>.
        </Notice>
      ) : null}
      <p class="lead">Pour la table ronde annuelle : les demandes déposées en ligne, toutes communes.</p>
      <YearAndDownloads context={context} path="/admin/statistiques-usage" year={year} years={props.years} />
      <SecrecyNote />
      <UsageTableSection id="communes" usage={props.byCommune} />
      <UsageTableSection id="demarches" usage={props.byService} />
      <section aria-labelledby="publier">
        <h2 id="publier">Publier en données ouvertes</h2>
        <p>
          Publie le tableau par commune de {year}, avec son secret statistique, sur le portail de données ouvertes (une
          nouvelle version s’il y est déjà).
        </p>
        <form method="post" action={href(context, '/admin/statistiques-usage/publication')}>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="annee" value={String(year)} />
          <SubmitButton>Publier les chiffres de {year}</SubmitButton>
        </form>
      </section>
      <section aria-labelledby="par-commune">
        <h2 id="par-commune">Le détail d’une commune</h2>
        <ul class="columns">
          {props.communes.map((c) => (
            <li>
              <a href={href(context, `/admin/statistiques-usage/${c.slug}?annee=${year}`)}>{c.name}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
