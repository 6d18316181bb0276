import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { FranceConnectButton, OrSeparator, ProConnectButton } from './partner-buttons.tsx';

export type LoginPageProps = {
  context: PageContext;
  values: { email?: string | undefined };
  /** Wrong credentials and throttling are reported on the e-mail field, the first of the form. */
  errors: FieldErrors;
  returnPath?: string | undefined;
  /** Links that start a login with the State's federations, when configured. */
  partners?: { franceConnect: string | null; proConnect: string | null };
  /** The service that sent the person here (an OpenID Connect relying party). */
  forService?: string | undefined;
  notice?: string | undefined;
};

export function LoginPage({ context, values, errors, returnPath, partners, forService, notice }: LoginPageProps) {
  const query = returnPath ? `?retour=${encodeURIComponent(returnPath)}` : '';
  return (
    <Layout context={context} title="Se connecter" hasErrors={Object.keys(errors).length > 0}>
      <div class="narrow">
        <h1>Se connecter</h1>
        {forService ? (
          <p class="lead">
            pour accéder à <strong>{forService}</strong> avec votre compte GrandLyon Connect.
          </p>
        ) : null}
        {notice ? <Notice kind="info">{notice}</Notice> : null}
        <ErrorSummary errors={errors} />
        {partners?.franceConnect ? (
          <>
            <FranceConnectButton href={partners.franceConnect} />
            <OrSeparator />
          </>
        ) : null}
        <form method="post" action={href(context, `/connexion${query}`)} novalidate>
          <CsrfField token={context.csrfToken} />
          <TextField
            name="email"
            label="Adresse électronique"
            type="email"
            autocomplete="username"
            spellcheck={false}
            value={values.email}
            error={errors.email}
            hint="Par exemple : prenom.nom@example.org"
          />
          <TextField
            name="password"
            label="Mot de passe"
            type="password"
            autocomplete="current-password"
            error={errors.password}
          />
          <SubmitButton>Se connecter</SubmitButton>
        </form>
        <p>
          <a href={href(context, '/mot-de-passe-oublie')}>Mot de passe oublié ?</a>
        </p>
        <p>
          Pas encore de compte ? <a href={href(context, `/inscription${query}`)}>Créer un compte</a>
        </p>
        {partners?.proConnect ? (
          <section aria-labelledby="agents-publics">
            <h2 id="agents-publics">Agents publics</h2>
            <ProConnectButton href={partners.proConnect} />
          </section>
        ) : null}
      </div>
    </Layout>
  );
}

export function SecondFactorPage({ context, errors }: { context: PageContext; errors: FieldErrors }) {
  return (
    <Layout context={context} title="Code de vérification" hasErrors={Object.keys(errors).length > 0}>
      <div class="narrow">
        <h1>Code de vérification</h1>
        <p>
          Votre compte est protégé par une double authentification. Saisissez le code à 6 chiffres affiché par votre
          application d’authentification.
        </p>
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, '/connexion/code')} novalidate>
          <CsrfField token={context.csrfToken} />
          <TextField
            name="code"
            label="Code à 6 chiffres"
            inputMode="numeric"
            autocomplete="one-time-code"
            width="short"
            maxLength={6}
            error={errors.code}
          />
          <SubmitButton>Valider</SubmitButton>
        </form>
        <p>
          <a href={href(context, '/connexion')}>Recommencer la connexion</a>
        </p>
      </div>
    </Layout>
  );
}
