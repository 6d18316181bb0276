import { formatNumber } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import type { TenantStatistics } from '../compute-statistics.ts';
import { BarChart } from './bar-chart.tsx';
import { TableRegion } from './table-region.tsx';
import { GRU_CRUMBS, GruNav } from './gru-nav.tsx';

const days = (n: number | null) =>
  n === null ? '—' : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n)} j`;

/** Statistics of the tenant: each chart with its data table beside it. */
export function StatisticsPage({
  context,
  tenantName,
  stats,
}: {
  context: PageContext;
  tenantName: string;
  stats: TenantStatistics;
}) {
  const { months } = stats;
  return (
    <Layout context={context} title="Statistiques des demandes" breadcrumbs={GRU_CRUMBS}>
      <GruNav context={context} current="statistiques" onPage />
      <h1>Statistiques des demandes — {tenantName}</h1>
      <p class="lead">
        Sur les douze derniers mois. Les durées ne comptent pas le temps passé à attendre une réponse de l’usager.
      </p>

      <section aria-labelledby="par-mois">
        <h2 id="par-mois">Demandes déposées par mois</h2>
        <div class="gru-chart">
          <BarChart
            id="graphique-mois"
            title="Demandes déposées par mois, toutes démarches"
            bars={months.map((m, i) => ({ label: m.label, value: stats.monthlyTotals[i] ?? 0 }))}
          />
          <TableRegion label="Demandes déposées par démarche et par mois">
            <table class="table">
              <caption>Demandes déposées par démarche et par mois</caption>
              <thead>
                <tr>
                  <th scope="col">Démarche</th>
                  {months.map((m) => (
                    <th scope="col" class="numeric">
                      {m.label}
                    </th>
                  ))}
                  <th scope="col" class="numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {stats.perService.map((s) => (
                  <tr>
                    <th scope="row">{s.title}</th>
                    {s.counts.map((c) => (
                      <td class="numeric">{formatNumber(c)}</td>
                    ))}
                    <td class="numeric">{formatNumber(s.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Toutes démarches</th>
                  {stats.monthlyTotals.map((c) => (
                    <td class="numeric">{formatNumber(c)}</td>
                  ))}
                  <td class="numeric">{formatNumber(stats.monthlyTotals.reduce((a, b) => a + b, 0))}</td>
                </tr>
              </tfoot>
            </table>
          </TableRegion>
        </div>
      </section>

      <section aria-labelledby="delais">
        <h2 id="delais">Délai médian de traitement</h2>
        <div class="gru-chart">
          <BarChart
            id="graphique-delais"
            title="Délai médian de traitement par mois de clôture, en jours"
            bars={stats.processing.map((p) => ({
              label: p.month.label,
              value: p.medianDays ?? 0,
              display: days(p.medianDays),
            }))}
          />
          <TableRegion label="Délai médian de traitement, par mois de clôture">
            <table class="table">
              <caption>Délai médian de traitement, par mois de clôture</caption>
              <thead>
                <tr>
                  <th scope="col">Mois</th>
                  <th scope="col" class="numeric">
                    Demandes closes
                  </th>
                  <th scope="col" class="numeric">
                    Délai médian
                  </th>
                </tr>
              </thead>
              <tbody>
                {stats.processing.map((p) => (
                  <tr>
                    <th scope="row">{p.month.label}</th>
                    <td class="numeric">{formatNumber(p.closed)}</td>
                    <td class="numeric">{days(p.medianDays)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </div>
      </section>

      <section aria-labelledby="stock">
        <h2 id="stock">Demandes en cours : {formatNumber(stats.backlogTotal)}</h2>
        {stats.backlog.length === 0 ? (
          <p>Aucune demande en cours.</p>
        ) : (
          <div class="gru-chart">
            <BarChart
              id="graphique-stock"
              orientation="horizontal"
              title="Demandes en cours, par statut"
              bars={stats.backlog.map((b) => ({ label: b.label, value: b.count }))}
            />
            <TableRegion label="Demandes en cours par statut et par ancienneté">
              <table class="table">
                <caption>Demandes en cours par statut et par ancienneté</caption>
                <thead>
                  <tr>
                    <th scope="col">Statut</th>
                    <th scope="col" class="numeric">
                      En cours
                    </th>
                    <th scope="col" class="numeric">
                      Déposées depuis plus de 7 jours
                    </th>
                    <th scope="col" class="numeric">
                      Plus de 30 jours
                    </th>
                    <th scope="col" class="numeric">
                      Plus de 90 jours
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stats.backlog.map((b) => (
                    <tr>
                      <th scope="row">{b.label}</th>
                      <td class="numeric">{formatNumber(b.count)}</td>
                      <td class="numeric">{formatNumber(b.over7)}</td>
                      <td class="numeric">{formatNumber(b.over30)}</td>
                      <td class="numeric">{formatNumber(b.over90)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          </div>
        )}
      </section>
    </Layout>
  );
}
