import { Pagination } from './report-parts.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../../platform/views/format.ts';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, TextArea } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { ModerationAction, ReportModerationRow, ReportRow } from '../reports.tables.ts';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

const stateOf = (r: ReportRow) =>
  r.hidden ? 'Masqué' : r.public_description !== null ? 'Public, description modifiée' : 'Public';

const categoryOf = (r: ReportRow) => r.category_label || r.service_title;

export function ModerationListPage(props: {
  context: PageContext;
  reports: ReportRow[];
  total: number;
  page: number;
  pages: number;
}) {
  const { context, reports } = props;
  return (
    <Layout context={context} title="Modération des signalements" breadcrumbs={CRUMBS}>
      <h1>Modération des signalements</h1>
      <p>
        {context.tenant.kind === 'metropole'
          ? 'Les signalements publiés sur la carte publique, toutes administrations confondues.'
          : `Les signalements que traite ${context.tenant.name}, publiés sur la carte publique.`}{' '}
        Masquez une contribution contraire à l’ordre public ou modifiez sa description publique : le texte de l’auteur
        est conservé, chaque action est journalisée et l’auteur en est prévenu.
      </p>
      <p class="result-count">{formatNumber(props.total)} signalement(s)</p>
      <div class="table-wrapper">
        <table class="table">
          <caption class="visually-hidden">Signalements et état de leur modération</caption>
          <thead>
            <tr>
              <th scope="col">Signalé le</th>
              <th scope="col">Catégorie</th>
              <th scope="col">Commune</th>
              <th scope="col">État</th>
              <th scope="col">Modération</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr>
                <td>{formatDate(r.submitted_at)}</td>
                <td>
                  <a href={href(context, `/admin/signalements/${r.id}`)}>{categoryOf(r)}</a>
                </td>
                <td>{r.commune_name || '—'}</td>
                <td>{r.status_label}</td>
                <td>{stateOf(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={props.page}
        pages={props.pages}
        hrefOf={(n) => href(context, `/admin/signalements?page=${n}`)}
      />
    </Layout>
  );
}

const DONE: Record<string, string> = {
  masquer: 'Le signalement est masqué des pages publiques. Son auteur en est prévenu.',
  afficher: 'Le signalement est de nouveau public. Son auteur en est prévenu.',
  modifier: 'La description publique est modifiée. Son auteur en est prévenu.',
  retablir: 'La description publique est de nouveau celle de l’auteur. Son auteur en est prévenu.',
};

const ACTION_LABELS: Record<ModerationAction, string> = {
  hide: 'Masqué',
  show: 'Réaffiché',
  edit: 'Description publique modifiée',
  restore: 'Description d’origine rétablie',
};

const LABELS = {
  motif: 'Motif',
  'motif-modification': 'Motif de la modification',
  'motif-retablissement': 'Motif du rétablissement',
  description: 'Description publique',
  action: 'Action',
};

export function ModerateReportPage(props: {
  context: PageContext;
  report: ReportRow;
  history: ReportModerationRow[];
  done: string | null;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { context, report, errors, values } = props;
  const action = href(context, `/admin/signalements/${report.id}`);
  const sent = values.action;
  // The reason's error belongs to the form that was sent: each names its reason field apart.
  const reasonField =
    sent === 'modifier' ? 'motif-modification' : sent === 'retablir' ? 'motif-retablissement' : 'motif';
  const shown = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'motif' ? reasonField : k, v]));
  return (
    <Layout
      context={context}
      title={`Modérer le signalement « ${categoryOf(report)} »`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[...CRUMBS, { label: 'Modération des signalements', path: '/admin/signalements' }]}
    >
      {props.done && DONE[props.done] ? <Notice>{DONE[props.done]}</Notice> : null}
      <h1>Modérer le signalement « {categoryOf(report)} »</h1>
      <ErrorSummary errors={shown} labels={LABELS} />
      <dl class="summary-list">
        <div>
          <dt>Service</dt>
          <dd>{report.service_title}</dd>
        </div>
        <div>
          <dt>Signalé le</dt>
          <dd>{formatDate(report.submitted_at)}</dd>
        </div>
        <div>
          <dt>Commune</dt>
          <dd>{report.commune_name || '—'}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>{report.status_label}</dd>
        </div>
        <div>
          <dt>Modération</dt>
          <dd>{stateOf(report)}</dd>
        </div>
      </dl>
      <h2>Texte de l’auteur (conservé tel quel)</h2>
      <blockquote class="report-description">
        {(report.description || '(pas de description)').split('\n').map((line) => (
          <p>{line}</p>
        ))}
      </blockquote>
      {report.public_description !== null ? (
        <>
          <h2>Description publique (modifiée)</h2>
          <blockquote class="report-description">
            {report.public_description.split('\n').map((line) => (
              <p>{line}</p>
            ))}
          </blockquote>
        </>
      ) : null}

      <ModerationActionForm
        id="visibilite"
        title={report.hidden ? 'Réafficher le signalement' : 'Masquer le signalement'}
        context={context}
        action={action}
        value={report.hidden ? 'afficher' : 'masquer'}
        reason={{
          name: 'motif',
          label: 'Motif',
          hint: 'Il est journalisé et envoyé à l’auteur, par exemple « Propos injurieux ».',
        }}
        sent={sent === 'masquer' || sent === 'afficher' ? { values, errors } : null}
        button={report.hidden ? 'Réafficher le signalement' : 'Masquer le signalement'}
        variant={report.hidden ? 'secondary' : 'danger'}
      />
      <ModerationActionForm
        id="description"
        title="Modifier la description publique"
        context={context}
        action={action}
        value="modifier"
        description={report.public_description ?? report.description}
        reason={{ name: 'motif-modification', label: 'Motif de la modification' }}
        sent={sent === 'modifier' ? { values, errors } : null}
        button="Enregistrer la description publique"
        variant="primary"
      />
      {report.public_description !== null ? (
        <ModerationActionForm
          id="retablir"
          title="Rétablir le texte de l’auteur"
          context={context}
          action={action}
          value="retablir"
          reason={{ name: 'motif-retablissement', label: 'Motif du rétablissement' }}
          sent={sent === 'retablir' ? { values, errors } : null}
          button="Rétablir le texte de l’auteur"
          variant="secondary"
        />
      ) : null}

      <h2>Historique de la modération</h2>
      {props.history.length === 0 ? (
        <p>Aucune action de modération.</p>
      ) : (
        <ul class="timeline">
          {props.history.map((h) => (
            <li>
              {formatDateTime(h.at)} — {ACTION_LABELS[h.action]} par {h.actor_label}. Motif : {h.reason}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** One moderation act: its own form, a reason always, the public description when editing it. */
function ModerationActionForm(props: {
  id: string;
  title: string;
  context: PageContext;
  action: string;
  value: string;
  description?: string;
  reason: { name: string; label: string; hint?: string };
  /** What was sent with this form, when it comes back with errors. */
  sent: { values: Record<string, string>; errors: FieldErrors } | null;
  button: string;
  variant: 'primary' | 'secondary' | 'danger';
}) {
  const { sent } = props;
  return (
    <>
      <h2 id={`titre-${props.id}`}>{props.title}</h2>
      <form method="post" action={props.action} novalidate aria-labelledby={`titre-${props.id}`}>
        <CsrfField token={props.context.csrfToken} />
        <input type="hidden" name="action" value={props.value} />
        {props.description !== undefined ? (
          <TextArea
            name="description"
            label="Description publique"
            hint="Ce que le public lira à la place du texte de l’auteur, qui reste conservé."
            maxLength={3000}
            value={sent ? sent.values.description : props.description}
            error={sent?.errors.description}
          />
        ) : null}
        <TextArea
          name={props.reason.name}
          label={props.reason.label}
          hint={props.reason.hint}
          rows={2}
          maxLength={1000}
          value={sent ? sent.values[props.reason.name] : ''}
          error={sent?.errors.motif}
        />
        <button type="submit" class={`button button--${props.variant}`}>
          {props.button}
        </button>
      </form>
    </>
  );
}
