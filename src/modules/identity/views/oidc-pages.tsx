import { Layout } from '../../../platform/views/layout.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';

/**
 * Pages oidc-provider renders itself (RP-initiated logout), in our layout. The form posts where the library says,
 * with the library's own anti-forgery token.
 */
export type LogoutForm = { action: string; xsrf: string };

export function LogoutConfirmPage({
  context,
  clientName,
  form,
}: {
  context: PageContext;
  clientName: string | null;
  form: LogoutForm;
}) {
  return (
    <Layout context={context} title="Se déconnecter">
      <div class="narrow">
        <h1>Se déconnecter</h1>
        <p>
          {clientName ? (
            <>
              Le service <strong>{clientName}</strong> demande à vous déconnecter de GrandLyon Connect.
            </>
          ) : (
            'Vous allez être déconnecté de GrandLyon Connect.'
          )}{' '}
          Les services où vous vous êtes connecté avec votre compte en seront informés.
        </p>
        <form id="op.logoutForm" method="post" action={form.action}>
          <input type="hidden" name="xsrf" value={form.xsrf} />
          <div class="button-row">
            <button type="submit" name="logout" value="yes" class="button button--primary">
              Me déconnecter
            </button>
            <button type="submit" class="button button--secondary">
              {clientName ? 'Me déconnecter de ce service seulement' : 'Rester connecté'}
            </button>
          </div>
        </form>
      </div>
    </Layout>
  );
}

export function LoggedOutPage({ context, clientName }: { context: PageContext; clientName: string | null }) {
  return (
    <Layout context={context} title="Vous êtes déconnecté">
      <div class="narrow">
        <h1>Vous êtes déconnecté</h1>
        <p>{clientName ? `Votre déconnexion de ${clientName} a réussi.` : 'Votre déconnexion a réussi.'}</p>
        <p>
          <a href="/">Retourner à l'accueil</a>
        </p>
      </div>
    </Layout>
  );
}
