import { Layout } from '../../../platform/views/layout.tsx';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { MonthAvailability } from '../availability.ts';
import type { ComplianceReport } from '../compliance-report.ts';
import { NOTICE_KIND_LABELS, windowText } from '../notices.ts';
import { SEVERITY_LABELS, type Severity, SLA_STATUS_LABELS, formatWorkingTime } from '../sla.ts';
import type { NoticeRow } from '../support.tables.ts';
import { ticketLabel } from '../ticket-mail.ts';

/** The compliance report, the availability and the notices to the communes. */

const percent = (share: number | null, digits = 1) =>
  share === null
    ? '–'
    : `${new Intl.NumberFormat('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share * 100)} %`;

/**
 * Bars drawn on the server (no script, no inline style: attributes only). The table beside it carries the same
 * figures for those who do not see the chart; the chart is described as an image with its own summary.
 */
export function ShareChart(props: {
  title: string;
  bars: Array<{ label: string; share: number | null }>;
  goal: number;
  /** The axis starts here (availability is read between 99 and 100 %). */
  floor?: number;
}) {
  const floor = props.floor ?? 0;
  const rowHeight = 28;
  const left = 170;
  const width = 360;
  const height = props.bars.length * rowHeight + 40;
  const x = (share: number) => left + Math.max(0, Math.min(1, (share - floor) / (1 - floor))) * width;
  const summary = props.bars.map((b) => `${b.label} : ${percent(b.share)}`).join(' ; ');
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${left + width + 70} ${height}`}
      width="100%"
      role="img"
      aria-label={`${props.title}. Objectif ${percent(props.goal)}. ${summary}`}
      focusable="false"
    >
      {props.bars.map((bar, i) => {
        const y = 10 + i * rowHeight;
        const met = bar.share !== null && bar.share >= props.goal;
        return (
          <g>
            <text x={left - 8} y={y + 15} text-anchor="end" font-size="12" fill="#1e1e1e">
              {bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}
            </text>
            <rect x={left} y={y} width={width} height={20} fill="#eeeeee" />
            {bar.share !== null ? (
              <rect x={left} y={y} width={x(bar.share) - left} height={20} fill={met ? '#18753c' : '#b34000'} />
            ) : null}
            <text x={left + width + 6} y={y + 15} font-size="12" fill="#1e1e1e">
              {percent(bar.share)}
            </text>
          </g>
        );
      })}
      <line x1={x(props.goal)} x2={x(props.goal)} y1={4} y2={height - 24} stroke="#000091" stroke-width="2" />
      <text x={x(props.goal)} y={height - 8} text-anchor="middle" font-size="12" fill="#000091">
        objectif {percent(props.goal, props.goal >= 0.99 ? 1 : 0)}
      </text>
    </svg>
  );
}

export function CompliancePage(props: {
  context: PageContext;
  report: ComplianceReport;
  /** '/admin/support/conformite' (every commune) or '/support/conformite' (one commune). */
  path: string;
  goal: number;
  errors: FieldErrors;
}) {
  const { context, report, path } = props;
  const query = `du=${report.from}&au=${report.to}`;
  return (
    <Layout
      context={context}
      title="Respect des délais de résolution"
      hasErrors={Object.keys(props.errors).length > 0}
      breadcrumbs={[
        path.startsWith('/admin')
          ? { label: 'Support des communes', path: '/admin/support' }
          : { label: 'Support', path: '/support' },
      ]}
    >
      <h1>Respect des délais de résolution</h1>
      <p>
        Part des incidents bloquants et majeurs résolus dans le délai (8 et 24 heures ouvrées), par commune ; la
        Métropole s’engage à 95 % pour chaque commune. Sont comptés les tickets résolus dans la période et ceux dont le
        délai est déjà dépassé sans résolution.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="get" action={href(context, path)} class="form form--inline">
        <TextField name="du" type="date" label="Du" value={report.from} error={props.errors.du} width="medium" />
        <TextField name="au" type="date" label="Au" value={report.to} error={props.errors.au} width="medium" />
        <SubmitButton variant="secondary">Afficher</SubmitButton>
      </form>
      {report.rows.length === 0 ? (
        <p>Aucun ticket avec engagement de délai dans cette période.</p>
      ) : (
        <>
          <figure>
            <ShareChart
              title="Part des tickets résolus dans les délais"
              goal={props.goal}
              bars={report.rows.map((r) => ({ label: r.commune.name, share: r.share }))}
            />
            <figcaption>Part des tickets résolus dans les délais ; le trait marque l’objectif de 95 %.</figcaption>
          </figure>
          <div class="table-wrapper">
            <table class="table">
              <caption>
                Tickets avec engagement, du {report.from} au {report.to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Commune</th>
                  <th scope="col" class="numeric">
                    Tickets comptés
                  </th>
                  <th scope="col" class="numeric">
                    Résolus dans les délais
                  </th>
                  <th scope="col" class="numeric">
                    Part
                  </th>
                  <th scope="col">Objectif de 95 %</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr>
                    <th scope="row">{row.commune.name}</th>
                    <td class="numeric">{row.counted}</td>
                    <td class="numeric">{row.inTime}</td>
                    <td class="numeric">{percent(row.share)}</td>
                    <td>{row.meetsGoal ? 'Atteint' : 'Non atteint'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Détail des tickets</h2>
          <div class="table-wrapper">
            <table class="table">
              <caption class="visually-hidden">Détail des tickets comptés</caption>
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col">Commune</th>
                  <th scope="col">Type</th>
                  <th scope="col">Temps ouvré</th>
                  <th scope="col">Résultat</th>
                </tr>
              </thead>
              <tbody>
                {report.tickets.map((t) => (
                  <tr>
                    <th scope="row">{ticketLabel(t)}</th>
                    <td>{t.communeName}</td>
                    <td>{SEVERITY_LABELS[t.severity as Severity]}</td>
                    <td>{formatWorkingTime(t.sla.elapsedMs)}</td>
                    <td>{SLA_STATUS_LABELS[t.sla.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p>
        Exporter : <a href={href(context, `${path}?${query}&format=csv`)}>CSV</a>,{' '}
        <a href={href(context, `${path}?${query}&format=ods`)}>tableur ODS</a>
      </p>
    </Layout>
  );
}

function AvailabilityTable({ months, goal }: { months: MonthAvailability[]; goal: number }) {
  return (
    <>
      <figure>
        <ShareChart
          title="Disponibilité mensuelle de la plateforme"
          goal={goal}
          floor={0.99}
          bars={months.map((m) => ({ label: m.month, share: m.availability }))}
        />
        <figcaption>Disponibilité mensuelle (axe de 99 à 100 %) ; le trait marque l’engagement de 99,9 %.</figcaption>
      </figure>
      <div class="table-wrapper">
        <table class="table">
          <caption>Disponibilité mensuelle, maintenances programmées exclues</caption>
          <thead>
            <tr>
              <th scope="col">Mois</th>
              <th scope="col" class="numeric">
                Disponibilité
              </th>
              <th scope="col" class="numeric">
                Minutes mesurées
              </th>
              <th scope="col" class="numeric">
                Minutes d’indisponibilité
              </th>
              <th scope="col" class="numeric">
                Minutes de maintenance exclues
              </th>
              <th scope="col">Engagement de 99,9 %</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr>
                <th scope="row">{m.month}</th>
                <td class="numeric">{percent(m.availability, 2)}</td>
                <td class="numeric">{m.measuredMinutes}</td>
                <td class="numeric">{m.downMinutes}</td>
                <td class="numeric">{m.maintenanceMinutes}</td>
                <td>{m.meetsGoal === null ? 'Non mesuré' : m.meetsGoal ? 'Tenu' : 'Non tenu'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function NoticeList({ notices }: { notices: NoticeRow[] }) {
  if (notices.length === 0) return <p>Aucune annonce.</p>;
  return (
    <ul class="faq-list">
      {notices.map((n) => (
        <li class="faq-entry">
          <h3>
            {NOTICE_KIND_LABELS[n.kind]} : {n.title}
          </h3>
          <p>
            Publiée le {formatDateTime(n.created_at)}
            {n.kind === 'maintenance' ? <>, prévue {windowText(n)}</> : null}.
          </p>
          {n.body.split(/\n{2,}/).map((p) => (
            <p>{p}</p>
          ))}
        </li>
      ))}
    </ul>
  );
}

export function NewsPage(props: {
  context: PageContext;
  notices: NoticeRow[];
  months: MonthAvailability[];
  goal: number;
}) {
  return (
    <Layout context={props.context} title="Actualités de la plateforme">
      <h1>Actualités de la plateforme</h1>
      <p>
        Les maintenances programmées, les évolutions importantes et les nouveautés de la plateforme, annoncées aux
        communes ; et la disponibilité mesurée chaque minute, au regard de l’engagement de 99,9 %.
      </p>
      <h2>Annonces</h2>
      <NoticeList notices={props.notices} />
      <h2>Disponibilité</h2>
      <AvailabilityTable months={props.months} goal={props.goal} />
    </Layout>
  );
}

export type NoticeFormValues = Record<string, string>;

export function NoticesAdminPage(props: {
  context: PageContext;
  notices: NoticeRow[];
  months: MonthAvailability[];
  goal: number;
  values: NoticeFormValues;
  errors: FieldErrors;
  done?: string | undefined;
}) {
  const { context, values, errors } = props;
  return (
    <Layout
      context={context}
      title="Annonces aux communes"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Support des communes', path: '/admin/support' }]}
    >
      <h1>Annonces aux communes</h1>
      {props.done ? (
        <Notice>
          <p>{props.done}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <h2>Publier une annonce</h2>
      <p>
        Une maintenance ou une évolution importante est envoyée par courriel aux administrateurs de chaque commune ; une
        maintenance s’affiche aussi en bandeau sur toutes les pages pendant sa durée.
      </p>
      <form method="post" action={href(context, '/admin/annonces')} class="form" novalidate>
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="kind"
          label="Nature"
          value={values.kind ?? ''}
          error={errors.kind}
          choices={Object.entries(NOTICE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField name="title" label="Titre" value={values.title} error={errors.title} maxLength={200} />
        <TextArea name="body" label="Texte" value={values.body} error={errors.body} maxLength={10000} />
        <fieldset class="fieldset">
          <legend>Fenêtre de maintenance (heure de Paris ; pour une maintenance seulement)</legend>
          <TextField
            name="startDay"
            type="date"
            label="Jour de début"
            required={false}
            value={values.startDay}
            error={errors.startDay}
            width="medium"
          />
          <TextField
            name="startTime"
            label="Heure de début"
            hint="Par exemple 20:00"
            required={false}
            value={values.startTime}
            error={errors.startTime}
            width="short"
          />
          <TextField
            name="endDay"
            type="date"
            label="Jour de fin"
            required={false}
            value={values.endDay}
            error={errors.endDay}
            width="medium"
          />
          <TextField
            name="endTime"
            label="Heure de fin"
            hint="Par exemple 22:00"
            required={false}
            value={values.endTime}
            error={errors.endTime}
            width="short"
          />
        </fieldset>
        <SubmitButton>Publier</SubmitButton>
      </form>
      <h2>Annonces publiées</h2>
      <NoticeList notices={props.notices} />
      <h2>Disponibilité</h2>
      <AvailabilityTable months={props.months} goal={props.goal} />
    </Layout>
  );
}
