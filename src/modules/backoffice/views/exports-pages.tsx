import { formatDateTime, formatNumber } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { BackofficeExportRow } from '../backoffice.tables.ts';
import { TableRegion } from './table-region.tsx';
import { GRU_CRUMBS, GruNav } from './gru-nav.tsx';

const STATUS: Record<BackofficeExportRow['status'], string> = {
  pending: 'En attente',
  running: 'En cours',
  done: 'Prêt',
  failed: 'Échec',
};

export function exportProgressText(e: Pick<BackofficeExportRow, 'status' | 'done' | 'total' | 'error'>): string {
  if (e.status === 'done') return `Prêt : ${formatNumber(e.done)} demandes.`;
  if (e.status === 'failed') return e.error ?? 'L’export a échoué.';
  if (e.status === 'pending') return `En attente : ${formatNumber(e.total)} demandes à exporter.`;
  return `En cours : ${formatNumber(e.done)} demandes sur ${formatNumber(e.total)}.`;
}

/** The agent's own exports: the ready ones to download, the others with their progress. */
export function ExportsPage({ context, exports }: { context: PageContext; exports: BackofficeExportRow[] }) {
  return (
    <Layout context={context} title="Mes exports" breadcrumbs={GRU_CRUMBS}>
      <GruNav context={context} current="exports" onPage />
      <h1>Mes exports</h1>
      <p>
        Exportez une liste de demandes depuis la page des demandes, avec ses filtres. Les grandes listes sont préparées
        en arrière-plan : vous êtes prévenu par courriel.
      </p>
      {exports.length === 0 ? (
        <p>Vous n’avez demandé aucun export.</p>
      ) : (
        <TableRegion label="Vos derniers exports">
          <table class="table">
            <caption>Vos derniers exports</caption>
            <thead>
              <tr>
                <th scope="col">Demandé le</th>
                <th scope="col">Format</th>
                <th scope="col">État</th>
                <th scope="col">Fichier</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <tr>
                  <td>{formatDateTime(e.created_at)}</td>
                  <td>{e.format.toUpperCase()}</td>
                  <td>
                    <a href={href(context, `/gru/exports/${e.id}`)}>{STATUS[e.status]}</a>
                  </td>
                  <td>
                    {e.status === 'done' ? (
                      <a href={href(context, `/gru/exports/${e.id}/fichier`)}>{`${e.filename}.${e.format}`}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </Layout>
  );
}

/** One export's progress: a progress bar the enhancement script refreshes, a button that does the same without it. */
export function ExportProgressPage({ context, exportRow }: { context: PageContext; exportRow: BackofficeExportRow }) {
  const e = exportRow;
  const url = href(context, `/gru/exports/${e.id}`);
  return (
    <Layout
      context={context}
      title="Export des demandes"
      breadcrumbs={[...GRU_CRUMBS, { label: 'Mes exports', path: '/gru/exports' }]}
    >
      <GruNav context={context} current="exports" onPage={false} />
      <h1>Export des demandes</h1>
      <div class="export-progress" data-export-progress={url} data-export-status={e.status}>
        <label for="progression-export">Progression</label>
        <progress id="progression-export" class="progress" max={Math.max(1, e.total)} value={e.done}>
          {Math.round((100 * e.done) / Math.max(1, e.total))} %
        </progress>
        <p class="export-progress__text" role="status">
          {exportProgressText(e)}
        </p>
        <p class="export-progress__download" hidden={e.status !== 'done'}>
          <a class="button button--primary" href={`${url}/fichier`}>
            Télécharger {`${e.filename}.${e.format}`}
          </a>
        </p>
        {e.status === 'done' || e.status === 'failed' ? null : (
          <p class="export-progress__refresh">
            <a href={url}>Actualiser la progression</a>
          </p>
        )}
      </div>
      <script type="module" src="/static/js/backoffice.js" />
    </Layout>
  );
}
