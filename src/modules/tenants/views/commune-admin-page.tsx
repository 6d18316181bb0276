import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatDateTime } from '../../../platform/views/format.ts';

export type CommuneAdminProps = {
  context: PageContext;
  commune: { name: string; offer: string };
  capabilities: string[];
  members: Array<{ displayName: string; email: string; roles: string; lastLoginAt: Date | null }>;
  canTheme: boolean;
  /** The offer lets the commune build its own e-services (the studio). */
  canBuild: boolean;
  canPickTurnkey: boolean;
  /** The viewer may manage agents here (the offer's rule: the commune's administrators, or operators only). */
  canManageAgents: boolean;
  /** A Connecté commune's requests are handed to its own system: the connector's settings (connectors module). */
  canConnectOwnSystem: boolean;
  /** The offer lets the commune connect its portal to GrandLyon Connect. */
  canConnectPortal: boolean;
  /** The commune subscribes to the school workspace: its schools' portals and their usage statistics. */
  canUseSchools: boolean;
  testInstanceHref: string | null;
  productionHref: string | null;
  agentsManagedBy: 'commune' | 'metropole' | null;
};

export function CommuneAdminPage(props: CommuneAdminProps) {
  const { context, commune } = props;
  return (
    <Layout context={context} title="Administration" breadcrumbs={[{ label: 'Accueil', path: '/' }]}>
      <h1>Administration : {commune.name}</h1>
      <p>
        Offre Toodego : <strong>{commune.offer}</strong>
        {context.tenant.isTestInstance ? null : (
          <>
            {' '}
            —{' '}
            <a href={href(context, '/admin/convention')}>
              convention avec la Métropole, contributions et comptes rendus
            </a>
          </>
        )}
      </p>
      <div class="cards">
        <section class="card" aria-labelledby="titre-offre">
          <h2 id="titre-offre">Ce que comprend l'offre</h2>
          {props.capabilities.length ? (
            <ul>
              {props.capabilities.map((c) => (
                <li>{c}</li>
              ))}
            </ul>
          ) : (
            <p>La commune n'a souscrit à aucun service partagé.</p>
          )}
        </section>
        <section class="card" aria-labelledby="titre-instance">
          <h2 id="titre-instance">Instance</h2>
          <ul>
            {props.canConnectPortal ? (
              <li>
                <a href={href(context, '/admin/identite')}>Connexion du portail de la commune à GrandLyon Connect</a>
              </li>
            ) : null}
            {props.canConnectOwnSystem ? (
              <li>
                <a href={href(context, '/admin/connecteur')}>
                  Connecteur vers le logiciel de la commune (Open311 ou webhook signé)
                </a>
              </li>
            ) : null}
            {context.tenant.isTestInstance ? null : (
              <li>
                {/* The connectors module's page, reached by its address only (tenants sits below connectors). */}
                <a href={href(context, '/admin/open311')}>
                  Clés d’accès Open311 (outils de la commune, applications mobiles)
                </a>
              </li>
            )}
            {context.tenant.isTestInstance ? null : (
              <li>
                {/* The reports module's page, reached by its address only (tenants sits below reports). */}
                <a href={href(context, '/admin/signalements')}>Modération des signalements de la commune</a>
              </li>
            )}
            {context.tenant.isTestInstance ? null : (
              <li>
                {/* The privacy module's pages, reached by their address only (tenants sits below privacy). */}
                <a href={href(context, '/admin/droits')}>
                  Protection des données : demandes d’exercice des droits, conservation, registre des traitements
                </a>
              </li>
            )}
            {context.tenant.isTestInstance ? null : (
              <>
                {/* The insights, incidents and home modules' pages, reached by their address only (tenants sits below). */}
                <li>
                  <a href={href(context, '/statistiques-usage')}>Statistiques d’usage de la commune</a>
                </li>
                <li>
                  <a href={href(context, '/incidents')}>Signaler une violation de données ou une attaque</a>
                </li>
                <li>
                  <a href={href(context, '/admin/actualites-commune')}>Actualités de la commune (page d’accueil)</a>
                </li>
              </>
            )}
            <li>
              <a href={href(context, '/identite/kit')}>Kit de connexion GrandLyon Connect (documentation)</a>
            </li>
            {props.canBuild ? (
              <li>
                <a href={href(context, '/admin/studio')}>Studio des démarches (formulaires, circuits, publication)</a>
              </li>
            ) : null}
            {props.canUseSchools ? (
              <>
                <li>
                  <a href={href(context, '/ecole')}>Espace numérique des écoles (portails des écoles)</a>
                </li>
                <li>
                  <a href={href(context, '/admin/ecoles/statistiques')}>Statistiques d'usage des écoles</a>
                </li>
              </>
            ) : null}
            {props.canPickTurnkey ? (
              <li>
                <a href={href(context, '/admin/demarches-cle-en-main')}>Choisir des démarches clé-en-main</a>
              </li>
            ) : null}
            {props.canTheme ? (
              <li>
                <a href={href(context, '/admin/apparence')}>Modifier la charte graphique (logo, couleur)</a>
              </li>
            ) : null}
            {context.tenant.isTestInstance ? null : (
              <li>
                <a href={href(context, '/admin/sortie')}>
                  Changement d'offre et sortie (archive des données, demandes en cours)
                </a>
              </li>
            )}
            {props.testInstanceHref ? (
              <li>
                <a href={props.testInstanceHref}>Ouvrir l'instance de test</a>
              </li>
            ) : null}
            {props.productionHref ? (
              <li>
                <a href={props.productionHref}>Revenir à l'instance de production</a>
              </li>
            ) : null}
          </ul>
        </section>
      </div>
      <h2>Agents et administrateurs</h2>
      {props.agentsManagedBy === 'metropole' ? (
        <p>
          Avec l'offre Abonné, les accès des agents sont gérés par la Métropole : adressez vos demandes à l'équipe
          Toodego.
        </p>
      ) : null}
      {props.canManageAgents ? (
        <p>
          <a href={href(context, '/admin/agents')}>Inviter, suspendre ou retirer des agents, changer leurs rôles</a>
        </p>
      ) : null}
      {props.members.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Personnes ayant un rôle dans la commune</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Rôles</th>
                <th scope="col">Dernière connexion</th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <th scope="row">{m.displayName}</th>
                  <td>{m.email}</td>
                  <td>{m.roles}</td>
                  <td>{m.lastLoginAt ? formatDateTime(m.lastLoginAt) : 'jamais'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Personne n'a encore de rôle dans cette commune.</p>
      )}
    </Layout>
  );
}
