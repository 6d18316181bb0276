import { CsrfField, ErrorSummary, type FieldErrors, SubmitButton, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { PASSWORD_RULES_HINT, ProConnectButton } from '../../identity/index.ts';

export type InvitationPageProps = {
  context: PageContext;
  communeName: string;
  invitation: { email: string; displayName: string; role: string };
  /** Where the visitor stands: signed in as the invited address, as someone else, or not signed in. */
  visitor: 'invited' | 'other' | 'anonymous';
  accountExists: boolean;
  loginHref: string;
  proConnectHref: string | null;
  actionPath: string;
  errors: FieldErrors;
};

/** The page an invitation's link opens: accept it signed in, or choose a password, or sign in with ProConnect. */
export function InvitationPage(props: InvitationPageProps) {
  const { context, invitation, errors } = props;
  return (
    <Layout context={context} title="Invitation" hasErrors={Object.keys(errors).length > 0}>
      <h1>Rejoindre les agents de {props.communeName}</h1>
      <p>
        Cette invitation est adressée à <strong>{invitation.email}</strong>, en tant que {invitation.role}.
      </p>
      <ErrorSummary errors={errors} />
      {props.visitor === 'invited' ? (
        <form method="post" action={href(context, props.actionPath)}>
          <CsrfField token={context.csrfToken} />
          <SubmitButton>Accepter l'invitation</SubmitButton>
        </form>
      ) : props.visitor === 'other' ? (
        <p>
          Vous êtes connecté avec une autre adresse. Déconnectez-vous, puis rouvrez le lien de l'invitation pour vous
          connecter avec {invitation.email}.
        </p>
      ) : (
        <>
          {props.proConnectHref ? <ProConnectButton href={props.proConnectHref} /> : null}
          {props.accountExists ? (
            <p>
              Un compte existe déjà pour cette adresse : <a href={props.loginHref}>connectez-vous</a> pour accepter
              l'invitation.
            </p>
          ) : (
            <form method="post" action={href(context, props.actionPath)} novalidate>
              <CsrfField token={context.csrfToken} />
              <h2>Créer votre accès avec un mot de passe</h2>
              <TextField
                name="password"
                type="password"
                label="Mot de passe"
                hint={PASSWORD_RULES_HINT}
                error={errors.password}
                autocomplete="new-password"
              />
              <SubmitButton>Créer mon accès et accepter</SubmitButton>
            </form>
          )}
        </>
      )}
    </Layout>
  );
}
