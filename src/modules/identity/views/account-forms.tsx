import {
  ChoiceGroup,
  CsrfField,
  DateField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { PASSWORD_RULES_HINT } from '../password-policy.ts';
import { ProvenanceText, type ProvenanceView } from './provenance.tsx';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;
const breadcrumbs = [{ label: 'Mon compte', path: '/compte' }];

export type IdentityFormValues = Record<string, string>;

/** The identity record as a form; what FranceConnect certified is shown, not editable. */
export function IdentityFormPage({
  context,
  values,
  errors,
  certified,
}: {
  context: PageContext;
  values: IdentityFormValues;
  errors: FieldErrors;
  certified: Array<{ name: string; label: string; display: string; provenance: ProvenanceView }>;
}) {
  const locked = new Set(certified.map((c) => c.name));
  const text = (name: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) =>
    locked.has(name) ? null : (
      <TextField name={name} label={label} value={values[name]} error={errors[name]} required={false} {...extra} />
    );
  return (
    <Layout context={context} title="Mes informations" hasErrors={hasErrors(errors)} breadcrumbs={breadcrumbs}>
      <div class="narrow">
        <h1>Mes informations</h1>
        <p>Ces informations ne sont transmises à un service qu’avec votre accord, information par information.</p>
        <ErrorSummary errors={errors} />
        {certified.length ? (
          <>
            <h2>Certifié par FranceConnect</h2>
            <dl class="summary-list">
              {certified.map((c) => (
                <div>
                  <dt>{c.label}</dt>
                  <dd>
                    {c.display} <ProvenanceText provenance={c.provenance} />
                  </dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
        <form method="post" action={href(context, '/compte/identite')} novalidate>
          <CsrfField token={context.csrfToken} />
          <h2>État civil</h2>
          {text('given_name', 'Prénoms', {
            autocomplete: 'given-name',
            hint: 'Tous vos prénoms, dans l’ordre de l’état civil, séparés par des espaces',
          })}
          {text('family_name', 'Nom de naissance', { autocomplete: 'family-name' })}
          {text('preferred_username', 'Nom d’usage', {
            hint: 'Par exemple le nom d’époux ou d’épouse, s’il est différent',
          })}
          {locked.has('birthdate') ? null : (
            <DateField
              name="birthdate"
              label="Date de naissance"
              required={false}
              autocompletePrefix="bday"
              hint="Par exemple : 14 7 1990"
              value={{
                jour: values['birthdate.jour'],
                mois: values['birthdate.mois'],
                annee: values['birthdate.annee'],
              }}
              error={errors.birthdate}
            />
          )}
          {locked.has('gender') ? null : (
            <ChoiceGroup
              name="gender"
              label="Sexe"
              kind="radio"
              inline
              required={false}
              value={values.gender}
              error={errors.gender}
              choices={[
                { value: 'female', label: 'Féminin' },
                { value: 'male', label: 'Masculin' },
              ]}
            />
          )}
          {text('birthplace', 'Commune de naissance (code INSEE)', {
            width: 'short',
            hint: '5 caractères, par exemple 69123 pour Lyon ; vide si vous êtes né(e) à l’étranger',
          })}
          {text('birthcountry', 'Pays de naissance (code INSEE)', {
            width: 'short',
            inputMode: 'numeric',
            hint: '99100 pour la France',
          })}
          <h2>Coordonnées</h2>
          {text('phone_number', 'Numéro de téléphone', {
            type: 'tel',
            autocomplete: 'tel',
            width: 'medium',
            hint: 'Par exemple : 06 12 34 56 78',
          })}
          {text('street_address', 'Adresse', {
            autocomplete: 'street-address',
            hint: 'Numéro et voie, par exemple : 20 rue du Lac',
          })}
          {text('postal_code', 'Code postal', { autocomplete: 'postal-code', width: 'short', inputMode: 'numeric' })}
          {text('locality', 'Commune', { autocomplete: 'address-level2', width: 'medium' })}
          <SubmitButton>Enregistrer</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export function PasswordChangePage({
  context,
  errors,
  hasPassword,
}: {
  context: PageContext;
  errors: FieldErrors;
  hasPassword: boolean;
}) {
  return (
    <Layout
      context={context}
      title={hasPassword ? 'Changer de mot de passe' : 'Définir un mot de passe'}
      hasErrors={hasErrors(errors)}
      breadcrumbs={breadcrumbs}
    >
      <div class="narrow">
        <h1>{hasPassword ? 'Changer de mot de passe' : 'Définir un mot de passe'}</h1>
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, '/compte/mot-de-passe')} novalidate>
          <CsrfField token={context.csrfToken} />
          {hasPassword ? (
            <TextField
              name="currentPassword"
              label="Mot de passe actuel"
              type="password"
              autocomplete="current-password"
              error={errors.currentPassword}
            />
          ) : null}
          <TextField
            name="newPassword"
            label="Nouveau mot de passe"
            type="password"
            autocomplete="new-password"
            error={errors.newPassword}
            hint={PASSWORD_RULES_HINT}
          />
          <SubmitButton>Enregistrer le mot de passe</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export function EmailChangePage({
  context,
  errors,
  values,
  hasPassword,
}: {
  context: PageContext;
  errors: FieldErrors;
  values: { newEmail?: string };
  hasPassword: boolean;
}) {
  return (
    <Layout
      context={context}
      title="Changer d’adresse électronique"
      hasErrors={hasErrors(errors)}
      breadcrumbs={breadcrumbs}
    >
      <div class="narrow">
        <h1>Changer d’adresse électronique</h1>
        <p>
          Un lien de confirmation sera envoyé à la nouvelle adresse ; elle ne remplacera l’actuelle qu’une fois
          confirmée.
        </p>
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, '/compte/adresse-electronique')} novalidate>
          <CsrfField token={context.csrfToken} />
          <TextField
            name="newEmail"
            label="Nouvelle adresse électronique"
            type="email"
            autocomplete="email"
            spellcheck={false}
            value={values.newEmail}
            error={errors.newEmail}
          />
          {hasPassword ? (
            <TextField
              name="password"
              label="Mot de passe"
              type="password"
              autocomplete="current-password"
              error={errors.password}
              hint="Pour confirmer que c’est bien vous"
            />
          ) : null}
          <SubmitButton>Recevoir le lien de confirmation</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export function TotpPage({
  context,
  errors,
  enabled,
  setup,
  hasPassword,
}: {
  context: PageContext;
  errors: FieldErrors;
  enabled: boolean;
  setup: { secret: string; qrCode: string } | null;
  hasPassword: boolean;
}) {
  return (
    <Layout context={context} title="Double authentification" hasErrors={hasErrors(errors)} breadcrumbs={breadcrumbs}>
      <div class="narrow">
        <h1>Double authentification</h1>
        <ErrorSummary errors={errors} />
        {enabled ? (
          <>
            <Notice kind="info">
              La double authentification est activée : un code de votre application vous est demandé à chaque connexion.
            </Notice>
            <form method="post" action={href(context, '/compte/double-authentification/desactivation')} novalidate>
              <CsrfField token={context.csrfToken} />
              <TextField
                name="password"
                label={hasPassword ? 'Mot de passe' : 'Code à 6 chiffres'}
                type={hasPassword ? 'password' : 'text'}
                autocomplete={hasPassword ? 'current-password' : 'one-time-code'}
                error={errors.password}
                hint="Pour confirmer que c’est bien vous"
              />
              <SubmitButton variant="secondary">Désactiver la double authentification</SubmitButton>
            </form>
          </>
        ) : setup ? (
          <>
            <p>
              Protégez votre compte avec un code à usage unique, donné par une application d’authentification (par
              exemple FreeOTP, Aegis ou celle de votre téléphone).
            </p>
            <ol>
              <li>
                Dans l’application, ajoutez un compte en scannant ce code QR :
                <img
                  class="qr-code"
                  src={setup.qrCode}
                  alt="Code QR de configuration de la double authentification"
                  width={200}
                  height={200}
                />
              </li>
              <li>
                ou en saisissant cette clé : <code class="secret">{setup.secret}</code>
              </li>
              <li>Saisissez ci-dessous le code à 6 chiffres que l’application affiche.</li>
            </ol>
            <form method="post" action={href(context, '/compte/double-authentification')} novalidate>
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
              <SubmitButton>Activer la double authentification</SubmitButton>
            </form>
          </>
        ) : null}
      </div>
    </Layout>
  );
}

export function DeleteAccountPage({
  context,
  errors,
  method,
}: {
  context: PageContext;
  errors: FieldErrors;
  /** How the person re-authenticates: their password, or a fresh login at the partner they use. */
  method: { kind: 'password' } | { kind: 'partner'; href: string; label: string; done: boolean };
}) {
  return (
    <Layout context={context} title="Supprimer mon compte" hasErrors={hasErrors(errors)} breadcrumbs={breadcrumbs}>
      <div class="narrow">
        <h1>Supprimer mon compte</h1>
        <p>
          La suppression est définitive : votre identité, vos autorisations et votre historique sont effacés. Les
          services auxquels vous aviez donné accès à votre compte en sont informés. Pensez à{' '}
          <a href={href(context, '/compte/donnees.zip')}>télécharger vos données</a> avant.
        </p>
        <ErrorSummary errors={errors} />
        {method.kind === 'partner' && !method.done ? (
          <p>
            Pour confirmer que c’est bien vous, <a href={method.href}>reconnectez-vous avec {method.label}</a>, puis
            revenez sur cette page.
          </p>
        ) : (
          <form method="post" action={href(context, '/compte/suppression')} novalidate>
            <CsrfField token={context.csrfToken} />
            {method.kind === 'password' ? (
              <TextField
                name="password"
                label="Mot de passe"
                type="password"
                autocomplete="current-password"
                error={errors.password}
                hint="Pour confirmer que c’est bien vous"
              />
            ) : null}
            <SubmitButton variant="danger">Supprimer définitivement mon compte</SubmitButton>
          </form>
        )}
      </div>
    </Layout>
  );
}

export function AccountDeletedPage({ context }: { context: PageContext }) {
  return (
    <Layout context={context} title="Compte supprimé">
      <div class="narrow">
        <h1>Votre compte a été supprimé</h1>
        <p>Toutes les informations de votre compte GrandLyon Connect ont été effacées. Un courriel vous le confirme.</p>
        <p>
          <a href={href(context, '/')}>Retourner à l’accueil</a>
        </p>
      </div>
    </Layout>
  );
}
