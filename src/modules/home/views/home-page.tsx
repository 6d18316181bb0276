import { TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatNumber, plural } from '../../../platform/views/format.ts';

export type MetropoleHomeProps = {
  context: PageContext;
  communeCount: number;
  offerCounts: { partenaire: number; abonne: number; connecte: number };
  population: number;
};

/** The catalogue's search, the first thing a visitor looking for a service needs. */
function SearchBox({ context }: { context: PageContext }) {
  return (
    <form method="get" action={href(context, '/demarches')} class="filters" role="search" aria-label="Démarches">
      <TextField
        name="q"
        label="Rechercher une démarche"
        hint="Par exemple : état civil, éclairage, inscription scolaire"
        type="search"
        required={false}
        width="medium"
        maxLength={200}
      />
      <button type="submit" class="button button--primary">
        Rechercher
      </button>
    </form>
  );
}

export function MetropoleHomePage({ context, communeCount, offerCounts, population }: MetropoleHomeProps) {
  return (
    <Layout context={context} title="Accueil">
      <h1>Les services numériques de la Métropole de Lyon et de ses communes</h1>
      <p class="lead">
        Communs réunit en un seul endroit les services numériques que la Métropole partage avec ses {communeCount}{' '}
        communes et leurs {formatNumber(population)} habitants.
      </p>
      <SearchBox context={context} />
      <div class="cards">
        <section class="card" aria-labelledby="titre-habitants">
          <h2 id="titre-habitants">Pour les habitants</h2>
          <p>
            Un guichet unique pour faire vos démarches en ligne, quelle que soit l'administration compétente, et suivre
            leur avancement dans un tableau de bord.
          </p>
          <ul>
            <li>
              <a href={href(context, '/demarches')}>Toutes les démarches en ligne</a>
            </li>
            <li>
              <a href={href(context, context.user ? '/mes-demandes' : '/suivi')}>
                {context.user ? 'Suivre mes demandes' : 'Suivre une demande avec son code de suivi'}
              </a>
            </li>
          </ul>
        </section>
        <section class="card" aria-labelledby="titre-communes">
          <h2 id="titre-communes">Pour les communes</h2>
          <p>
            Trois offres pour le guichet numérique Toodego, un espace numérique de travail pour les écoles, l'open data
            et le SIG.
          </p>
          <ul>
            <li>
              {plural(offerCounts.partenaire, 'commune partenaire', 'communes partenaires')} : leur propre instance,
              leurs propres démarches ;
            </li>
            <li>
              {plural(offerCounts.abonne, 'commune abonnée', 'communes abonnées')} : un catalogue de démarches clés en
              main ;
            </li>
            <li>
              {plural(offerCounts.connecte, 'commune connectée', 'communes connectées')} : des connecteurs vers leur
              propre outil.
            </li>
          </ul>
          <p>
            <a href={href(context, '/communes')}>Voir les communes et leurs services</a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

export type CommuneHomeProps = {
  context: PageContext;
  commune: { name: string; population: number | null; inseeCode: string | null };
  services: Array<{ label: string; detail: string }>;
  /** The online services the commune itself provides. */
  eservices: Array<{ title: string; summary: string; path: string }>;
  canAdminister: boolean;
};

export function CommuneHomePage({ context, commune, services, eservices, canAdminister }: CommuneHomeProps) {
  return (
    <Layout context={context} title="Accueil">
      <h1>{commune.name}</h1>
      <p class="lead">
        Les services numériques de {commune.name}
        {commune.population ? ` (${formatNumber(commune.population)} habitants)` : ''}, avec la Métropole de Lyon.
      </p>
      <SearchBox context={context} />
      <h2>Démarches en ligne de la commune</h2>
      {eservices.length ? (
        <ul class="link-list">
          {eservices.map((e) => (
            <li>
              <a href={e.path}>{e.title}</a>
              <p class="muted">{e.summary}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{commune.name} ne propose pas encore de démarche en ligne qui lui soit propre.</p>
      )}
      <p>
        <a href={href(context, '/demarches')}>Toutes les démarches ouvertes aux habitants de {commune.name}</a>, celles
        de la Métropole comprises.
      </p>
      <h2>Services partagés avec la Métropole</h2>
      {services.length ? (
        <ul class="service-list">
          {services.map((s) => (
            <li>
              <strong>{s.label}</strong> — {s.detail}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          Cette commune n'a pas encore adhéré aux services partagés. Les démarches de la Métropole restent accessibles à
          tous ses habitants.
        </p>
      )}
      {canAdminister ? (
        <p>
          <a class="button button--secondary" href={href(context, '/admin')}>
            Administrer la commune
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
