import type { ToodegoOffer } from '../../../platform/db/schema.ts';
import { formatNumber, plural } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { EmptyState, SearchBox, ThemeLinks } from '../../../platform/views/search-box.tsx';
import {
  type Contact,
  ContactDetails,
  News,
  type NewsItem,
  PendingActions,
  type PendingItem,
  SectionTitle,
  ServiceTiles,
  type ServiceTile,
} from './home-parts.tsx';

/** What every home page shows: the most used services, the themes, the citizen's to-do, the news. */
type HomeContent = {
  context: PageContext;
  popular: ServiceTile[];
  themes: string[];
  /** Null for a visitor who is not signed in. */
  pending: { actions: PendingItem[]; more: boolean } | null;
  news: NewsItem[];
};

export type MetropoleHomeProps = HomeContent & {
  communeCount: number;
  offerCounts: { partenaire: number; abonne: number; connecte: number };
  population: number;
};

function PendingSection({ context, pending }: Pick<HomeContent, 'context' | 'pending'>) {
  if (!pending) return null;
  return (
    <section aria-labelledby="titre-actions">
      <SectionTitle id="titre-actions" icon="hourglass">
        Mes actions en attente
      </SectionTitle>
      <PendingActions context={context} actions={pending.actions} more={pending.more} />
    </section>
  );
}

function PopularSection({ context, popular, title }: Pick<HomeContent, 'context' | 'popular'> & { title: string }) {
  return (
    <section aria-labelledby="titre-populaires">
      <SectionTitle id="titre-populaires" icon="file-text">
        {title}
      </SectionTitle>
      {popular.length ? (
        <ServiceTiles tiles={popular} />
      ) : (
        <EmptyState icon="file-text" title="Aucune démarche n'est encore en ligne ici.">
          <p>
            Les démarches de la Métropole restent ouvertes à tous :{' '}
            <a href={href(context, '/demarches')}>voir le catalogue</a>.
          </p>
        </EmptyState>
      )}
      <p>
        <a href={href(context, '/demarches')}>Toutes les démarches en ligne</a>
      </p>
    </section>
  );
}

function ThemesSection({ context, themes }: Pick<HomeContent, 'context' | 'themes'>) {
  if (themes.length === 0) return null;
  return (
    <section aria-labelledby="titre-themes">
      <SectionTitle id="titre-themes" icon="folder-open">
        Les démarches par thème
      </SectionTitle>
      <ThemeLinks context={context} themes={themes} />
    </section>
  );
}

function NewsSection({ context, news }: Pick<HomeContent, 'context' | 'news'>) {
  return (
    <section aria-labelledby="titre-actualites">
      <SectionTitle id="titre-actualites" icon="newspaper">
        Actualités
      </SectionTitle>
      <News context={context} items={news} />
    </section>
  );
}

export function MetropoleHomePage(props: MetropoleHomeProps) {
  const { context, communeCount, offerCounts, population } = props;
  return (
    <Layout context={context} title="Accueil">
      <div class="hero">
        <h1>Les services numériques de la Métropole de Lyon et de ses communes</h1>
        <p class="lead">
          Un seul endroit pour les services numériques que la Métropole partage avec ses {communeCount} communes et
          leurs {formatNumber(population)} habitants.
        </p>
        <SearchBox context={context} />
      </div>
      <PendingSection context={context} pending={props.pending} />
      <PopularSection context={context} popular={props.popular} title="Les démarches les plus demandées" />
      <ThemesSection context={context} themes={props.themes} />
      <div class="home-columns">
        <NewsSection context={context} news={props.news} />
        <section class="card" aria-labelledby="titre-communes">
          <h2 id="titre-communes">Pour les communes</h2>
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

/** Where a commune's requests are handled, by its offer: what an inhabitant may expect (issue 23 §2). */
export function handlingText(name: string, offer: ToodegoOffer | undefined): string {
  switch (offer) {
    case 'partenaire':
      return `${name} traite vos demandes ici, sur Communs : ses propres démarches comme celles qu'elle partage avec la Métropole.`;
    case 'abonne':
      return `${name} propose les démarches clés en main de la Métropole ; ses agents traitent vos demandes ici, sur Communs.`;
    case 'connecte':
      return `Vous déposez vos demandes ici ; elles sont transmises aussitôt à l'outil de ${name}, qui les traite. Vous suivez leur avancement dans « Mes demandes ».`;
    default:
      return `${name} ne traite pas encore de demandes en ligne : les démarches de la Métropole restent ouvertes à ses habitants.`;
  }
}

export type CommuneHomeProps = HomeContent & {
  commune: { name: string; population: number | null; offer: ToodegoOffer | undefined };
  services: Array<{ label: string; detail: string }>;
  /** The online services the commune itself provides. */
  eservices: ServiceTile[];
  contact: Contact | null;
  canAdminister: boolean;
};

export function CommuneHomePage(props: CommuneHomeProps) {
  const { context, commune, services, eservices, contact, canAdminister } = props;
  return (
    <Layout context={context} title="Accueil">
      <div class="hero">
        <h1>{commune.name}</h1>
        <p class="lead">
          Les services numériques de {commune.name}
          {commune.population ? ` (${formatNumber(commune.population)} habitants)` : ''}, avec la Métropole de Lyon.
        </p>
        <SearchBox context={context} />
      </div>
      <PendingSection context={context} pending={props.pending} />
      <div class="home-columns">
        <div>
          <section aria-labelledby="titre-commune">
            <SectionTitle id="titre-commune" icon="landmark">
              Démarches en ligne de la commune
            </SectionTitle>
            {eservices.length ? (
              <ServiceTiles tiles={eservices} />
            ) : (
              <EmptyState
                icon="file-text"
                title={`${commune.name} ne propose pas encore de démarche qui lui soit propre.`}
              >
                <p>Les démarches de la Métropole ci-dessous sont ouvertes à ses habitants.</p>
              </EmptyState>
            )}
          </section>
          <PopularSection context={context} popular={props.popular} title="Démarches partagées avec la Métropole" />
          <ThemesSection context={context} themes={props.themes} />
          <NewsSection context={context} news={props.news} />
        </div>
        <aside aria-label={`${commune.name} : contact et services`}>
          <section class="card contact" aria-labelledby="titre-contact">
            <h2 id="titre-contact">Contacter la mairie</h2>
            {contact ? (
              <ContactDetails contact={contact} />
            ) : (
              <p>La commune n'a pas encore indiqué ses coordonnées ici : l'annuaire de service-public.fr les donne.</p>
            )}
            {canAdminister ? (
              <p>
                <a href={href(context, '/admin/coordonnees')}>Modifier les coordonnées et les horaires</a>
                {' · '}
                <a href={href(context, '/admin/actualites-commune')}>Publier une actualité</a>
              </p>
            ) : null}
          </section>
          <section class="card" aria-labelledby="titre-partage">
            <h2 id="titre-partage">Qui traite vos demandes</h2>
            <p>{handlingText(commune.name, commune.offer)}</p>
            {services.length ? (
              <ul class="service-list">
                {services.map((s) => (
                  <li>
                    <strong>{s.label}</strong> — {s.detail}
                  </li>
                ))}
              </ul>
            ) : null}
            {canAdminister ? (
              <p>
                <a class="button button--secondary" href={href(context, '/admin')}>
                  Administrer la commune
                </a>
              </p>
            ) : null}
          </section>
        </aside>
      </div>
    </Layout>
  );
}
