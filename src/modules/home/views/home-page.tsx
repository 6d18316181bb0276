import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatNumber, plural } from '../../../platform/views/format.ts';

export type MetropoleHomeProps = {
  context: PageContext;
  communeCount: number;
  offerCounts: { partenaire: number; abonne: number; connecte: number };
  population: number;
};

export function MetropoleHomePage({ context, communeCount, offerCounts, population }: MetropoleHomeProps) {
  return (
    <Layout context={context} title="Accueil">
      <h1>Les services numériques de la Métropole de Lyon et de ses communes</h1>
      <p class="lead">
        Communs réunit en un seul endroit les services numériques que la Métropole partage avec ses {communeCount}{' '}
        communes et leurs {formatNumber(population)} habitants.
      </p>
      <div class="cards">
        <section class="card" aria-labelledby="titre-habitants">
          <h2 id="titre-habitants">Pour les habitants</h2>
          <p>
            Un guichet unique pour faire vos démarches en ligne, quelle que soit l'administration compétente, et suivre
            leur avancement dans un tableau de bord.
          </p>
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
  canAdminister: boolean;
};

export function CommuneHomePage({ context, commune, services, canAdminister }: CommuneHomeProps) {
  return (
    <Layout context={context} title="Accueil">
      <h1>{commune.name}</h1>
      <p class="lead">
        Les services numériques de {commune.name}
        {commune.population ? ` (${formatNumber(commune.population)} habitants)` : ''}, avec la Métropole de Lyon.
      </p>
      <h2>Services de la commune</h2>
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
