import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatNumber } from '../../../platform/views/format.ts';
import { Select, TextField } from '../../../platform/views/forms.tsx';

export type CommuneRow = {
  name: string;
  slug: string;
  inseeCode: string;
  population: number;
  toodego: string;
  services: string[];
};

export type CommunesDirectoryProps = {
  context: PageContext;
  communes: CommuneRow[];
  total: number;
  filters: { q: string; offre: string };
  offerChoices: Array<{ value: string; label: string }>;
};

export function CommunesDirectoryPage({ context, communes, total, filters, offerChoices }: CommunesDirectoryProps) {
  const filtered = filters.q || filters.offre;
  return (
    <Layout context={context} title="Les communes" breadcrumbs={[{ label: 'Accueil', path: '/' }]}>
      <h1>Les communes et leurs services</h1>
      <p>Les {total} communes de la Métropole de Lyon et les services numériques partagés auxquels chacune a adhéré.</p>
      <form
        method="get"
        action={href(context, '/communes')}
        class="filters"
        role="search"
        aria-label="Filtrer les communes"
      >
        <TextField
          name="q"
          label="Nom de la commune"
          type="search"
          value={filters.q}
          required={false}
          width="medium"
          spellcheck={false}
        />
        <Select
          name="offre"
          label="Offre Toodego"
          value={filters.offre}
          required={false}
          placeholder="Toutes les offres"
          choices={offerChoices}
        />
        <button type="submit" class="button button--secondary">
          Filtrer
        </button>
      </form>
      <p role="status" class="result-count">
        {filtered ? `${communes.length} commune${communes.length > 1 ? 's' : ''} sur ${total}` : `${total} communes`}
      </p>
      {communes.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Communes, population et services partagés</caption>
            <thead>
              <tr>
                <th scope="col">Commune</th>
                <th scope="col">Code INSEE</th>
                <th scope="col" class="numeric">
                  Population
                </th>
                <th scope="col">Toodego</th>
                <th scope="col">Autres services</th>
              </tr>
            </thead>
            <tbody>
              {communes.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`/c/${c.slug}/`}>{c.name}</a>
                  </th>
                  <td>{c.inseeCode}</td>
                  <td class="numeric">{formatNumber(c.population)}</td>
                  <td>{c.toodego}</td>
                  <td>{c.services.length ? c.services.join(', ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune commune ne correspond à ces critères.</p>
      )}
    </Layout>
  );
}
