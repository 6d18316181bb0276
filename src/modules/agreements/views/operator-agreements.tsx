import type { ComponentChildren } from 'preact';
import { formatCalendarDate } from '../../../platform/paris-time.ts';
import { CsrfField, ErrorSummary, type FieldErrors, fieldId, Notice } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { TaskStatus } from '../agreements.tables.ts';
import type { AgreementFile } from '../load-agreement-file.ts';
import type { AgreementRow } from '../load-agreements-overview.ts';
import type { Deadline } from '../upcoming-deadlines.ts';
import {
  AgreementSummary,
  AmendmentsTable,
  AnnexesTable,
  ChecklistTable,
  DisputesList,
  NoticesList,
} from './agreement-sections.tsx';
import { TASK_STATUS_LABELS } from './labels.ts';

const ADMIN_CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

/** A column a page composing the overview adds to its table, after the agreements' own. */
export type OverviewColumn = { header: string; numeric: boolean; cell: (row: AgreementRow) => ComponentChildren };

/**
 * The operators' overview of every commune's agreement and the deadlines to come. A page composing it with other
 * facts of the communes gives its introduction and one more column.
 */
export function OperatorAgreementsPage(props: {
  context: PageContext;
  rows: AgreementRow[];
  deadlines: Deadline[];
  intro: ComponentChildren;
  column: OverviewColumn;
}) {
  const { context, column } = props;
  return (
    <Layout context={context} title="Conventions des communes" breadcrumbs={ADMIN_CRUMBS}>
      <h1>Conventions des communes</h1>
      {props.intro}
      <h2 id="echeances">Échéances des 120 prochains jours</h2>
      {props.deadlines.length ? (
        <ul class="item-list" aria-labelledby="echeances">
          {props.deadlines.map((d) => (
            <li>
              <strong>{formatCalendarDate(d.on)}</strong> —{' '}
              {d.commune ? (
                <a href={href(context, `/admin/conventions/${d.commune.slug}`)}>{d.commune.name}</a>
              ) : (
                'Gouvernance'
              )}{' '}
              : {d.label}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune échéance dans les 120 prochains jours.</p>
      )}
      <h2>Toutes les communes</h2>
      <div class="table-wrapper">
        <table class="table">
          <caption class="visually-hidden">Conventions des 58 communes</caption>
          <thead>
            <tr>
              <th scope="col">Commune</th>
              <th scope="col">Convention</th>
              <th scope="col">Toodego</th>
              <th scope="col">Autres services</th>
              <th scope="col">Prochaine reconduction (préavis avant le)</th>
              <th scope="col">Fin au plus tard</th>
              <th scope="col" class={column.numeric ? 'numeric' : undefined}>
                {column.header}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={href(context, `/admin/conventions/${r.slug}`)}>{r.name}</a>
                </th>
                <td>{r.state}</td>
                <td>{r.toodego}</td>
                <td>{r.services || '—'}</td>
                <td>
                  {r.nextRenewalOn && r.noticeDeadline
                    ? `${formatCalendarDate(r.nextRenewalOn)} (${formatCalendarDate(r.noticeDeadline)})`
                    : '—'}
                </td>
                <td>{r.lastDay ? formatCalendarDate(r.lastDay) : '—'}</td>
                <td class={column.numeric ? 'numeric' : undefined}>{column.cell(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** The file's error for one task of the checklist, shown beside its control and in the summary. */
export const taskError = (taskId: string, message: string): FieldErrors => ({ [`tache-${taskId}`]: message });

export type CommuneFilePageProps = {
  context: PageContext;
  file: AgreementFile;
  /** What the last action did (see agreementFileNotice), if anything. */
  notice: string | null;
  errors: FieldErrors;
  /** The rest of the commune's file, by the page composing it: its contributions. */
  contributions: ComponentChildren;
};

/** A commune's agreement file for operators: the agreement, its forms and checklist, then the contributions. */
export function CommuneFilePage({ context, file, notice, errors, contributions }: CommuneFilePageProps) {
  const base = `/admin/conventions/${file.commune.slug}`;
  const inForce = file.calendar?.state === 'in_force' || file.calendar?.state === 'signed_not_in_force';
  return (
    <Layout
      context={context}
      title={`Convention : ${file.commune.name}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...ADMIN_CRUMBS, { label: 'Conventions', path: '/admin/conventions' }]}
    >
      <h1>Convention : {file.commune.name}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorSummary errors={errors} />
      <h2>Convention-cadre</h2>
      <AgreementSummary file={file} />
      <ul class="action-list">
        {!inForce ? (
          <li>
            <a href={href(context, `${base}/convention`)}>Enregistrer la convention signée</a>
          </li>
        ) : (
          <>
            <li>
              <a href={href(context, `${base}/avenant`)}>
                Enregistrer un avenant (service ajouté, retiré, changement d'offre)
              </a>
            </li>
            <li>
              <a href={href(context, `${base}/resiliation`)}>Enregistrer un préavis de résiliation</a>
            </li>
            <li>
              <a href={href(context, `${base}/mise-en-demeure`)}>Enregistrer une mise en demeure</a>
            </li>
          </>
        )}
        {file.agreement ? (
          <li>
            <a href={href(context, `${base}/reclamation`)}>Enregistrer une réclamation</a>
          </li>
        ) : null}
      </ul>
      <h2>Annexes et offres</h2>
      <AnnexesTable file={file} />
      <h2>Avenants</h2>
      <AmendmentsTable file={file} />
      <h2>Préavis et mises en demeure</h2>
      <NoticesList
        file={file}
        action={(n) =>
          n.kind === 'formal_notice' && (n.status === 'pending' || n.status === 'unremedied') ? (
            <a href={href(context, `${base}/mise-en-demeure/${n.id}`)}>Lever la mise en demeure ou résilier</a>
          ) : null
        }
      />
      <h2>Réclamations</h2>
      <DisputesList
        file={file}
        action={(d) =>
          d.status === 'open' ? (
            <a href={href(context, `${base}/reclamation/${d.id}`)}>Enregistrer la décision</a>
          ) : null
        }
      />
      <h2>Départ ou changement d'offre : tâches</h2>
      <ChecklistTable
        file={file}
        control={(task) => (
          <form method="post" action={href(context, `${base}/taches/${task.id}`)} class="inline-controls">
            <CsrfField token={context.csrfToken} />
            <label class="visually-hidden" for={fieldId(`tache-${task.id}`)}>
              État de la tâche « {task.label} »
            </label>
            <select
              class="input"
              id={fieldId(`tache-${task.id}`)}
              name="status"
              aria-invalid={errors[`tache-${task.id}`] ? 'true' : undefined}
            >
              {(['todo', 'done', 'not_needed'] as TaskStatus[]).map((s) => (
                <option value={s} selected={task.status === s}>
                  {TASK_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <button type="submit" class="button button--secondary">
              Enregistrer<span class="visually-hidden"> l'état de « {task.label} »</span>
            </button>
          </form>
        )}
      />
      {contributions}
    </Layout>
  );
}
