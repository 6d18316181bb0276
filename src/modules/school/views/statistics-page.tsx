import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatNumber } from '../../../platform/views/format.ts';
import type { SchoolStatistics } from '../usage-statistics.ts';

const PERIODS = [
  { days: 7, label: '7 derniers jours' },
  { days: 30, label: '30 derniers jours' },
  { days: 365, label: '12 derniers mois' },
];

/** A horizontal bar chart drawn on the server: the table beside it carries the same figures for everyone. */
function BarChart({ title, bars }: { title: string; bars: Array<{ label: string; value: number }> }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 28;
  const labelWidth = 220;
  const width = 640;
  const height = bars.length * row + 10;
  return (
    <svg class="chart school-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%">
      {bars.map((b, i) => {
        const w = Math.round(((width - labelWidth - 60) * b.value) / max);
        const y = i * row + 5;
        return (
          <g>
            <text x={labelWidth - 8} y={y + 17} text-anchor="end" class="chart__label">
              {b.label}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(w, 1)} height={row - 8} class="chart__bar" />
            <text x={labelWidth + w + 6} y={y + 17} class="chart__value">
              {formatNumber(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function StatisticsPage({
  context,
  days,
  stats,
}: {
  context: PageContext;
  days: number;
  stats: SchoolStatistics;
}) {
  return (
    <Layout
      context={context}
      title="Statistiques de l'espace numérique des écoles"
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>Statistiques de l'espace numérique des écoles</h1>
      <p>
        Connexions, ouvertures du portail et usage des services, par école et par profil. Les chiffres sont comptés par
        jour, école, profil et service : aucune personne n'y est suivie.
      </p>
      <nav aria-label="Période">
        <ul class="inline-list">
          {PERIODS.map((p) => (
            <li>
              {p.days === days ? (
                <strong aria-current="page">{p.label}</strong>
              ) : (
                <a href={href(context, `/admin/ecoles/statistiques?jours=${p.days}`)}>{p.label}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {stats.schools.length === 0 ? <p>Aucune école pour le moment.</p> : null}
      {stats.schools.map((s) => (
        <section aria-labelledby={`ecole-${s.uai}`}>
          <h2 id={`ecole-${s.uai}`}>
            {s.name} ({s.commune})
          </h2>
          <BarChart
            title={`Connexions par profil, ${s.name}`}
            bars={s.byProfile.map((p) => ({ label: p.label, value: p.connections }))}
          />
          <div class="table-wrapper">
            <table class="table">
              <caption>Par profil — {s.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Profil</th>
                  <th scope="col">Connexions</th>
                  <th scope="col">Ouvertures du portail</th>
                  <th scope="col">Services ouverts</th>
                </tr>
              </thead>
              <tbody>
                {s.byProfile.map((p) => (
                  <tr>
                    <th scope="row">{p.label}</th>
                    <td>{formatNumber(p.connections)}</td>
                    <td>{formatNumber(p.portal)}</td>
                    <td>{formatNumber(p.services)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.byService.length ? (
            <>
              <BarChart
                title={`Usage des services, ${s.name}`}
                bars={s.byService.map((x) => ({ label: x.label, value: x.count }))}
              />
              <div class="table-wrapper">
                <table class="table">
                  <caption>Par service — {s.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Service</th>
                      <th scope="col">Ouvertures</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.byService.map((x) => (
                      <tr>
                        <th scope="row">{x.label}</th>
                        <td>{formatNumber(x.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>Aucun service ouvert sur la période.</p>
          )}
        </section>
      ))}
    </Layout>
  );
}
