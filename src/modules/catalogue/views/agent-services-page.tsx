import { ChoiceGroup, CsrfField, Notice, SubmitButton } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { AgentServices } from '../load-agent-services.ts';

export type AgentServicesPageProps = {
  context: PageContext;
  communeName: string;
  view: AgentServices;
  /** The administrator's own line: nobody changes their own access. */
  isSelf: boolean;
  notice: string | null;
};

const teamText = (team: AgentServices['services'][number]['team']) =>
  team.length === 0
    ? 'Sans équipe : tous les agents de la commune la traitent.'
    : `Équipe : ${team.map((m) => m.displayName).join(', ')}.`;

/** The services one agent handles (per-service teams), as checkboxes: one form, no script. */
export function AgentServicesPage(props: AgentServicesPageProps) {
  const { context, view } = props;
  const { agent } = view;
  return (
    <Layout
      context={context}
      title={`Démarches traitées par ${agent.displayName}`}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
        { label: 'Agents et rôles', path: '/admin/agents' },
      ]}
    >
      <h1>Démarches traitées par {agent.displayName}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>
        Une démarche sans équipe est traitée par tous les agents de {props.communeName}. Dès qu’une démarche a une
        équipe, seuls ses membres et les administrateurs voient ses demandes et reçoivent les courriels de ses nouvelles
        demandes.
      </p>
      {agent.isAdmin ? (
        <p>
          {agent.displayName} est administrateur : il voit les demandes de toutes les démarches, qu’il fasse partie de
          leur équipe ou non.
        </p>
      ) : null}
      {view.services.length === 0 ? (
        <p>La commune n’a encore aucune démarche.</p>
      ) : props.isSelf ? (
        <>
          <p>Vous ne pouvez pas changer vos propres accès : demandez-le à un autre administrateur.</p>
          <ul>
            {view.services.map((s) => (
              <li key={s.id}>
                {s.title} — {teamText(s.team)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <form method="post" action={href(context, `/admin/agents/${agent.userId}/demarches`)}>
          <CsrfField token={context.csrfToken} />
          <ChoiceGroup
            kind="checkbox"
            name="demarches"
            label={`Équipes dont ${agent.displayName} fait partie`}
            hint="Cochez les démarches dont cette personne traite les demandes."
            required={false}
            choices={view.services.map((s) => ({ value: s.id, label: s.title, hint: teamText(s.team) }))}
            value={view.services.filter((s) => s.member).map((s) => s.id)}
          />
          <SubmitButton>Enregistrer les démarches</SubmitButton>
        </form>
      )}
      <p>
        <a href={href(context, '/admin/agents')}>Retour aux agents et rôles</a>
      </p>
    </Layout>
  );
}
