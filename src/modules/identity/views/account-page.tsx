import { CsrfField, Notice, SubmitButton } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatDateTime } from '../../../platform/views/format.ts';

export type AccountPageProps = {
  context: PageContext;
  account: { displayName: string; email: string; lastLoginAt: Date | null };
  roles: Array<{ tenantName: string; role: string; href: string | null }>;
  otherSessions: number;
  notice?: string | undefined;
};

export function AccountPage({ context, account, roles, otherSessions, notice }: AccountPageProps) {
  return (
    <Layout context={context} title="Mon compte">
      <h1>Mon compte</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <dl class="summary-list">
        <div>
          <dt>Nom</dt>
          <dd>{account.displayName}</dd>
        </div>
        <div>
          <dt>Adresse électronique</dt>
          <dd>{account.email}</dd>
        </div>
        {account.lastLoginAt ? (
          <div>
            <dt>Dernière connexion</dt>
            <dd>{formatDateTime(account.lastLoginAt)}</dd>
          </div>
        ) : null}
      </dl>
      <h2>Mes rôles</h2>
      {roles.length ? (
        <table class="table">
          <caption class="visually-hidden">Rôles par collectivité</caption>
          <thead>
            <tr>
              <th scope="col">Collectivité</th>
              <th scope="col">Rôle</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr>
                <td>{r.href ? <a href={r.href}>{r.tenantName}</a> : r.tenantName}</td>
                <td>{r.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Vous utilisez Communs en tant qu'usager.</p>
      )}
      <h2>Sécurité</h2>
      <p>
        {otherSessions === 0
          ? "Votre compte n'est ouvert sur aucun autre appareil."
          : otherSessions === 1
            ? 'Votre compte est aussi ouvert sur un autre appareil.'
            : `Votre compte est aussi ouvert sur ${otherSessions} autres appareils.`}
      </p>
      {otherSessions > 0 ? (
        <form method="post" action={href(context, '/compte/autres-sessions')}>
          <CsrfField token={context.csrfToken} />
          <SubmitButton variant="secondary">Déconnecter les autres appareils</SubmitButton>
        </form>
      ) : null}
    </Layout>
  );
}
