import { formatDate } from '../../../platform/views/format.ts';
import { CsrfField, ErrorSummary, Notice, TextArea, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { EmptyState } from '../../../platform/views/search-box.tsx';
import type { HomeNewsRow } from '../home.tables.ts';

export type NewsAdminPageProps = {
  context: PageContext;
  news: HomeNewsRow[];
  values: Record<string, string>;
  errors: Record<string, string>;
  done: 'publiee' | 'retiree' | undefined;
};

/** A commune's administrator publishes news on its home page and withdraws what is out of date. */
export function NewsAdminPage({ context, news, values, errors, done }: NewsAdminPageProps) {
  return (
    <Layout
      context={context}
      title="Actualités de la commune"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Actualités de la commune</h1>
      {done ? (
        <Notice>
          <p>
            {done === 'publiee' ? 'L’actualité est publiée' : 'L’actualité est retirée'} : voir{' '}
            <a href={href(context, '/')}>la page d’accueil</a>.
          </p>
        </Notice>
      ) : null}
      <p>
        Les trois dernières paraissent sur la page d’accueil de la commune, et les plus récentes de toutes les communes
        sur celle de la Métropole.
      </p>
      <h2>Publier une actualité</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, '/admin/actualites-commune')} class="form" novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField name="title" label="Titre" value={values.title} error={errors.title} maxLength={120} />
        <TextArea
          name="body"
          label="Texte"
          hint="Le premier paragraphe s’affiche sur la page d’accueil."
          rows={6}
          value={values.body}
          error={errors.body}
          maxLength={2000}
        />
        <button type="submit" class="button button--primary">
          Publier
        </button>
      </form>
      <h2>Actualités publiées</h2>
      {news.length === 0 ? (
        <EmptyState icon="newspaper" title="Aucune actualité publiée.">
          <p>Publiez la première avec le formulaire ci-dessus.</p>
        </EmptyState>
      ) : (
        <ul class="news">
          {news.map((item) => (
            <li>
              <h3>{item.title}</h3>
              <p class="muted">
                publiée le <time dateTime={item.published_at.toISOString()}>{formatDate(item.published_at)}</time> par{' '}
                {item.published_by_label}
              </p>
              <p>{item.body.split(/\n{2,}/)[0]}</p>
              <form
                method="post"
                action={href(context, `/admin/actualites-commune/${item.id}/retrait`)}
                class="inline-form"
              >
                <CsrfField token={context.csrfToken} />
                <button type="submit" class="button button--secondary">
                  Retirer <span class="visually-hidden">l’actualité « {item.title} »</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
