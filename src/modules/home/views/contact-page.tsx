import { CsrfField, ErrorSummary, Notice, TextArea, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

export type ContactPageProps = {
  context: PageContext;
  values: Record<string, string>;
  errors: Record<string, string>;
  done: boolean;
};

/** The administrator's form for the contact details and opening hours shown on the commune's home page. */
export function ContactPage({ context, values, errors, done }: ContactPageProps) {
  return (
    <Layout
      context={context}
      title="Coordonnées et horaires"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Coordonnées et horaires</h1>
      {done ? (
        <Notice>
          <p>
            Les coordonnées sont enregistrées : elles s’affichent sur <a href={href(context, '/')}>la page d’accueil</a>
            .
          </p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>Ce que vous saisissez ici s’affiche sur la page d’accueil ; un champ laissé vide n’est pas affiché.</p>
      <form method="post" action={href(context, '/admin/coordonnees')} class="form" novalidate>
        <CsrfField token={context.csrfToken} />
        <TextArea
          name="address"
          label="Adresse de la mairie"
          required={false}
          rows={3}
          value={values.address}
          error={errors.address}
          maxLength={500}
        />
        <TextField
          name="phone"
          type="tel"
          label="Téléphone"
          required={false}
          autocomplete="tel"
          width="medium"
          value={values.phone}
          error={errors.phone}
          maxLength={40}
        />
        <TextField
          name="email"
          type="email"
          label="Courriel"
          required={false}
          autocomplete="email"
          value={values.email}
          error={errors.email}
          maxLength={254}
        />
        <TextArea
          name="opening_hours"
          label="Horaires d’ouverture"
          hint="Une ligne par période, par exemple : Lundi au vendredi : 8 h 30 – 12 h, 13 h 30 – 17 h"
          required={false}
          rows={5}
          value={values.opening_hours}
          error={errors.opening_hours}
          maxLength={1000}
        />
        <button type="submit" class="button button--primary">
          Enregistrer
        </button>
      </form>
    </Layout>
  );
}
