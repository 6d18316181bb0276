import { CsrfField, ErrorSummary, type FieldErrors, SubmitButton, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

export type LoginPageProps = {
  context: PageContext;
  values: { email?: string | undefined };
  /** Wrong credentials and throttling are reported on the e-mail field, the first of the form. */
  errors: FieldErrors;
  returnPath?: string | undefined;
};

export function LoginPage({ context, values, errors, returnPath }: LoginPageProps) {
  const action = href(context, `/connexion${returnPath ? `?retour=${encodeURIComponent(returnPath)}` : ''}`);
  return (
    <Layout context={context} title="Se connecter" hasErrors={Object.keys(errors).length > 0}>
      <div class="narrow">
        <h1>Se connecter</h1>
        <ErrorSummary errors={errors} />
        <form method="post" action={action} novalidate>
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
          <TextField name="password" label="Mot de passe" type="password" autocomplete="current-password" error={errors.password} />
          <SubmitButton>Se connecter</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}
