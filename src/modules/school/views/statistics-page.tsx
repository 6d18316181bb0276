import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatNumber } from '../../../platform/views/format.ts';
import type { SchoolStatistics } from '../usage-statistics.ts';

const PERIODS = [
  { days: 7, label: '7 derniers jours' },
  { days: 30, label: '30 derniers jours' },
  { days: 365, label: '12 derniers mois' },
];

/**
 * A horizontal bar chart drawn on the server, readable at any width: each label is page text above its bar (it wraps
 * on a phone and grows with the reader's text size), each bar an SVG whose length is a share of the track (SVG
 * attributes, not inline styles, which the content security policy forbids), the figure after it. The table below
 * carries the same figures.
 */
function BarChart({ title, bars }: { title: string; bars: Array<{ label: string; value: number }> }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure class="school-chart">
      <figcaption class="school-chart__title">{title}</figcaption>
      <ul class="school-chart__rows">
        {bars.map((b) => (
          <li class="school-chart__row">
            <span class="school-chart__label">{b.label}</span>
            <span class="school-chart__measure">
              <svg class="school-chart__track" aria-hidden="true" focusable="false">
                <rect
                  class="school-chart__bar"
                  width={`${b.value ? Math.max(1, (100 * b.value) / max) : 0}%`}
                  height="100%"
                />
              </svg>
              <span class="school-chart__value">{formatNumber(b.value)}</span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
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
            title={`Connexions par profil — ${s.name}`}
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
                title={`Usage des services — ${s.name}`}
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
