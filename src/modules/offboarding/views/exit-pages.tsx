import { CsrfField, Notice } from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { DataArchive } from '../offboarding.tables.ts';

const TRAIL = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

export type ExitPageProps = {
  context: PageContext;
  communeName: string;
  isOperator: boolean;
  tasks: Array<{ label: string; executedHere: boolean; dueOn: string }>;
  pending: Array<{ number: string; status: string; submittedAt: Date; href: string }>;
  archives: DataArchive[];
  turnkeyInstances: number;
  notice: string | null;
  refusal: string | null;
};

export const archiveStatusText = (a: Pick<DataArchive, 'status' | 'done' | 'total' | 'error'>) =>
  a.status === 'done'
    ? `Prête : ${a.total} demande${a.total > 1 ? 's' : ''}.`
    : a.status === 'failed'
      ? (a.error ?? 'La préparation a échoué.')
      : a.status === 'pending'
        ? 'En attente de démarrage…'
        : `En cours : ${a.done} demande${a.done > 1 ? 's' : ''} sur ${a.total}.`;

/**
 * A commune's exit and change of offer, carried out rather than ticked: its open checklist, the requests still
 * pending (which block decommissioning), the archive of its data, and the operators' acts.
 */
export function ExitPage(props: ExitPageProps) {
  const { context } = props;
  return (
    <Layout context={context} title="Sortie et changement d'offre" breadcrumbs={TRAIL} hasErrors={!!props.refusal}>
      <h1>Sortie et changement d'offre de {props.communeName}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.refusal ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2 class="error-summary__title">Action refusée</h2>
          <p>{props.refusal}</p>
        </div>
      ) : null}
      <h2>Tâches à mener</h2>
      {props.tasks.length ? (
        <ul>
          {props.tasks.map((t) => (
            <li key={t.label}>
              {t.label} (avant le {t.dueOn}){t.executedHere ? ' — se fait sur cette page' : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune tâche de changement d'offre ou de sortie n'est ouverte pour la commune.</p>
      )}

      <h2>Demandes en cours</h2>
      {props.pending.length ? (
        <>
          <p>
            {props.pending.length} demande{props.pending.length > 1 ? 's' : ''} en cours : la commune doit les clore (ou
            les transmettre à l'administration compétente) avant que ses démarches soient mises hors ligne.
          </p>
          <div class="table-wrapper">
            <table class="table">
              <caption class="visually-hidden">Demandes en cours qui bloquent la mise hors ligne</caption>
              <thead>
                <tr>
                  <th scope="col">Numéro</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Déposée le</th>
                </tr>
              </thead>
              <tbody>
                {props.pending.map((p) => (
                  <tr key={p.number}>
                    <th scope="row">
                      <a href={p.href}>{p.number}</a>
                    </th>
                    <td>{p.status}</td>
                    <td>{formatDateTime(p.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>Aucune demande en cours.</p>
      )}

      <h2>Archive des données de la commune</h2>
      <p>
        Toutes les demandes (réponses, historique, messages, pièces jointes) et la définition des démarches, en JSON et
        en CSV avec les fichiers, dans une archive zip.
      </p>
      <form method="post" action={href(context, '/admin/sortie/archives')}>
        <CsrfField token={context.csrfToken} />
        <button type="submit" class="button button--primary">
          Préparer une archive
        </button>
      </form>
      {props.archives.length ? (
        <ul>
          {props.archives.map((a) => (
            <li key={a.id}>
              <a href={href(context, `/admin/sortie/archives/${a.id}`)}>Archive du {formatDateTime(a.requested_at)}</a>{' '}
              : {archiveStatusText(a)}
            </li>
          ))}
        </ul>
      ) : null}

      {props.isOperator ? (
        <>
          <h2>Actions de la Métropole</h2>
          <form method="post" action={href(context, '/admin/sortie/hors-ligne')}>
            <CsrfField token={context.csrfToken} />
            <p>Met hors ligne toutes les démarches de la commune. Refusé tant qu'une demande est en cours.</p>
            <button type="submit" class="button button--danger">
              Mettre les démarches hors ligne
            </button>
          </form>
          {props.turnkeyInstances > 0 ? (
            <form method="post" action={href(context, '/admin/sortie/transfert')}>
              <CsrfField token={context.csrfToken} />
              <p>
                Passage de l'offre Abonné à l'offre Partenaire : les {props.turnkeyInstances} démarches clé-en-main
                deviennent des démarches de la commune, modifiables, avec leur formulaire et leur circuit. Les demandes
                ne sont pas transférées.
              </p>
              <button type="submit" class="button button--secondary">
                Transférer les démarches à la commune
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/** One archive's progress: the page reloads itself while it is built (a header, no script needed). */
export function ArchivePage({ context, archive }: { context: PageContext; archive: DataArchive }) {
  const url = href(context, `/admin/sortie/archives/${archive.id}`);
  const finished = archive.status === 'done' || archive.status === 'failed';
  return (
    <Layout
      context={context}
      title="Archive des données"
      breadcrumbs={[...TRAIL, { label: "Sortie et changement d'offre", path: '/admin/sortie' }]}
    >
      <h1>Archive des données</h1>
      <label for="progression-archive">Progression</label>
      <progress id="progression-archive" class="progress" max={Math.max(1, archive.total)} value={archive.done}>
        {Math.round((100 * archive.done) / Math.max(1, archive.total))} %
      </progress>
      <p role="status">{archiveStatusText(archive)}</p>
      {archive.status === 'done' ? (
        <p>
          <a class="button button--primary" href={`${url}/fichier`}>
            Télécharger l'archive (zip)
          </a>
        </p>
      ) : null}
      {finished ? null : (
        <p>
          La page se met à jour toute seule. <a href={url}>Actualiser la progression</a>
        </p>
      )}
    </Layout>
  );
}
