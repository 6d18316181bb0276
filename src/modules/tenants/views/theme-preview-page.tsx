import { CsrfField, SubmitButton } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

export type ThemePreviewPageProps = {
  context: PageContext;
  /** The draft's colour and logo (null: no logo). */
  draft: { primary: string; logoUrl: string | null };
  /** Each text/background pair the colour makes, with its contrast, for the administrator to see why it passes. */
  pairs: Array<{ where: string; ratio: string }>;
  stylesheetUrl: string;
};

/**
 * The draft charter applied to a sample of the instance (header, menu, link, buttons, notices) before it is
 * published. The colours come from a stylesheet scoped to the sample, so the rest of the page keeps the charter in
 * force and the CSP stays strict.
 */
export function ThemePreviewPage({ context, draft, pairs, stylesheetUrl }: ThemePreviewPageProps) {
  return (
    <Layout
      context={context}
      title="Aperçu de la charte graphique"
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
        { label: 'Charte graphique', path: '/admin/apparence' },
      ]}
    >
      <link rel="stylesheet" href={stylesheetUrl} />
      <h1>Aperçu de la charte graphique</h1>
      <p>
        Voici l'instance de {context.tenant.name} avec la couleur <strong>{draft.primary}</strong>
        {draft.logoUrl ? ' et le logo choisis' : ' (sans logo)'}. Rien n'a encore changé pour les usagers : la charte
        s'applique quand vous la publiez.
      </p>
      <section class="theme-preview" aria-labelledby="apercu-titre">
        <h2 id="apercu-titre" class="visually-hidden">
          Exemple de page
        </h2>
        <div class="site-header">
          <div class="container site-header__inner">
            <span class="brand">
              {draft.logoUrl ? <img class="brand__logo" src={draft.logoUrl} alt="" width={48} height={48} /> : null}
              <span class="brand__text">
                <span class="brand__name">{context.tenant.name}</span>
                <span class="brand__tagline">Services numériques, avec la Métropole de Lyon</span>
              </span>
            </span>
          </div>
        </div>
        <div class="main-nav">
          <p class="container theme-preview__nav">Accueil · Démarches · Mes demandes</p>
        </div>
        <div class="container theme-preview__body">
          <p>
            Un texte avec <span class="theme-preview__link">un lien</span>, tel qu'il apparaît dans les pages.
          </p>
          <p>
            <span class="button button--primary">Bouton principal</span>{' '}
            <span class="button button--secondary">Bouton secondaire</span>
          </p>
          <div class="notice notice--info">
            Un encadré d'information avec <span class="theme-preview__link">un lien</span>.
          </div>
        </div>
      </section>
      <h2>Contrastes vérifiés</h2>
      <ul>
        {pairs.map((p) => (
          <li key={p.where}>
            {p.where} : {p.ratio}:1
          </li>
        ))}
      </ul>
      <div class="actions">
        <form method="post" action={href(context, '/admin/apparence/publier')} class="inline-form">
          <CsrfField token={context.csrfToken} />
          <SubmitButton>Publier la charte</SubmitButton>
        </form>{' '}
        <a class="button button--secondary" href={href(context, '/admin/apparence')}>
          Modifier
        </a>
      </div>
    </Layout>
  );
}
