import { CsrfField, ErrorSummary, type FieldErrors, fieldId, Notice } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatCents } from '../../../platform/views/format.ts';
import type { TaskStatus } from '../agreements.tables.ts';
import { formatCalendarDate } from '../../../platform/paris-time.ts';
import type { CommuneFile } from '../load-commune-file.ts';
import type { Deadline } from '../upcoming-deadlines.ts';
import {
  AgreementSummary,
  AmendmentsTable,
  AnnexesTable,
  ChecklistTable,
  DisputesList,
  NoticesList,
  OrdersTable,
  PopulationNote,
  YearAmounts,
} from './agreement-sections.tsx';
import { TASK_STATUS_LABELS } from './labels.ts';

const ADMIN_CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

export type AgreementRow = {
  name: string;
  slug: string;
  state: string;
  toodego: string;
  services: string;
  lastDay: string | null;
  nextRenewalOn: string | null;
  noticeDeadline: string | null;
  yearCents: number | null;
};

export function OperatorAgreementsPage(props: {
  context: PageContext;
  rows: AgreementRow[];
  deadlines: Deadline[];
  year: number;
  yearTotalCents: number;
}) {
  const { context } = props;
  return (
    <Layout context={context} title="Conventions des communes" breadcrumbs={ADMIN_CRUMBS}>
      <h1>Conventions des communes</h1>
      <p>
        Convention-cadre et annexes de chaque commune (C1), échéances, et contributions {props.year} :{' '}
        <a href={href(context, `/admin/facturation?annee=${props.year}`)}>titres de recette {props.year}</a> (total émis
        : {formatCents(props.yearTotalCents)}).
      </p>
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
              <th scope="col" class="numeric">
                Contribution {props.year}
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
                <td class="numeric">{r.yearCents !== null ? formatCents(r.yearCents) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

const NOTICES: Record<string, string> = {
  convention: 'La convention-cadre est enregistrée.',
  avenant: "L'avenant est enregistré.",
  resiliation: 'Le préavis de résiliation est enregistré.',
  'mise-en-demeure': 'La mise en demeure est enregistrée.',
  'mise-en-demeure-close': 'La mise en demeure est close.',
  reclamation: 'La réclamation est enregistrée.',
  reponse: 'La décision sur la réclamation est enregistrée.',
  tache: "L'état de la tâche est enregistré.",
  connecteur: 'Le connecteur est enregistré.',
  population: 'La population est enregistrée.',
};

export type CommuneFilePageProps = {
  context: PageContext;
  file: CommuneFile;
  /** A message after an action (a key of NOTICES), or the outcome computed by the use case. */
  done: string | null;
  message: string | null;
  errors: FieldErrors;
  orderHref: (id: string) => string;
};

export function CommuneFilePage({ context, file, done, message, errors, orderHref }: CommuneFilePageProps) {
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
      {done && NOTICES[done] ? (
        <Notice>
          {NOTICES[done]}
          {message ? ` ${message}` : ''}
        </Notice>
      ) : null}
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
      <h2>Contributions</h2>
      <PopulationNote file={file} />
      <YearAmounts file={file} />
      <OrdersTable file={file} orderHref={orderHref} />
      <ul class="action-list">
        <li>
          <a href={href(context, `${base}/population`)}>Fixer la population d'une année</a>
        </li>
        <li>
          <a href={href(context, `${base}/connecteur`)}>
            Ajouter un connecteur développé pour la commune (offre Connecté)
          </a>
        </li>
        <li>
          <a href={href(context, `/admin/facturation/simulateur?commune=${file.commune.slug}`)}>
            Simuler les contributions de la commune sur 6 ans
          </a>
        </li>
      </ul>
      {file.connectors.length ? (
        <>
          <h3>Connecteurs (annexe Toodego §10.2.1)</h3>
          <ul>
            {file.connectors.map((c) => (
              <li>
                {c.label} : {formatCents(c.annual_cents)} par an aux prix {c.price_year}, depuis le{' '}
                {formatCalendarDate(c.active_from)}
                {c.active_until ? ` jusqu'au ${formatCalendarDate(c.active_until)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {file.populationOverrides.length ? (
        <>
          <h3>Populations fixées par un opérateur</h3>
          <ul>
            {file.populationOverrides.map((p) => (
              <li>
                {p.year} : {p.population.toLocaleString('fr-FR')} habitants ({p.source})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
