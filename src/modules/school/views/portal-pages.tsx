import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { PROFILE_LABELS, SERVICES, type ServiceKey } from '../portal-rights.ts';
import type { Profile } from '../school.tables.ts';

const HOME = [{ label: 'Accueil', path: '/' }];
const SCHOOLS = [...HOME, { label: 'Écoles', path: '/ecole' }];

export type SchoolsPageProps = {
  context: PageContext;
  schools: Array<{ path: string; uai: string; name: string; kind: string; mine: boolean }>;
  eduConnect: boolean;
};

/** The commune's schools and the ways in: EduConnect for pupils and parents, the platform's login for the others. */
export function SchoolsPage({ context, schools, eduConnect }: SchoolsPageProps) {
  return (
    <Layout context={context} title="Espace numérique des écoles" breadcrumbs={HOME}>
      <h1>Espace numérique des écoles</h1>
      {context.user ? null : (
        <section aria-labelledby="titre-connexion">
          <h2 id="titre-connexion">Se connecter</h2>
          <ul>
            {eduConnect ? (
              <li>
                Élèves et parents :{' '}
                <a href={href(context, '/ecole/educonnect/connexion')}>se connecter avec EduConnect</a>
              </li>
            ) : null}
            <li>
              Enseignants et personnels :{' '}
              <a href={href(context, '/connexion?retour=/ecole')}>se connecter avec ProConnect</a> (page de connexion).
            </li>
            <li>
              Parents et autres membres :{' '}
              <a href={href(context, '/connexion?retour=/ecole')}>se connecter avec votre compte</a> de la Métropole,
              avec l'adresse électronique que l'école connaît.
            </li>
          </ul>
        </section>
      )}
      <h2>{context.tenant.kind === 'metropole' ? 'Écoles de la Métropole' : `Écoles de ${context.tenant.name}`}</h2>
      {schools.length ? (
        <ul class="link-list">
          {schools.map((s) => (
            <li>
              <a href={s.path}>{s.name}</a> ({s.kind}, UAI {s.uai}){s.mine ? ' — votre école' : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune école n'est ouverte dans l'espace numérique de la commune.</p>
      )}
    </Layout>
  );
}

export type PortalPageProps = {
  context: PageContext;
  school: { uai: string; name: string };
  profile: Profile;
  manages: boolean;
  tiles: Array<{ id: string; title: string; service: ServiceKey | string }>;
  news: Array<{ title: string; body: string; author: string; at: Date }>;
};

export function PortalPage({ context, school, profile, manages, tiles, news }: PortalPageProps) {
  return (
    <Layout context={context} title={school.name} breadcrumbs={SCHOOLS}>
      <h1>{school.name}</h1>
      <p>
        Vous êtes connecté en tant que <strong>{PROFILE_LABELS[profile]}</strong>.
        {manages ? (
          <>
            {' '}
            <a href={href(context, `/ecole/${school.uai}/gestion`)}>Administrer l'école</a>
          </>
        ) : null}
      </p>
      <section aria-labelledby="titre-services">
        <h2 id="titre-services">Services</h2>
        {tiles.length ? (
          <ul class="tiles">
            {tiles.map((t) => (
              <li class="tile">
                <a class="tile__link" href={href(context, `/ecole/${school.uai}/services/${t.id}`)}>
                  <span class="tile__title">{t.title}</span>
                  <span class="tile__kind">{SERVICES[t.service as ServiceKey] ?? 'Service'}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>L'école ne propose encore aucun service à votre profil.</p>
        )}
      </section>
      <section aria-labelledby="titre-actualites">
        <h2 id="titre-actualites">Actualités de l'école</h2>
        {news.length ? (
          news.map((n) => (
            <article class="news">
              <h3>{n.title}</h3>
              <p class="news__meta">
                {formatDate(n.at)} — {n.author}
              </p>
              {n.body.split(/\n{2,}/).map((paragraph) => (
                <p>{paragraph}</p>
              ))}
            </article>
          ))
        ) : (
          <p>Aucune actualité pour le moment.</p>
        )}
      </section>
    </Layout>
  );
}

export function NotMemberPage({ context, school }: { context: PageContext; school: { name: string } }) {
  return (
    <Layout context={context} title={school.name} breadcrumbs={SCHOOLS}>
      <h1>{school.name}</h1>
      <p>
        Votre compte ({context.user?.email}) n'a pas de profil dans cette école. Si vous en faites partie, demandez à
        son administrateur d'enregistrer cette adresse électronique, ou connectez-vous avec EduConnect (élèves et
        parents) ou ProConnect (enseignants et personnels).
      </p>
      <p>
        <a href={href(context, '/ecole')}>Revenir à la liste des écoles</a>
      </p>
    </Layout>
  );
}

const REFUSALS = {
  invalid_response:
    "La réponse d'EduConnect n'a pas pu être vérifiée (signature, destinataire ou validité). Recommencez la connexion.",
  replayed: "Cette réponse d'EduConnect a déjà servi : recommencez la connexion.",
  unsupported_profile:
    "EduConnect ne nous a pas indiqué si vous êtes élève ou responsable : la connexion n'est pas possible.",
  unknown_person:
    "Votre compte EduConnect n'est rattaché à aucune école de l'espace numérique de la Métropole. Adressez-vous à l'école : elle vérifiera votre fiche dans l'annuaire.",
  unavailable: "La connexion avec EduConnect n'est pas configurée sur cette plateforme.",
} as const;
export type EduConnectRefusal = keyof typeof REFUSALS;

export function EduConnectRefusedPage({ context, reason }: { context: PageContext; reason: EduConnectRefusal }) {
  return (
    <Layout context={context} title="Connexion avec EduConnect impossible" breadcrumbs={SCHOOLS}>
      <h1>Connexion avec EduConnect impossible</h1>
      <p>{REFUSALS[reason]}</p>
      <p>
        <a href={href(context, '/ecole')}>Revenir à l'espace numérique des écoles</a>
      </p>
    </Layout>
  );
}
