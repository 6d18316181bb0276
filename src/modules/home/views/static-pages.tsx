import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

/** The accessibility statement RGAA 4.1 requires on every public service site. */
export function AccessibilityPage({ context }: { context: PageContext }) {
  return (
    <Layout context={context} title="Déclaration d'accessibilité">
      <h1>Déclaration d'accessibilité</h1>
      <p>
        La Métropole de Lyon s'engage à rendre ses services numériques accessibles, conformément à l'article 47 de la
        loi n° 2005-102 du 11 février 2005.
      </p>
      <h2>État de conformité</h2>
      <p>
        Communs est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de
        l'accessibilité (RGAA), version 4.1, en attendant l'audit complet. Chaque page est vérifiée automatiquement
        (axe-core, zéro défaut toléré) et parcourue au clavier à chaque modification.
      </p>
      <h2>Contenus non accessibles</h2>
      <p>Aucun contenu non accessible n'est connu à ce jour. Un audit par un organisme indépendant reste à mener.</p>
      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'administration concernée pour être
        orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou à une fonctionnalité, que
        vous nous l'avez signalé et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur
        des droits, contacter son délégué dans votre région ou lui écrire par courrier gratuit : Défenseur des droits,
        Libre réponse 71120, 75342 Paris CEDEX 07.
      </p>
    </Layout>
  );
}

type SiteLink = { path: string; label: string };

/** Every section a visitor may reach from here, by who they are: the site map RGAA 12.3 asks for. */
export function siteSections(
  context: PageContext,
  offers: { schools: boolean; petale?: boolean } = { schools: false },
): Array<{ title: string; links: SiteLink[] }> {
  const { user, tenant } = context;
  const local = (path: string, label: string): SiteLink => ({ path: href(context, path), label });
  const sections = [
    {
      title: 'Démarches',
      links: [
        local('/', 'Accueil'),
        local('/demarches', 'Démarches en ligne'),
        local('/suivi', 'Suivre une demande avec son code de suivi'),
        ...(tenant.isTestInstance ? [] : [local('/signalements', 'Signalements sur l’espace public')]),
        ...(tenant.kind === 'metropole' ? [local('/communes', 'Les communes et leurs services')] : []),
        ...(offers.schools ? [local('/ecole', 'Espace numérique des écoles')] : []),
      ],
    },
    {
      title: 'Données ouvertes',
      links: [
        local('/donnees', 'Portail des données ouvertes'),
        local('/donnees/actualites', 'Actualités, tutoriels et réutilisations'),
      ],
    },
    {
      title: 'Votre compte',
      links: user
        ? [
            local('/mes-demandes', 'Mes demandes'),
            local('/notifications', 'Mes notifications'),
            ...(offers.petale ? [local('/petale', 'Mon espace pétale (documents pour mes démarches)')] : []),
            local('/compte', 'Mon compte'),
          ]
        : [
            local('/connexion', 'Se connecter'),
            local('/inscription', 'Créer un compte'),
            local('/mot-de-passe-oublie', 'Mot de passe oublié'),
          ],
    },
  ];
  const work: SiteLink[] = [
    ...(user?.processes ?? []).map((space) => ({ path: space.href, label: `Demandes à traiter : ${space.name}` })),
    ...(user?.maps ?? []).map((space) => ({ path: space.href, label: `Carte des agents (SIG) : ${space.name}` })),
    ...(user?.isOperator ? [{ path: '/admin', label: 'Administration de la plateforme' }] : []),
    ...(user?.administers ?? [])
      .filter((space) => !(user?.isOperator && space.href === '/admin'))
      .map((space) => ({ path: space.href, label: `Administration : ${space.name}` })),
  ];
  if (work.length) sections.push({ title: 'Espaces de travail', links: work });
  sections.push({
    title: 'Partenaires et informations',
    links: [
      local('/identite/kit', 'Kit de connexion à GrandLyon Connect (portails des communes)'),
      { path: '/api/openapi.json', label: 'API (description OpenAPI)' },
      local('/accessibilite', "Déclaration d'accessibilité"),
      local('/confidentialite', 'Données personnelles et exercice de vos droits'),
    ],
  });
  return sections;
}

export function SiteMapPage({
  context,
  schools = false,
  petale = false,
}: {
  context: PageContext;
  schools?: boolean;
  petale?: boolean;
}) {
  return (
    <Layout context={context} title="Plan du site">
      <h1>Plan du site</h1>
      {siteSections(context, { schools, petale }).map((section) => (
        <>
          <h2>{section.title}</h2>
          <ul>
            {section.links.map((link) => (
              <li>
                <a href={link.path}>{link.label}</a>
              </li>
            ))}
          </ul>
        </>
      ))}
    </Layout>
  );
}
