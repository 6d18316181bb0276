import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { AgentRole } from '../tenants.tables.ts';

export type AgentRow = {
  userId: string;
  displayName: string;
  email: string;
  role: AgentRole;
  lastLoginAt: Date | null;
  isSelf: boolean;
};
export type SuspendedRow = { userId: string; displayName: string; email: string; roles: string; since: Date };
export type InvitationRow = { id: string; displayName: string; email: string; role: string; expiresAt: Date };

export type AgentsPageProps = {
  context: PageContext;
  communeName: string;
  managedByOperators: boolean;
  agents: AgentRow[];
  suspended: SuspendedRow[];
  invitations: InvitationRow[];
  invite: { values: { displayName: string; email: string; role: string }; errors: FieldErrors };
  notice: string | null;
};

const ROLE_CHOICES = [
  { value: 'agent', label: 'Agent', hint: 'Traite les demandes dans le back-office.' },
  {
    value: 'admin',
    label: 'Administrateur',
    hint: 'Traite les demandes, gère les agents et les démarches de la commune.',
  },
];

/** Who works in a commune's back-office, and the forms to invite, change a role, suspend, reinstate or remove. */
export function AgentsPage(props: AgentsPageProps) {
  const { context, agents, suspended, invitations, invite } = props;
  const action = (path: string) => href(context, path);
  return (
    <Layout
      context={context}
      title="Agents et rôles"
      hasErrors={Object.keys(invite.errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>Agents et rôles de {props.communeName}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.managedByOperators ? (
        <p>Avec l'offre Abonné, les opérateurs de la Métropole gèrent les accès des agents de la commune.</p>
      ) : null}
      <h2>Agents en activité</h2>
      {agents.length === 0 ? (
        <p>Aucun agent pour l'instant.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Agents en activité, leur rôle et les actions possibles</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Dernière connexion</th>
                <th scope="col">Rôle</th>
                <th scope="col">Accès</th>
                <th scope="col">Démarches</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.userId}>
                  <th scope="row">{a.displayName}</th>
                  <td>{a.email}</td>
                  <td>{a.lastLoginAt ? formatDateTime(a.lastLoginAt) : 'Jamais'}</td>
                  <td>
                    {a.isSelf ? (
                      `${a.role === 'admin' ? 'Administrateur' : 'Agent'} (vous)`
                    ) : (
                      <form method="post" action={action(`/admin/agents/${a.userId}/role`)} class="inline-form">
                        <CsrfField token={context.csrfToken} />
                        <label class="visually-hidden" for={`role-${a.userId}`}>
                          Rôle de {a.displayName}
                        </label>
                        <select id={`role-${a.userId}`} name="role" class="input input--short">
                          {ROLE_CHOICES.map((c) => (
                            <option value={c.value} selected={c.value === a.role}>
                              {c.label}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="submit" class="button button--secondary">
                          Changer le rôle<span class="visually-hidden"> de {a.displayName}</span>
                        </button>
                      </form>
                    )}
                  </td>
                  <td>
                    {a.isSelf ? null : (
                      <>
                        <form method="post" action={action(`/admin/agents/${a.userId}/suspension`)} class="inline-form">
                          <CsrfField token={context.csrfToken} />
                          <button type="submit" class="button button--secondary">
                            Suspendre<span class="visually-hidden"> {a.displayName}</span>
                          </button>
                        </form>{' '}
                        <form method="post" action={action(`/admin/agents/${a.userId}/retrait`)} class="inline-form">
                          <CsrfField token={context.csrfToken} />
                          <button type="submit" class="button button--danger">
                            Retirer<span class="visually-hidden"> {a.displayName}</span>
                          </button>
                        </form>
                      </>
                    )}
                  </td>
                  <td>
                    {/* Per-service teams are the catalogue's (it owns the services): its page, under this one's path. */}
                    <a href={action(`/admin/agents/${a.userId}/demarches`)}>
                      Démarches traitées<span class="visually-hidden"> par {a.displayName}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {suspended.length ? (
        <>
          <h2>Agents suspendus</h2>
          <div class="table-wrapper">
            <table class="table">
              <caption class="visually-hidden">Agents suspendus et les rôles qu'ils retrouveront</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Adresse électronique</th>
                  <th scope="col">Rôle à rétablir</th>
                  <th scope="col">Suspendu le</th>
                  <th scope="col">Accès</th>
                </tr>
              </thead>
              <tbody>
                {suspended.map((s) => (
                  <tr key={s.userId}>
                    <th scope="row">{s.displayName}</th>
                    <td>{s.email}</td>
                    <td>{s.roles}</td>
                    <td>{formatDateTime(s.since)}</td>
                    <td>
                      <form
                        method="post"
                        action={action(`/admin/agents/${s.userId}/retablissement`)}
                        class="inline-form"
                      >
                        <CsrfField token={context.csrfToken} />
                        <button type="submit" class="button button--secondary">
                          Rétablir<span class="visually-hidden"> {s.displayName}</span>
                        </button>
                      </form>{' '}
                      <form method="post" action={action(`/admin/agents/${s.userId}/retrait`)} class="inline-form">
                        <CsrfField token={context.csrfToken} />
                        <button type="submit" class="button button--danger">
                          Retirer<span class="visually-hidden"> {s.displayName}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {invitations.length ? (
        <>
          <h2>Invitations en attente</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {i.displayName} ({i.email}), {i.role}, valable jusqu'au {formatDateTime(i.expiresAt)}{' '}
                <form method="post" action={action(`/admin/agents/invitations/${i.id}/annulation`)} class="inline-form">
                  <CsrfField token={context.csrfToken} />
                  <button type="submit" class="button button--link">
                    Annuler l'invitation<span class="visually-hidden"> de {i.email}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="inviter">Inviter un agent</h2>
      <p>
        La personne reçoit un lien à usage unique, valable 7 jours : elle y choisit un mot de passe ou se connecte avec
        ProConnect.
      </p>
      <ErrorSummary errors={invite.errors} />
      <form method="post" action={action('/admin/agents/invitations')} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="displayName"
          label="Prénom et nom"
          value={invite.values.displayName}
          error={invite.errors.displayName}
          autocomplete="off"
          maxLength={200}
        />
        <TextField
          name="email"
          type="email"
          label="Adresse électronique professionnelle"
          value={invite.values.email}
          error={invite.errors.email}
          autocomplete="off"
          spellcheck={false}
        />
        <ChoiceGroup
          kind="radio"
          name="role"
          label="Rôle"
          choices={ROLE_CHOICES}
          value={invite.values.role}
          error={invite.errors.role}
        />
        <SubmitButton>Envoyer l'invitation</SubmitButton>
      </form>
    </Layout>
  );
}
