import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  FileField,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

export type ThemePageProps = {
  context: PageContext;
  values: { primary: string };
  hasLogo: boolean;
  /** A charter saved but not yet published. */
  hasDraft: boolean;
  errors: FieldErrors;
  saved: boolean;
};

export function ThemePage({ context, values, hasLogo, hasDraft, errors, saved }: ThemePageProps) {
  return (
    <Layout
      context={context}
      title="Charte graphique"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>Charte graphique de {context.tenant.name}</h1>
      {saved ? <Notice>La charte graphique est publiée : toutes les pages de l'instance l'affichent.</Notice> : null}
      {hasDraft && !saved ? (
        <Notice kind="info">
          Une charte préparée attend d'être publiée :{' '}
          <a href={href(context, '/admin/apparence/apercu')}>voir l'aperçu</a>.
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>
        Le logo et la couleur s'affichent sur toutes les pages de l'instance de la commune. Vous verrez un aperçu avant
        de les publier.
      </p>
      <form method="post" action={href(context, '/admin/apparence')} enctype="multipart/form-data" novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="primary"
          label="Couleur principale"
          hint="Au format #rrggbb, par exemple #0b4f9c. Le texte blanc sur cette couleur, et cette couleur en texte sur les fonds clairs, doivent rester lisibles (contraste d'au moins 4,5:1)."
          value={values.primary}
          error={errors.primary}
          width="short"
          spellcheck={false}
          pattern="#[0-9a-fA-F]{6}"
        />
        <FileField
          name="logo"
          label="Logo"
          hint="Image PNG, JPEG ou WebP de 512 Ko au plus, carrée de préférence."
          accept="image/png,image/jpeg,image/webp"
          required={false}
          error={errors.logo}
        />
        {hasLogo ? <Checkbox name="removeLogo" label="Retirer le logo actuel" /> : null}
        <SubmitButton>Voir l'aperçu</SubmitButton>
      </form>
    </Layout>
  );
}
