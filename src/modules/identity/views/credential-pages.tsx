import { CsrfField, ErrorSummary, type FieldErrors, SubmitButton, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { PASSWORD_RULES_HINT } from '../password-policy.ts';
import { FranceConnectButton, OrSeparator } from './partner-buttons.tsx';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

export type SignUpValues = { givenName?: string; familyName?: string; email?: string };

/** Sign-up, FranceConnect first (the State's rule for public services). */
export function SignUpPage({
  context,
  values,
  errors,
  franceConnect,
}: {
  context: PageContext;
  values: SignUpValues;
  errors: FieldErrors;
  franceConnect: string | null;
}) {
  return (
    <Layout context={context} title="Créer un compte" hasErrors={hasErrors(errors)}>
      <div class="narrow">
        <h1>Créer un compte GrandLyon Connect</h1>
        <p>Un seul compte pour les services numériques de la Métropole de Lyon et de ses communes.</p>
        <ErrorSummary errors={errors} />
        {franceConnect ? (
          <>
            <p>Avec FranceConnect, votre compte est créé avec votre identité certifiée, sans mot de passe de plus.</p>
            <FranceConnectButton href={franceConnect} />
            <OrSeparator />
          </>
        ) : null}
        <form method="post" action={href(context, '/inscription')} novalidate>
          <CsrfField token={context.csrfToken} />
          <TextField
            name="givenName"
            label="Prénoms"
            autocomplete="given-name"
            value={values.givenName}
            error={errors.givenName}
          />
          <TextField
            name="familyName"
            label="Nom"
            autocomplete="family-name"
            value={values.familyName}
            error={errors.familyName}
          />
          <TextField
            name="email"
            label="Adresse électronique"
            type="email"
            autocomplete="email"
            spellcheck={false}
            value={values.email}
            error={errors.email}
            hint="Un lien de confirmation y sera envoyé. Par exemple : prenom.nom@example.org"
          />
          <TextField
            name="password"
            label="Mot de passe"
            type="password"
            autocomplete="new-password"
            error={errors.password}
            hint={PASSWORD_RULES_HINT}
          />
          <SubmitButton>Créer mon compte</SubmitButton>
        </form>
        <p>
          Déjà un compte ? <a href={href(context, '/connexion')}>Se connecter</a>
        </p>
      </div>
    </Layout>
  );
}

/** After a form that sends an e-mail: the same words whether or not the address has an account. */
export function CheckMailboxPage({ context, title, text }: { context: PageContext; title: string; text: string }) {
  return (
    <Layout context={context} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>Pensez à regarder dans les courriers indésirables. Le message peut mettre quelques minutes à arriver.</p>
        <p>
          <a href={href(context, '/')}>Retourner à l'accueil</a>
        </p>
      </div>
    </Layout>
  );
}

/** An e-mail link is confirmed by a button (a link checker opening the URL must not act for the person). */
export function ConfirmLinkPage({
  context,
  title,
  text,
  action,
  token,
  button,
}: {
  context: PageContext;
  title: string;
  text: string;
  action: string;
  token: string;
  button: string;
}) {
  return (
    <Layout context={context} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <form method="post" action={href(context, action)}>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="jeton" value={token} />
          <SubmitButton>{button}</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export function InvalidLinkPage({ context, text }: { context: PageContext; text: string }) {
  return (
    <Layout context={context} title="Lien expiré ou déjà utilisé">
      <div class="narrow">
        <h1>Lien expiré ou déjà utilisé</h1>
        <p>{text}</p>
        <p>
          <a href={href(context, '/connexion')}>Se connecter</a>
        </p>
      </div>
    </Layout>
  );
}

export function ForgottenPasswordPage({
  context,
  values,
  errors,
}: {
  context: PageContext;
  values: { email?: string };
  errors: FieldErrors;
}) {
  return (
    <Layout context={context} title="Mot de passe oublié" hasErrors={hasErrors(errors)}>
      <div class="narrow">
        <h1>Mot de passe oublié</h1>
        <p>
          Indiquez l’adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.
        </p>
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, '/mot-de-passe-oublie')} novalidate>
          <CsrfField token={context.csrfToken} />
          <TextField
            name="email"
            label="Adresse électronique"
            type="email"
            autocomplete="email"
            spellcheck={false}
            value={values.email}
            error={errors.email}
          />
          <SubmitButton>Recevoir le lien</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export function NewPasswordPage({
  context,
  token,
  errors,
}: {
  context: PageContext;
  token: string;
  errors: FieldErrors;
}) {
  return (
    <Layout context={context} title="Nouveau mot de passe" hasErrors={hasErrors(errors)}>
      <div class="narrow">
        <h1>Choisir un nouveau mot de passe</h1>
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, '/mot-de-passe/nouveau')} novalidate>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="jeton" value={token} />
          <TextField
            name="password"
            label="Nouveau mot de passe"
            type="password"
            autocomplete="new-password"
            error={errors.password}
            hint={PASSWORD_RULES_HINT}
          />
          <SubmitButton>Enregistrer le mot de passe</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}
