import { Layout } from '../../../platform/views/layout.tsx';
import { formatDateTime, formatNumber } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { LayerStyle } from '../gis.tables.ts';

export type LayerSummary = {
  slug: string;
  title: string;
  theme: string;
  description: string;
  legend: string;
  style: LayerStyle;
  featureCount: number;
  lastUpdate: Date | null;
  lastError: string | null;
  source: string;
  refresh: string;
};

const SIG_CRUMBS = [{ label: 'Accueil', path: '/' }];

/** A coloured mark for a layer's legend: an SVG (presentation attributes, not inline styles: the CSP allows it). */
export function Swatch({ style }: { style: LayerStyle }) {
  return (
    <svg class="sig-swatch" width="20" height="14" viewBox="0 0 20 14" aria-hidden="true" focusable="false">
      <rect
        x="1"
        y="1"
        width="18"
        height="12"
        fill={style.fill}
        stroke={style.color}
        stroke-width={Math.min(style.width, 3)}
      />
    </svg>
  );
}

export function groupByTheme(layers: LayerSummary[]): Array<{ theme: string; layers: LayerSummary[] }> {
  const themes = new Map<string, LayerSummary[]>();
  for (const layer of layers) themes.set(layer.theme, [...(themes.get(layer.theme) ?? []), layer]);
  return [...themes].map(([theme, list]) => ({ theme, layers: list }));
}

export type SigPageProps = {
  context: PageContext;
  layers: LayerSummary[];
  tiles: { url: string; attribution: string } | null;
  canManage: boolean;
  canImport: boolean;
};

/**
 * The viewer (drawn by public/js/gis-viewer.js, hidden without JavaScript) above the listing of layers by theme, with
 * their attribute tables: the listing is the page's content for anyone who cannot or does not use the map.
 */
export function SigPage({ context, layers, tiles, canManage, canImport }: SigPageProps) {
  const themes = groupByTheme(layers);
  return (
    <Layout context={context} title="Carte des agents (SIG)" breadcrumbs={SIG_CRUMBS}>
      <h1>Carte des agents (SIG)</h1>
      <p>
        Les couches de la Métropole, par thème. Chaque couche a sa table attributaire, consultable sans la carte.
        {canManage || canImport ? ' ' : ''}
        {canManage ? <a href={href(context, '/sig/gestion')}>Gérer les couches</a> : null}
        {canManage && canImport ? ' · ' : ''}
        {canImport ? <a href={href(context, '/sig/adresses')}>Importer une Base Adresse Locale</a> : null}
      </p>
      <section
        id="sig-viewer"
        class="sig-viewer"
        hidden
        aria-labelledby="sig-viewer-title"
        data-outlines={href(context, '/sig/fond')}
        data-geocoder={href(context, '/geocodage/api')}
        data-tile-url={tiles?.url}
        data-tile-attribution={tiles?.attribution}
      >
        <h2 id="sig-viewer-title">Carte</h2>
        <div class="sig-search">
          <label class="field__label" for="sig-address">
            Aller à une adresse
          </label>
          <input
            id="sig-address"
            class="input input--medium"
            type="text"
            autocomplete="off"
            data-geocoder-input="map"
          />
        </div>
        <div class="sig-layout">
          <div class="sig-map-column">
            <div
              id="sig-map"
              class="sig-map"
              tabindex={0}
              role="region"
              aria-label="Carte interactive : les flèches déplacent la carte, + et - changent le zoom"
            />
            <div class="sig-tools" role="toolbar" aria-label="Outils de la carte">
              <button type="button" class="button button--secondary" data-tool="info">
                Informations au centre
              </button>
              <button type="button" class="button button--secondary" data-tool="length" aria-pressed="false">
                Mesurer une longueur
              </button>
              <button type="button" class="button button--secondary" data-tool="area" aria-pressed="false">
                Mesurer une surface
              </button>
              <button type="button" class="button button--secondary" data-tool="add-point" disabled>
                Ajouter le centre à la mesure
              </button>
              <button type="button" class="button button--secondary" data-tool="finish" disabled>
                Terminer la mesure
              </button>
              <button type="button" class="button button--secondary" data-tool="png">
                Exporter en PNG
              </button>
            </div>
            <p class="sig-coordinates" id="sig-coordinates" aria-live="off">
              Centre de la carte : —
            </p>
            <p>
              <a id="sig-permalink" href="#">
                Lien permanent vers cette vue
              </a>
            </p>
          </div>
          <div class="sig-panel">
            <fieldset class="fieldset sig-switcher">
              <legend class="field__label">Couches affichées</legend>
              {themes.map(({ theme, layers: list }) => (
                <div class="sig-theme">
                  <p class="sig-theme__name">{theme}</p>
                  {list.map((layer) => (
                    <div class="choice">
                      <input
                        class="choice__input"
                        type="checkbox"
                        id={`couche-${layer.slug}`}
                        value={layer.slug}
                        data-layer-url={href(context, `/sig/couches/${layer.slug}/donnees`)}
                        data-layer-style={JSON.stringify(layer.style)}
                        data-layer-title={layer.title}
                        aria-describedby={`legende-${layer.slug}`}
                      />
                      <label class="choice__label" for={`couche-${layer.slug}`}>
                        <Swatch style={layer.style} /> {layer.title}
                      </label>
                      <p class="choice__hint" id={`legende-${layer.slug}`}>
                        {layer.legend || 'Pas de légende.'}
                      </p>
                    </div>
                  ))}
                </div>
              ))}
            </fieldset>
            <div id="sig-info" class="sig-info" aria-live="polite">
              <h3>Informations</h3>
              <p>Cliquez sur un objet de la carte, ou centrez-le et choisissez « Informations au centre ».</p>
            </div>
            <p id="sig-measure" class="sig-measure" aria-live="polite" />
          </div>
        </div>
      </section>
      <h2>Couches par thème</h2>
      {themes.length === 0 ? <p>Aucune couche pour le moment.</p> : null}
      {themes.map(({ theme, layers: list }) => (
        <section aria-labelledby={`theme-${slugOf(theme)}`}>
          <h3 id={`theme-${slugOf(theme)}`}>{theme}</h3>
          <div class="table-wrapper">
            <table class="table">
              <caption class="visually-hidden">Couches du thème {theme}</caption>
              <thead>
                <tr>
                  <th scope="col">Couche</th>
                  <th scope="col">Légende</th>
                  <th scope="col">Source</th>
                  <th scope="col">Dernière mise à jour</th>
                  <th scope="col">Objets</th>
                </tr>
              </thead>
              <tbody>
                {list.map((layer) => (
                  <tr>
                    <th scope="row">
                      <a href={href(context, `/sig/couches/${layer.slug}`)}>{layer.title}</a>
                    </th>
                    <td>
                      <Swatch style={layer.style} /> {layer.legend}
                    </td>
                    <td>
                      {layer.source}
                      <br />
                      {layer.refresh}
                    </td>
                    <td>
                      {layer.lastUpdate ? formatDateTime(layer.lastUpdate) : 'jamais'}
                      {layer.lastError ? <p class="field__error">Dernier essai échoué : {layer.lastError}</p> : null}
                    </td>
                    <td>{formatNumber(layer.featureCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <link rel="stylesheet" href="/static/vendor/ol.css" />
      <script src="/static/vendor/ol.js" defer />
      <script src="/static/vendor/proj4.js" defer />
      <script type="module" src="/static/js/gis-viewer.js" />
      <script type="module" src="/static/js/address-autocomplete.js" />
    </Layout>
  );
}

function slugOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
}

export type LayerPageProps = {
  context: PageContext;
  layer: LayerSummary;
  columns: string[];
  rows: Array<{ ordinal: number; geometryType: string; values: string[] }>;
  page: number;
  pages: number;
};

/** A layer's metadata and its attribute table, page by page: what the map shows, readable without it. */
export function LayerPage({ context, layer, columns, rows, page, pages }: LayerPageProps) {
  const crumbs = [...SIG_CRUMBS, { label: 'Carte des agents (SIG)', path: '/sig' }];
  return (
    <Layout context={context} title={`${layer.title} – table attributaire`} breadcrumbs={crumbs}>
      <h1>{layer.title}</h1>
      {layer.description ? <p>{layer.description}</p> : null}
      <dl class="summary-list">
        <div>
          <dt>Thème</dt>
          <dd>{layer.theme}</dd>
        </div>
        <div>
          <dt>Légende</dt>
          <dd>
            <Swatch style={layer.style} /> {layer.legend || 'Pas de légende.'} (trait {layer.style.color}, remplissage{' '}
            {layer.style.fill})
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>
            {layer.source} — {layer.refresh}
          </dd>
        </div>
        <div>
          <dt>Dernière mise à jour</dt>
          <dd>{layer.lastUpdate ? formatDateTime(layer.lastUpdate) : 'jamais'}</dd>
        </div>
        {layer.lastError ? (
          <div>
            <dt>Dernier essai de mise à jour</dt>
            <dd>échoué : {layer.lastError}</dd>
          </div>
        ) : null}
        <div>
          <dt>Objets</dt>
          <dd>{formatNumber(layer.featureCount)}</dd>
        </div>
      </dl>
      <p>
        <a href={href(context, `/sig/couches/${layer.slug}/donnees`)}>Télécharger la couche (GeoJSON)</a>
      </p>
      <h2>Table attributaire</h2>
      {rows.length === 0 ? (
        <p>Cette couche n’a aucun objet.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption>
              Objets de la couche {layer.title}
              {pages > 1 ? `, page ${page} sur ${pages}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Géométrie</th>
                {columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">{row.ordinal}</th>
                  <td>{row.geometryType}</td>
                  {row.values.map((v) => (
                    <td>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages de la table attributaire" class="pagination">
          {page > 1 ? <a href={href(context, `/sig/couches/${layer.slug}?page=${page - 1}`)}>Page précédente</a> : null}
          {page > 1 && page < pages ? ' · ' : null}
          {page < pages ? (
            <a href={href(context, `/sig/couches/${layer.slug}?page=${page + 1}`)}>Page suivante</a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
