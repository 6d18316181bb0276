import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime, formatNumber } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { timerMinutes, type WorkflowAction, type WorkflowDefinition } from '../../workflows/index.ts';
import { TableRegion } from './table-region.tsx';
import { GRU_CRUMBS, GruNav } from './gru-nav.tsx';

export type CircuitSummary = {
  id: string;
  key: string;
  version: number;
  label: string;
  platform: boolean;
  publishedAt: Date | null;
  requests: number;
  eservices: string[];
};

const OUTCOMES = {
  accepted: 'acceptée',
  rejected: 'refusée',
  closed: 'classée sans suite',
  cancelled: 'annulée',
} as const;
const ROLE = { agent: 'agents', admin: 'administrateurs' } as const;

export function actionText(a: WorkflowAction): string {
  switch (a.type) {
    case 'notifyCitizen':
      return `Prévenir l’usager : « ${a.template.subject} »`;
    case 'notifyAgents':
      return `Prévenir ${a.to === 'assignee' ? 'l’agent qui la traite' : a.to === 'all' ? 'les agents' : `les ${ROLE[a.role ?? 'agent']}`} : « ${a.template.subject} »`;
    case 'assign':
      return a.to === 'actor'
        ? 'Attribuer à l’agent qui agit'
        : a.to === 'nobody'
          ? 'Libérer'
          : a.to === 'role'
            ? `Confier aux ${ROLE[a.role ?? 'agent']}`
            : `Attribuer à ${a.email}`;
    case 'comment':
      return `${a.visibility === 'internal' ? 'Note interne' : 'Message à l’usager'}${a.text ? ` : « ${a.text} »` : ' (écrit par l’agent)'}`;
    case 'askCitizen':
      return 'Demander des informations à l’usager (délai suspendu)';
    case 'attachDocument':
      return `Joindre un document (${a.label}${a.required ? ', obligatoire' : ''}, ${a.visibleToCitizen ? 'visible de l’usager' : 'interne'})`;
    case 'webhook':
      return `Appel signé vers ${a.url}`;
  }
}

const duration = (minutes: number) => {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d} j` : '', h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
};

/** The workflows the tenant may use: versioned, each with what uses it; administrators publish new ones. */
export function CircuitsPage(props: {
  context: PageContext;
  circuits: CircuitSummary[];
  canPublish: boolean;
  webhookSecret: string | null;
  publish: { key: string; definition: string; errors: FieldErrors; problems: string[] };
  notice: string | null;
}) {
  const { context, circuits, publish } = props;
  return (
    <Layout
      context={context}
      title="Circuits de traitement"
      hasErrors={Object.keys(publish.errors).length > 0}
      breadcrumbs={GRU_CRUMBS}
    >
      <GruNav context={context} current="circuits" onPage />
      <h1>Circuits de traitement</h1>
      <p>
        Un circuit décrit les statuts d’une demande, les boutons qui la font avancer et ce qu’ils déclenchent. Chaque
        version publiée est figée : une demande suit jusqu’au bout la version sous laquelle elle a été déposée.
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary errors={publish.errors} labels={{ cle: 'Clé du circuit', definition: 'Définition' }} />
      <TableRegion label="Circuits disponibles">
        <table class="table">
          <caption>Circuits disponibles</caption>
          <thead>
            <tr>
              <th scope="col">Circuit</th>
              <th scope="col">Version</th>
              <th scope="col">Origine</th>
              <th scope="col">Démarches qui le suivent</th>
              <th scope="col" class="numeric">
                Demandes
              </th>
            </tr>
          </thead>
          <tbody>
            {circuits.map((c) => (
              <tr>
                <th scope="row">
                  <a href={href(context, `/gru/circuits/${c.id}`)}>{c.label}</a> <span class="muted">({c.key})</span>
                </th>
                <td>{c.version}</td>
                <td>
                  {c.platform ? 'Plateforme' : `Publiée le ${c.publishedAt ? formatDateTime(c.publishedAt) : '—'}`}
                </td>
                <td>{c.eservices.length ? c.eservices.join(', ') : '—'}</td>
                <td class="numeric">{formatNumber(c.requests)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {props.webhookSecret ? (
        <section aria-labelledby="secret">
          <h2 id="secret">Secret de signature des appels sortants</h2>
          <p>
            Chaque appel d’un circuit vers un logiciel partenaire porte l’en-tête{' '}
            <code>Communs-Signature: t=…,v1=…</code> : un HMAC-SHA256 de « t.corps » avec ce secret. Le partenaire le
            recalcule, refuse les horodatages anciens et écarte les appels déjà reçus (en-tête{' '}
            <code>Communs-Event-Id</code>).
          </p>
          <p>
            <code class="details">{props.webhookSecret}</code>
          </p>
        </section>
      ) : null}
      {props.canPublish ? (
        <section aria-labelledby="publier">
          <h2 id="publier">Publier une version</h2>
          <p>
            Collez la définition du circuit (JSON). Une clé déjà utilisée reçoit une nouvelle version ; les statuts
            inatteignables et les impasses sont refusés.
          </p>
          {publish.problems.length ? (
            <ul class="field__error">
              {publish.problems.map((p) => (
                <li>{p}</li>
              ))}
            </ul>
          ) : null}
          <form method="post" action={href(context, '/gru/circuits')} novalidate>
            <CsrfField token={context.csrfToken} />
            <TextField
              name="cle"
              label="Clé du circuit"
              hint="Lettres minuscules, chiffres et tirets, par exemple etat-civil."
              value={publish.key}
              error={publish.errors.cle}
              width="medium"
              maxLength={60}
            />
            <TextArea
              name="definition"
              label="Définition (JSON)"
              value={publish.definition}
              error={publish.errors.definition}
              rows={14}
              maxLength={100_000}
            />
            <button type="submit" class="button button--primary">
              Publier
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** One workflow version, readable: statuses with what entering them does, buttons, timed jumps, transitions. */
export function CircuitPage(props: {
  context: PageContext;
  circuit: CircuitSummary;
  definition: WorkflowDefinition;
  eservices: Array<{ value: string; label: string }>;
  canApply: boolean;
  json: string;
}) {
  const { context, circuit, definition } = props;
  const label = (key: string) => definition.statuses.find((s) => s.key === key)?.label ?? key;
  return (
    <Layout
      context={context}
      title={`Circuit ${circuit.label}, version ${circuit.version}`}
      breadcrumbs={[...GRU_CRUMBS, { label: 'Circuits', path: '/gru/circuits' }]}
    >
      <GruNav context={context} current="circuits" onPage={false} />
      <h1>
        {circuit.label} <span class="muted">(version {circuit.version})</span>
      </h1>
      <p>Statut initial : {label(definition.initial)}.</p>
      <h2>Statuts</h2>
      <TableRegion label="Statuts du circuit">
        <table class="table">
          <caption>Statuts du circuit</caption>
          <thead>
            <tr>
              <th scope="col">Statut</th>
              <th scope="col">Ce que voit l’usager</th>
              <th scope="col">Nature</th>
              <th scope="col">À l’entrée</th>
              <th scope="col">Boutons et délais</th>
            </tr>
          </thead>
          <tbody>
            {definition.statuses.map((s) => (
              <tr>
                <th scope="row">
                  {s.label} <span class="muted">({s.key})</span>
                </th>
                <td>{s.visibleToCitizen ? s.citizenLabel : <em>rien (statut interne)</em>}</td>
                <td>
                  {s.final
                    ? `Final${s.outcome ? ` : ${OUTCOMES[s.outcome]}` : ''}`
                    : s.waitingForCitizen
                      ? `Attend l’usager (délai suspendu), reprend vers « ${label(s.waitingForCitizen.resumeTo)} »`
                      : 'En cours'}
                </td>
                <td>
                  <ul>
                    {s.notify ? <li>Notification standard à l’usager</li> : null}
                    {s.onEnter.map((a) => (
                      <li>{actionText(a)}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <ul>
                    {s.buttons.map((b) => (
                      <li>
                        Bouton « {b.label} » : {b.actions.map(actionText).join(' ; ')}
                      </li>
                    ))}
                    {s.timers.map((t) => (
                      <li>
                        Après {duration(timerMinutes(t))} sans changement : « {label(t.to)} » ({t.label})
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <h2>Transitions</h2>
      <TableRegion label="Transitions du circuit">
        <table class="table">
          <caption>Transitions du circuit</caption>
          <thead>
            <tr>
              <th scope="col">Bouton</th>
              <th scope="col">De</th>
              <th scope="col">Vers</th>
              <th scope="col">Pour</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {definition.transitions.map((t) => (
              <tr>
                <th scope="row">
                  {t.label}
                  {t.bulk ? <span class="gru-badge">en lot</span> : null}
                </th>
                <td>{label(t.from)}</td>
                <td>{label(t.to)}</td>
                <td>{t.roles.map((r) => ROLE[r]).join(', ')}</td>
                <td>{t.actions.length ? t.actions.map(actionText).join(' ; ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {props.canApply && props.eservices.length ? (
        <section aria-labelledby="appliquer">
          <h2 id="appliquer">Faire suivre ce circuit à une démarche</h2>
          <p>Les nouvelles demandes suivront cette version ; les demandes déjà déposées gardent la leur.</p>
          <form method="post" action={href(context, `/gru/circuits/${circuit.id}/appliquer`)}>
            <CsrfField token={context.csrfToken} />
            <Select name="demarche" label="Démarche" choices={props.eservices} />
            <button type="submit" class="button button--primary">
              Appliquer
            </button>
          </form>
        </section>
      ) : null}
      <details>
        <summary>Définition (JSON)</summary>
        <pre class="mail-text">{props.json}</pre>
      </details>
    </Layout>
  );
}
