import {
  Checkbox,
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { fileSizeText, formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { SEVERITY_LABELS, STATUS_LABELS } from '../advance-incident.ts';
import { CLOCK_LABELS, type ClockName, clockState, durationText } from '../incident-clocks.ts';
import { EVIDENCE_TYPES, incidentLabel } from '../incident-files.ts';
import type { IncidentEventView } from '../incidents.repo.ts';
import type { IncidentRow } from '../incidents.tables.ts';
import { KIND_LABELS } from '../report-incident.ts';

const FILE_HINT = `${EVIDENCE_TYPES.map((t) => t.label).join(', ')} ; 5 Mo au plus. Le fichier est vérifié par son contenu.`;

/** Where a clock stands, in words (the deadline's date and the time left or passed). */
export function ClockText({ incident, clock, now }: { incident: IncidentRow; clock: ClockName; now: Date }) {
  const state = clockState(incident, clock, now);
  switch (state.status) {
    case 'sans-objet':
      return <>Sans objet</>;
    case 'tenu':
      return (
        <>
          Fait le {formatDateTime(state.doneAt)}
          {state.late ? ' (après l’échéance)' : ' (dans le délai)'}
        </>
      );
    case 'en-cours':
      return (
        <>
          Échéance le {formatDateTime(state.dueAt)} : il reste <strong>{durationText(state.remainingMs)}</strong>
        </>
      );
    case 'depasse':
      return (
        <strong class="text-danger">
          Échéance dépassée depuis {durationText(state.overMs)} ({formatDateTime(state.dueAt)})
        </strong>
      );
  }
}

export type IncidentListItem = { incident: IncidentRow; reporterName: string };

/** The reports of a commune (its referents) or of every tenant (the metropolis's desk), with their clocks. */
export function IncidentListPage(props: {
  context: PageContext;
  items: IncidentListItem[];
  now: Date;
  basePath: string;
  desk: boolean;
  title: string;
}) {
  const { context, items, now, basePath } = props;
  return (
    <Layout context={context} title={props.title}>
      <h1>{props.title}</h1>
      <p class="lead">
        Une fuite ou une attaque suspectée se signale sans attendre : une attaque sur l’intégration d’identité s’alerte
        dans les 8 heures, une violation de données personnelles se notifie à la CNIL dans les 72 heures.
      </p>
      <p>
        <a class="button button--primary" href={href(context, '/incidents/nouveau')}>
          Signaler une fuite ou une attaque
        </a>
      </p>
      {items.length === 0 ? (
        <p>Aucun signalement.</p>
      ) : (
        <div class="table-wrapper" role="region" aria-label={props.title} tabIndex={0}>
          <table class="table">
            <caption>{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">Signalement</th>
                {props.desk ? <th scope="col">Administration</th> : null}
                <th scope="col">Statut</th>
                <th scope="col">Alerte sous 8 h</th>
                <th scope="col">CNIL sous 72 h</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ incident, reporterName }) => (
                <tr>
                  <th scope="row">
                    <a href={href(context, `${basePath}/${incident.id}`)}>
                      {incidentLabel(incident)} — {incident.title}
                    </a>
                  </th>
                  {props.desk ? <td>{reporterName}</td> : null}
                  <td>{STATUS_LABELS[incident.status]}</td>
                  <td>
                    <ClockText incident={incident} clock="alerte" now={now} />
                  </td>
                  <td>
                    <ClockText incident={incident} clock="cnil" now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The report form: what, since when, the first evidence. */
export function NewIncidentPage(props: {
  context: PageContext;
  basePath: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { context, values, errors, basePath } = props;
  return (
    <Layout
      context={context}
      title="Signaler une fuite ou une attaque"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Signalements de sécurité', path: basePath }]}
    >
      <h1>Signaler une fuite ou une attaque</h1>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={href(context, `${basePath}/nouveau`)}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <CsrfField token={context.csrfToken} />
        <ChoiceGroup
          kind="radio"
          name="kind"
          label="Nature"
          value={values.kind}
          error={errors.kind}
          choices={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Checkbox
          name="identityAttack"
          label="L’attaque vise l’intégration d’identité (GrandLyon Connect, FranceConnect)"
          hint="L’alerte est alors due dans les 8 heures suivant la détection."
          checked={values.identityAttack === 'oui'}
          required={false}
        />
        <TextField name="title" label="Titre" value={values.title} error={errors.title} maxLength={200} />
        <TextArea
          name="description"
          label="Ce qui s’est passé"
          hint="Ce qui a été constaté, les systèmes et les données concernés, ce qui a déjà été fait."
          value={values.description}
          error={errors.description}
          maxLength={10000}
          rows={8}
        />
        <TextField
          name="detectedDay"
          label="Jour de la détection"
          hint="Les délais courent depuis la détection. Exemple : 2026-11-30."
          value={values.detectedDay}
          error={errors.detectedDay}
          width="medium"
        />
        <TextField
          name="detectedTime"
          label="Heure de la détection (heure de Paris)"
          hint="Exemple : 14:30."
          value={values.detectedTime}
          error={errors.detectedTime}
          width="short"
        />
        <FileField name="file" label="Première pièce" hint={FILE_HINT} required={false} error={errors.file} />
        <SubmitButton>Envoyer le signalement</SubmitButton>
      </form>
    </Layout>
  );
}

function History({ events, fileHref }: { events: IncidentEventView[]; fileHref: (e: IncidentEventView) => string }) {
  return (
    <ol class="timeline">
      {events.map((event) => (
        <li class="timeline__item">
          <p>
            <strong>{event.actor_label}</strong> ({event.side === 'commune' ? 'commune' : 'Métropole'}),{' '}
            {formatDateTime(event.at)}
          </p>
          {event.body ? event.body.split(/\n{2,}/).map((paragraph) => <p class="timeline__body">{paragraph}</p>) : null}
          {event.file_id ? (
            <p>
              Pièce : <a href={fileHref(event)}>{event.file_name}</a> ({fileSizeText(event.file_size ?? 0)}, empreinte
              SHA-256 <code>{event.file_sha256?.slice(0, 16)}…</code>)
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** A report: its summary and clocks, its history with the evidence, and the forms its reader may use. */
export function IncidentPage(props: {
  context: PageContext;
  incident: IncidentRow;
  reporterName: string;
  events: IncidentEventView[];
  now: Date;
  basePath: string;
  desk: boolean;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, incident, now, basePath, errors } = props;
  const path = `${basePath}/${incident.id}`;
  const open = incident.status !== 'clos';
  return (
    <Layout
      context={context}
      title={`Signalement ${incidentLabel(incident)}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Signalements de sécurité', path: basePath }]}
    >
      <h1>
        Signalement {incidentLabel(incident)} : {incident.title}
      </h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary errors={errors} />
      <dl class="summary-list">
        <dt>Administration</dt>
        <dd>{props.reporterName}</dd>
        <dt>Nature</dt>
        <dd>
          {KIND_LABELS[incident.kind]}
          {incident.identity_attack ? ', sur l’intégration d’identité' : ''}
        </dd>
        <dt>Statut</dt>
        <dd>{STATUS_LABELS[incident.status]}</dd>
        <dt>Détection</dt>
        <dd>{formatDateTime(incident.detected_at)}</dd>
        <dt>Signalement</dt>
        <dd>
          {formatDateTime(incident.reported_at)} par {incident.reported_by_label}
        </dd>
        {incident.severity ? (
          <>
            <dt>Gravité</dt>
            <dd>
              {SEVERITY_LABELS[incident.severity]} ;{' '}
              {incident.personal_data ? 'données personnelles touchées' : 'aucune donnée personnelle touchée'}
            </dd>
          </>
        ) : null}
        {(['alerte', 'cnil'] as const).map((clock) => (
          <>
            <dt>{CLOCK_LABELS[clock]}</dt>
            <dd>
              <ClockText incident={incident} clock={clock} now={now} />
            </dd>
          </>
        ))}
        {incident.cnil_reference ? (
          <>
            <dt>Référence CNIL</dt>
            <dd>{incident.cnil_reference}</dd>
          </>
        ) : null}
      </dl>

      {props.desk && open ? <DeskActions context={context} incident={incident} path={path} errors={errors} /> : null}

      <section aria-labelledby="historique">
        <h2 id="historique">Historique et pièces</h2>
        <History events={props.events} fileHref={(e) => href(context, `${path}/pieces/${e.id}`)} />
      </section>

      {open ? (
        <section aria-labelledby="ajout-piece">
          <h2 id="ajout-piece">Joindre une pièce</h2>
          <form
            method="post"
            action={href(context, `${path}/pieces`)}
            enctype="multipart/form-data"
            class="form"
            novalidate
          >
            <CsrfField token={context.csrfToken} />
            <FileField name="piece" label="Fichier" hint={FILE_HINT} error={errors.piece} />
            <TextField
              name="pieceNote"
              label="Ce que montre la pièce"
              required={false}
              maxLength={2000}
              error={errors.pieceNote}
            />
            <SubmitButton variant="secondary">Joindre la pièce</SubmitButton>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** The operators' steps of the workflow that apply to the report as it stands. */
function DeskActions({
  context,
  incident,
  path,
  errors,
}: {
  context: PageContext;
  incident: IncidentRow;
  path: string;
  errors: FieldErrors;
}) {
  return (
    <section aria-labelledby="suite">
      <h2 id="suite">Suite à donner</h2>
      {incident.identity_attack && !incident.alerted_at ? (
        <form method="post" action={href(context, `${path}/alerte`)} class="form" novalidate>
          <CsrfField token={context.csrfToken} />
          <h3>Alerte sous 8 heures</h3>
          <TextField
            name="alerteNote"
            label="Qui a été alerté, comment"
            hint="Par exemple : sécurité FranceConnect et CERT-FR, par courriel à 15:10."
            error={errors.alerteNote}
            maxLength={2000}
          />
          <SubmitButton>Enregistrer l’alerte</SubmitButton>
        </form>
      ) : null}
      {incident.status === 'signale' ? (
        <form method="post" action={href(context, `${path}/qualification`)} class="form" novalidate>
          <CsrfField token={context.csrfToken} />
          <h3>Qualification</h3>
          <ChoiceGroup
            kind="radio"
            name="personalData"
            label="Des données personnelles sont-elles touchées ?"
            error={errors.personalData}
            choices={[
              { value: 'oui', label: 'Oui : la CNIL sera notifiée dans les 72 heures' },
              { value: 'non', label: 'Non' },
            ]}
          />
          <Select
            name="severity"
            label="Gravité"
            error={errors.severity}
            choices={Object.entries(SEVERITY_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <TextField name="qualificationNote" label="Analyse" required={false} maxLength={2000} />
          <SubmitButton>Qualifier</SubmitButton>
        </form>
      ) : null}
      {incident.status === 'qualifie' && incident.personal_data ? (
        <form method="post" action={href(context, `${path}/cnil`)} class="form" novalidate>
          <CsrfField token={context.csrfToken} />
          <h3>Notification à la CNIL</h3>
          <TextField
            name="reference"
            label="Référence de la notification"
            hint="Le numéro donné par le téléservice de la CNIL."
            error={errors.reference}
            maxLength={100}
            width="medium"
          />
          <TextField name="cnilNote" label="Remarque" required={false} maxLength={2000} />
          <SubmitButton>Enregistrer la notification</SubmitButton>
        </form>
      ) : null}
      {incident.status === 'qualifie' || incident.status === 'notifie' ? (
        <form method="post" action={href(context, `${path}/cloture`)} class="form" novalidate>
          <CsrfField token={context.csrfToken} />
          <h3>Clôture</h3>
          <TextArea
            name="clotureNote"
            label="Ce qui a été fait"
            hint="Sans notification à la CNIL, dites pourquoi (le registre des violations garde cette justification)."
            error={errors.clotureNote}
            maxLength={2000}
            rows={4}
          />
          <SubmitButton variant="secondary">Clore le signalement</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
