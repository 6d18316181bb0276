import { CsrfField, Notice } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import {
  OUTCOMES,
  ROLES,
  TEMPLATE_PLACEHOLDERS,
  type WorkflowAction,
  type WorkflowDefinition,
  type WorkflowProblem,
  type WorkflowStatus,
} from '../../workflows/index.ts';
import { ACTION_LABELS, ACTION_TYPES } from '../workflow-editing.ts';
import { Area, Findings, Input, Pick, Tick } from './studio-controls.tsx';
import { WorkflowDiagram, WorkflowInWords } from './workflow-diagram.tsx';

export type WorkflowPageProps = {
  context: PageContext;
  id: string;
  serviceTitle: string;
  workflow: WorkflowDefinition;
  problems: WorkflowProblem[];
  notice: string | null;
  /** A refused operation: its message, shown next to the element it was about. */
  refusal: { anchor: string; message: string } | null;
};

const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  accepted: 'Acceptée',
  rejected: 'Refusée',
  closed: 'Close sans suite',
  cancelled: 'Annulée',
};
const ROLE_LABELS: Record<(typeof ROLES)[number], string> = { agent: 'Agents', admin: 'Administrateurs' };

/** The role an action sends to or assigns to (notify the holders of a role, put the request in a role's queue). */
function RolePick(props: { id: string; value: string | undefined }) {
  return (
    <Pick
      id={props.id}
      name="role"
      label="Rôle"
      value={props.value ?? ''}
      choices={[{ value: '', label: '—' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
    />
  );
}

function Refusal({ anchor, refusal }: { anchor: string; refusal: WorkflowPageProps['refusal'] }) {
  return refusal?.anchor === anchor ? (
    <p class="field__error" role="alert">
      <span class="visually-hidden">Erreur : </span>
      {refusal.message}
    </p>
  ) : null;
}

/** A one-button form that removes an element of the circuit (keyboard and no script, like every form here). */
function RemoveForm(props: {
  post: string;
  csrf: string;
  values: Record<string, string | number>;
  label: string;
  /** Said to screen readers after the label: which element goes. */
  what: string;
}) {
  return (
    <form method="post" action={props.post} class="inline-form">
      <CsrfField token={props.csrf} />
      <Hidden values={props.values} />
      <button type="submit" class="button button--link">
        {props.label}
        <span class="visually-hidden"> {props.what}</span>
      </button>
    </form>
  );
}

function Hidden({ values }: { values: Record<string, string | number> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) => (
        <input type="hidden" name={name} value={String(value)} />
      ))}
    </>
  );
}

function ActionEditor(props: { action: WorkflowAction; owner: string; index: number; action_: string; csrf: string }) {
  const { action, owner, index } = props;
  const id = `${owner.replaceAll(':', '-')}-a${index}`;
  const to = 'to' in action ? action.to : undefined;
  return (
    <li class="studio-action">
      <form method="post" action={props.action_}>
        <CsrfField token={props.csrf} />
        <Hidden values={{ operation: 'action', porteur: owner, index }} />
        <p>
          <strong>{ACTION_LABELS[action.type]}</strong>
        </p>
        {action.type === 'notifyCitizen' || action.type === 'notifyAgents' ? (
          <>
            {action.type === 'notifyAgents' ? (
              <>
                <Pick
                  id={`${id}-dest`}
                  name="destinataires"
                  label="Destinataires"
                  value={to}
                  choices={[
                    { value: 'assignee', label: 'L’agent qui suit la demande' },
                    { value: 'all', label: 'Tous les agents' },
                    { value: 'role', label: 'Les titulaires d’un rôle' },
                  ]}
                />
                <RolePick id={`${id}-role`} value={action.role} />
              </>
            ) : null}
            <Input id={`${id}-sujet`} name="sujet" label="Objet du message" value={action.template.subject} />
            <Area id={`${id}-corps`} name="corps" label="Texte du message" value={action.template.body} rows={5} />
          </>
        ) : null}
        {action.type === 'assign' ? (
          <>
            <Pick
              id={`${id}-dest`}
              name="destinataires"
              label="Attribuer à"
              value={to}
              choices={[
                { value: 'actor', label: 'L’agent qui agit' },
                { value: 'role', label: 'La file d’un rôle' },
                { value: 'agent', label: 'Un agent nommé' },
                { value: 'nobody', label: 'Personne' },
              ]}
            />
            <RolePick id={`${id}-role`} value={action.role} />
            <Input
              id={`${id}-courriel`}
              name="courriel"
              type="email"
              label="Adresse de l’agent nommé"
              value={action.email}
            />
          </>
        ) : null}
        {action.type === 'comment' ? (
          <>
            <Pick
              id={`${id}-vis`}
              name="visibilite"
              label="Visible par"
              value={action.visibility}
              choices={[
                { value: 'internal', label: 'Les agents seulement (note interne)' },
                { value: 'citizen', label: 'L’usager aussi' },
              ]}
            />
            <Input id={`${id}-libelle`} name="libelle" label="Libellé de la saisie" value={action.label} />
            <Area
              id={`${id}-texte`}
              name="texte"
              label="Texte fixe (vide : l’agent l’écrit)"
              value={action.text ?? ''}
              rows={3}
            />
          </>
        ) : null}
        {action.type === 'askCitizen' ? (
          <Area
            id={`${id}-texte`}
            name="texte"
            label="Question fixe (vide : l’agent l’écrit)"
            value={action.text ?? ''}
            rows={3}
          />
        ) : null}
        {action.type === 'attachDocument' ? (
          <>
            <Input id={`${id}-libelle`} name="libelle" label="Nom du document" value={action.label} />
            <Tick id={`${id}-obl`} name="obligatoire" label="Document obligatoire" checked={action.required} />
            <Tick id={`${id}-vis`} name="visible_usager" label="Montré à l’usager" checked={action.visibleToCitizen} />
          </>
        ) : null}
        {action.type === 'webhook' ? (
          <>
            <Input id={`${id}-url`} name="url" type="url" label="Adresse appelée (https://…)" value={action.url} />
            <Input
              id={`${id}-evt`}
              name="evenement"
              label="Nom de l’événement envoyé (facultatif)"
              value={action.event}
            />
          </>
        ) : null}
        <button type="submit" class="button button--secondary">
          Enregistrer l’action<span class="visually-hidden"> {ACTION_LABELS[action.type]}</span>
        </button>
      </form>
      <RemoveForm
        post={props.action_}
        csrf={props.csrf}
        values={{ operation: 'supprimer-action', porteur: owner, index }}
        label="Retirer l’action"
        what={ACTION_LABELS[action.type]}
      />
    </li>
  );
}

function Actions(props: {
  actions: WorkflowAction[];
  owner: string;
  post: string;
  csrf: string;
  title: string;
  /** A button's actions sit one heading level below the button's own heading. */
  heading?: 'h4' | 'h6';
}) {
  const id = props.owner.replaceAll(':', '-');
  const Heading = props.heading ?? 'h4';
  return (
    <div class="studio-actions">
      <Heading>{props.title}</Heading>
      {props.actions.length ? (
        <ol>
          {props.actions.map((action, index) => (
            <ActionEditor action={action} owner={props.owner} index={index} action_={props.post} csrf={props.csrf} />
          ))}
        </ol>
      ) : (
        <p class="muted">Aucune action.</p>
      )}
      <form method="post" action={props.post} class="inline-controls">
        <CsrfField token={props.csrf} />
        <Hidden values={{ operation: 'ajouter-action', porteur: props.owner }} />
        <Pick
          id={`${id}-nouvelle-action`}
          name="type"
          label="Ajouter une action"
          value="notifyCitizen"
          choices={ACTION_TYPES.map((t) => ({ value: t, label: ACTION_LABELS[t] }))}
        />
        <button type="submit" class="button button--secondary">
          Ajouter l’action
        </button>
      </form>
    </div>
  );
}

function RoleTicks(props: { id: string; roles: readonly string[] }) {
  return (
    <fieldset class="fieldset">
      <legend class="field__label">Qui peut appuyer</legend>
      {ROLES.map((role) => (
        <Tick
          id={`${props.id}-role-${role}`}
          name="roles"
          value={role}
          label={ROLE_LABELS[role]}
          checked={props.roles.includes(role)}
        />
      ))}
    </fieldset>
  );
}

/**
 * A status's buttons: actions agents run without changing the status (remind the citizen, attach a document). Each
 * button is its own form (key, words, who may press it), its actions edited like a transition's.
 */
function Buttons(props: {
  status: WorkflowStatus;
  index: number;
  post: string;
  csrf: string;
  problems: WorkflowProblem[];
  refusal: WorkflowPageProps['refusal'];
}) {
  const { status, index: i, post, csrf, refusal } = props;
  const findings = (j: number) =>
    props.problems
      .filter((p) => p.path[0] === 'statuses' && p.path[1] === i && p.path[2] === 'buttons' && p.path[3] === j)
      .map((p) => p.message);
  return (
    <div class="studio-buttons" id={`statut-${i}-boutons`}>
      <h4>Boutons sans changement de statut</h4>
      <Refusal anchor={`statut-${i}-boutons`} refusal={refusal} />
      {status.buttons.length ? null : <p class="muted">Aucun bouton.</p>}
      {status.buttons.map((button, j) => (
        <section
          id={`bouton-${i}-${j}`}
          class="studio-element studio-element--nested"
          aria-labelledby={`bouton-${i}-${j}-titre`}
        >
          <h5 id={`bouton-${i}-${j}-titre`}>
            Bouton « {button.label} » <span class="caption">({button.key})</span>
          </h5>
          <Findings id={`bouton-${i}-${j}-constats`} messages={findings(j)} />
          <Refusal anchor={`bouton-${i}-${j}`} refusal={refusal} />
          <form method="post" action={post}>
            <CsrfField token={csrf} />
            <Hidden values={{ operation: 'bouton', index: i, bouton: j }} />
            <Input id={`s${i}-b${j}-cle`} name="cle" label="Clé" value={button.key} width="medium" />
            <Input id={`s${i}-b${j}-libelle`} name="libelle" label="Texte du bouton" value={button.label} />
            <RoleTicks id={`s${i}-b${j}`} roles={button.roles} />
            <button type="submit" class="button button--secondary">
              Enregistrer le bouton<span class="visually-hidden"> {button.label}</span>
            </button>
          </form>
          <RemoveForm
            post={post}
            csrf={csrf}
            values={{ operation: 'supprimer-bouton', index: i, bouton: j }}
            label="Supprimer le bouton"
            what={button.label}
          />
          <Actions
            actions={button.actions}
            owner={`bouton:${i}:${j}`}
            post={post}
            csrf={csrf}
            title={`Actions du bouton « ${button.label} »`}
            heading="h6"
          />
        </section>
      ))}
      <form method="post" action={post} id={`statut-${i}-nouveau-bouton`} class="studio-timer">
        <CsrfField token={csrf} />
        <Hidden values={{ operation: 'ajouter-bouton', index: i }} />
        <fieldset class="fieldset">
          <legend class="field__label">Ajouter un bouton au statut « {status.label} »</legend>
          <Refusal anchor={`statut-${i}-nouveau-bouton`} refusal={refusal} />
          <Input
            id={`s${i}-nb-cle`}
            name="cle"
            label="Clé"
            hint="Minuscules, chiffres et tirets (« relancer »)."
            value=""
            width="medium"
          />
          <Input id={`s${i}-nb-libelle`} name="libelle" label="Texte du bouton" value="" />
          <Pick
            id={`s${i}-nb-type`}
            name="type"
            label="Sa première action"
            value="notifyCitizen"
            choices={ACTION_TYPES.map((t) => ({ value: t, label: ACTION_LABELS[t] }))}
          />
        </fieldset>
        <button type="submit" class="button button--secondary">
          Ajouter le bouton<span class="visually-hidden"> au statut {status.label}</span>
        </button>
      </form>
    </div>
  );
}

/** The workflow builder: one form per element, the validator's findings beside each, the diagram next to it. */
export function WorkflowPage(props: WorkflowPageProps) {
  const { context, workflow, problems, refusal } = props;
  const post = href(context, `/admin/studio/${props.id}/circuit`);
  const csrf = context.csrfToken;
  // A button's findings are shown in the button's own section, not the status's.
  const at = (kind: 'statuses' | 'transitions', i: number) =>
    problems.filter((p) => p.path[0] === kind && p.path[1] === i && p.path[2] !== 'buttons').map((p) => p.message);
  const general = problems.filter((p) => typeof p.path[1] !== 'number').map((p) => p.message);
  const statusChoices = workflow.statuses.map((s) => ({ value: s.key, label: s.label }));
  return (
    <Layout
      context={context}
      title={`Circuit : ${props.serviceTitle}`}
      hasErrors={refusal !== null}
      breadcrumbs={[
        { label: 'Administration', path: '/admin' },
        { label: 'Studio', path: '/admin/studio' },
        { label: props.serviceTitle, path: `/admin/studio/${props.id}` },
      ]}
    >
      <h1>Circuit de « {props.serviceTitle} »</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {refusal ? (
        <div class="error-summary" role="alert" aria-labelledby="refus-titre" tabIndex={-1}>
          <h2 id="refus-titre" class="error-summary__title">
            Modification refusée
          </h2>
          <ul class="error-summary__list">
            <li>
              <a href={`#${refusal.anchor}`}>{refusal.message}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <p>
        {problems.length
          ? `Le validateur signale ${problems.length} point${problems.length > 1 ? 's' : ''} à corriger, chacun à côté de l’élément concerné.`
          : 'Le validateur ne signale rien : ce circuit peut être publié.'}
      </p>
      <div class="studio-workflow">
        <div class="studio-workflow__editor">
          <section id="circuit" aria-labelledby="circuit-titre">
            <h2 id="circuit-titre">Le circuit</h2>
            <Findings id="constats-circuit" messages={general} />
            <Refusal anchor="circuit" refusal={refusal} />
            <form method="post" action={post}>
              <CsrfField token={csrf} />
              <Hidden values={{ operation: 'circuit' }} />
              <Input id="circuit-nom" name="nom" label="Nom du circuit" value={workflow.label} />
              <Pick
                id="circuit-initial"
                name="initial"
                label="Statut initial"
                value={workflow.initial}
                choices={statusChoices}
              />
              <button type="submit" class="button button--secondary">
                Enregistrer le circuit
              </button>
            </form>
          </section>

          <h2>Statuts</h2>
          {workflow.statuses.map((status, i) => (
            <section id={`statut-${i}`} class="studio-element" aria-labelledby={`statut-${i}-titre`}>
              <h3 id={`statut-${i}-titre`}>
                {status.label} <span class="caption">({status.key})</span>
              </h3>
              <Findings id={`statut-${i}-constats`} messages={at('statuses', i)} />
              <Refusal anchor={`statut-${i}`} refusal={refusal} />
              <form method="post" action={post}>
                <CsrfField token={csrf} />
                <Hidden values={{ operation: 'statut', index: i }} />
                <Input id={`s${i}-nom`} name="nom" label="Nom pour les agents" value={status.label} />
                <Input
                  id={`s${i}-usager`}
                  name="libelle_usager"
                  label="Libellé pour l’usager"
                  value={status.citizenLabel}
                />
                <Tick
                  id={`s${i}-visible`}
                  name="visible"
                  label="Visible par l’usager"
                  checked={status.visibleToCitizen}
                />
                <Tick
                  id={`s${i}-notifier`}
                  name="notifier"
                  label="Prévenir l’usager à l’arrivée dans ce statut"
                  checked={status.notify}
                />
                <Tick
                  id={`s${i}-final`}
                  name="final"
                  label="Statut final (la demande est terminée)"
                  checked={status.final}
                />
                <Pick
                  id={`s${i}-issue`}
                  name="issue"
                  label="Issue (statut final)"
                  value={status.outcome ?? ''}
                  choices={[
                    { value: '', label: '—' },
                    ...OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
                  ]}
                />
                <Pick
                  id={`s${i}-reprise`}
                  name="reprise"
                  label="En attente de l’usager : sa réponse mène à"
                  value={status.waitingForCitizen?.resumeTo ?? ''}
                  choices={[{ value: '', label: 'Pas d’attente' }, ...statusChoices]}
                />
                <button type="submit" class="button button--secondary">
                  Enregistrer le statut<span class="visually-hidden"> {status.label}</span>
                </button>
              </form>
              <RemoveForm
                post={post}
                csrf={csrf}
                values={{ operation: 'supprimer-statut', index: i }}
                label="Supprimer le statut"
                what={status.label}
              />
              <Actions
                actions={status.onEnter}
                owner={`statut:${i}`}
                post={post}
                csrf={csrf}
                title="Actions à l’entrée dans ce statut"
              />
              <Buttons status={status} index={i} post={post} csrf={csrf} problems={problems} refusal={refusal} />
              <h4>Délais</h4>
              {status.timers.length ? (
                <ul>
                  {status.timers.map((timer, j) => (
                    <li>
                      « {timer.label} » : après {timer.after.days} j {timer.after.hours} h {timer.after.minutes} min
                      sans changement, vers « {workflow.statuses.find((s) => s.key === timer.to)?.label ?? timer.to} ».{' '}
                      <RemoveForm
                        post={post}
                        csrf={csrf}
                        values={{ operation: 'supprimer-delai', index: i, delai: j }}
                        label="Retirer"
                        what={`le délai ${timer.label}`}
                      />
                    </li>
                  ))}
                </ul>
              ) : null}
              <form method="post" action={post} class="studio-timer">
                <CsrfField token={csrf} />
                <Hidden values={{ operation: 'ajouter-delai', index: i }} />
                <fieldset class="fieldset">
                  <legend class="field__label">Ajouter un délai (saut automatique)</legend>
                  <Input id={`s${i}-d-libelle`} name="libelle" label="Nom du délai" value="" />
                  <Input id={`s${i}-d-jours`} name="jours" label="Jours" value="" width="short" />
                  <Input id={`s${i}-d-heures`} name="heures" label="Heures" value="" width="short" />
                  <Input id={`s${i}-d-minutes`} name="minutes" label="Minutes" value="" width="short" />
                  <Pick
                    id={`s${i}-d-vers`}
                    name="vers"
                    label="Puis aller au statut"
                    value={undefined}
                    choices={statusChoices}
                  />
                </fieldset>
                <button type="submit" class="button button--secondary">
                  Ajouter le délai<span class="visually-hidden"> au statut {status.label}</span>
                </button>
              </form>
            </section>
          ))}
          <section id="nouveau-statut" aria-labelledby="nouveau-statut-titre">
            <h3 id="nouveau-statut-titre">Ajouter un statut</h3>
            <Refusal anchor="nouveau-statut" refusal={refusal} />
            <form method="post" action={post}>
              <CsrfField token={csrf} />
              <Hidden values={{ operation: 'ajouter-statut' }} />
              <Input
                id="ns-cle"
                name="cle"
                label="Clé"
                hint="Minuscules, chiffres et tirets (« a-completer »)."
                value=""
                width="medium"
              />
              <Input id="ns-nom" name="nom" label="Nom" value="" />
              <button type="submit" class="button button--secondary">
                Ajouter le statut
              </button>
            </form>
          </section>

          <h2>Transitions (boutons des agents)</h2>
          {workflow.transitions.map((t, i) => (
            <section id={`transition-${i}`} class="studio-element" aria-labelledby={`transition-${i}-titre`}>
              <h3 id={`transition-${i}-titre`}>« {t.label} »</h3>
              <Findings id={`transition-${i}-constats`} messages={at('transitions', i)} />
              <Refusal anchor={`transition-${i}`} refusal={refusal} />
              <form method="post" action={post}>
                <CsrfField token={csrf} />
                <Hidden values={{ operation: 'transition', index: i }} />
                <Pick id={`t${i}-de`} name="de" label="Depuis le statut" value={t.from} choices={statusChoices} />
                <Pick id={`t${i}-vers`} name="vers" label="Vers le statut" value={t.to} choices={statusChoices} />
                <Input id={`t${i}-libelle`} name="libelle" label="Texte du bouton" value={t.label} />
                <RoleTicks id={`t${i}`} roles={t.roles} />
                <Tick
                  id={`t${i}-selection`}
                  name="selection"
                  label="Proposé sur une sélection de demandes"
                  checked={t.bulk}
                />
                <button type="submit" class="button button--secondary">
                  Enregistrer la transition<span class="visually-hidden"> {t.label}</span>
                </button>
              </form>
              <RemoveForm
                post={post}
                csrf={csrf}
                values={{ operation: 'supprimer-transition', index: i }}
                label="Supprimer la transition"
                what={t.label}
              />
              <Actions
                actions={t.actions}
                owner={`transition:${i}`}
                post={post}
                csrf={csrf}
                title="Actions quand on appuie"
              />
            </section>
          ))}
          <section id="nouvelle-transition" aria-labelledby="nouvelle-transition-titre">
            <h3 id="nouvelle-transition-titre">Ajouter une transition</h3>
            <Refusal anchor="nouvelle-transition" refusal={refusal} />
            <form method="post" action={post}>
              <CsrfField token={csrf} />
              <Hidden values={{ operation: 'ajouter-transition' }} />
              <Pick id="nt-de" name="de" label="Depuis le statut" value={undefined} choices={statusChoices} />
              <Pick id="nt-vers" name="vers" label="Vers le statut" value={undefined} choices={statusChoices} />
              <Input id="nt-libelle" name="libelle" label="Texte du bouton" value="" />
              <button type="submit" class="button button--secondary">
                Ajouter la transition
              </button>
            </form>
          </section>
          <h2>Variables des modèles de message</h2>
          <p>
            Dans l’objet et le texte d’un message, ces mots entre accolades sont remplacés à l’envoi :{' '}
            {TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.
          </p>
          <p>
            Le circuit s’exporte avec le service :{' '}
            <a href={href(context, `/admin/studio/${props.id}/export`)}>fichier JSON</a> (il s’importe depuis la page du
            studio).
          </p>
        </div>
        <aside class="studio-workflow__diagram" aria-labelledby="schema-titre-aside" tabIndex={0}>
          <h2 id="schema-titre-aside">Schéma</h2>
          <WorkflowDiagram workflow={workflow} describedBy="circuit-en-mots" />
          <h3>Le circuit en mots</h3>
          <WorkflowInWords workflow={workflow} id="circuit-en-mots" />
        </aside>
      </div>
    </Layout>
  );
}
