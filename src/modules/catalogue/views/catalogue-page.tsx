import { Select, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { EmptyState, ThemeLinks } from '../../../platform/views/search-box.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { ACCESS_LABELS } from '../eservice-settings.ts';
import type { Provider } from '../provider.ts';
import { ProviderBadge } from './provider-badge.tsx';

export type CatalogueItem = {
  title: string;
  summary: string;
  path: string;
  provider: Provider;
  access: keyof typeof ACCESS_LABELS;
  mutualised: boolean;
};

export type CataloguePageProps = {
  context: PageContext;
  q: string;
  theme: string;
  themes: string[];
  items: CatalogueItem[];
};

/** Every e-service, whoever provides it, found by a French search forgiving accents and typos. */
export function CataloguePage({ context, q, theme, themes, items }: CataloguePageProps) {
  const searched = q !== '' || theme !== '';
  const count = `${items.length} démarche${items.length > 1 ? 's' : ''}`;
  return (
    <Layout
      context={context}
      title={searched ? `Démarches : « ${q || theme} »` : 'Démarches en ligne'}
      breadcrumbs={[{ label: 'Accueil', path: '/' }]}
    >
      <h1>Démarches en ligne</h1>
      <p class="lead">
        {context.tenant.kind === 'commune'
          ? `Les démarches de ${context.tenant.name} et de la Métropole de Lyon, quelle que soit l'administration qui les traite.`
          : "Toutes les démarches de la Métropole de Lyon et des communes, quelle que soit l'administration qui les traite."}
      </p>
      <form
        method="get"
        action={href(context, '/demarches')}
        class="filters"
        role="search"
        aria-label="Recherche dans le catalogue"
      >
        <TextField
          name="q"
          label="Rechercher une démarche"
          hint="Par exemple : état civil, éclairage, Écully"
          type="search"
          value={q}
          required={false}
          width="medium"
          maxLength={200}
        />
        {themes.length ? (
          <Select
            name="theme"
            label="Thème"
            value={theme}
            required={false}
            placeholder="Tous les thèmes"
            choices={themes.map((t) => ({ value: t, label: t }))}
          />
        ) : null}
        <button type="submit" class="button button--primary">
          Rechercher
        </button>
      </form>
      <p role="status" class="result-count">
        {searched
          ? items.length
            ? `${count} trouvée${items.length > 1 ? 's' : ''}`
            : 'Aucune démarche ne correspond à votre recherche.'
          : count}
      </p>
      {searched && items.length === 0 ? (
        // Issue 23 §5: nothing found says what to try next — another word, a theme, the whole catalogue.
        <EmptyState icon="search" title="Essayez autrement.">
          <p>Vérifiez l'orthographe, essayez un autre mot ou parcourez toutes les démarches.</p>
          {themes.length ? <ThemeLinks context={context} themes={themes.slice(0, 8)} /> : null}
          <p>
            <a href={href(context, '/demarches')}>Toutes les démarches</a>
          </p>
        </EmptyState>
      ) : null}
      <ul class="eservice-list">
        {items.map((item) => (
          <li class="eservice-card">
            <h2 class="eservice-card__title">
              <a href={item.path}>{item.title}</a>
            </h2>
            <p>{item.summary}</p>
            <ProviderBadge provider={item.provider} />
            <p class="eservice-card__meta">
              {ACCESS_LABELS[item.access]}
              {item.mutualised ? " · service mutualisé : transmis à l'administration compétente selon le lieu" : ''}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
