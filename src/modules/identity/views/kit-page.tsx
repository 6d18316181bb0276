import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { ATTRIBUTE_LABELS, CLAIMS_OF_ATTRIBUTE, SCOPE_ATTRIBUTES, SCOPE_LABELS } from '../oidc/claims.ts';

const ENDPOINTS: Array<[string, string]> = [
  ['Découverte', '/.well-known/openid-configuration'],
  ['Autorisation', '/auth'],
  ['Jetons', '/token'],
  ['Informations usager (userinfo)', '/me'],
  ['Clés publiques (JWKS)', '/jwks'],
  ['Introspection', '/token/introspection'],
  ['Révocation', '/token/revocation'],
  ['Déconnexion (end_session)', '/session/end'],
];

/** The connection kit's documentation — endpoints, scopes, claims, a worked example. Public. */
export function KitPage({
  context,
  issuer,
  apiBase,
  demo,
}: {
  context: PageContext;
  issuer: string;
  apiBase: string;
  demo: { clientId: string; redirectUri: string } | null;
}) {
  const example = `import * as client from 'openid-client';

const config = await client.discovery(
  new URL('${issuer}'), 'VOTRE_CLIENT_ID', 'VOTRE_SECRET',
  client.ClientSecretBasic('VOTRE_SECRET'),
);
// 1. Envoyer l'usager s'identifier (code + PKCE, obligatoire)
const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: 'https://portail.commune.fr/oidc/callback',
  scope: 'openid profile email',
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state,
});
// 2. Au retour : échanger le code, lire les informations consenties
const tokens = await client.authorizationCodeGrant(config, currentUrl, {
  pkceCodeVerifier: verifier, expectedState: state,
});
const sub = tokens.claims().sub;            // identifiant propre à votre portail
const usager = await client.fetchUserInfo(config, tokens.access_token, sub);
// 3. Déconnexion
const logout = client.buildEndSessionUrl(config, {
  id_token_hint: tokens.id_token, post_logout_redirect_uri: 'https://portail.commune.fr/',
});`;
  // The back-office API lives under each commune's instance.
  const gruBase = `${apiBase.replace(/\/api\/identity$/, '')}/c/votre-commune/api/gru`;
  const apiExample = `# Un jeton pour les API du service d'identité (grant client_credentials)
curl -u VOTRE_CLIENT_ID:VOTRE_SECRET -d grant_type=client_credentials \\
     -d scope="identity:deleted_accounts identity:keepalive" ${issuer}/token

# Les comptes supprimés depuis le 1er novembre (vos sub), par pages
curl -H "Authorization: Bearer JETON" \\
     "${apiBase}/deleted-accounts?since=2026-11-01T00:00:00Z"

# Parmi les sub que vous détenez, ceux qui n'existent plus
curl -H "Authorization: Bearer JETON" -H "Content-Type: application/json" \\
     -d '{"subs":["sub1","sub2"]}' ${apiBase}/deleted-accounts/sync

# Ces usagers utilisent encore votre service (report de la suppression pour inactivité)
curl -H "Authorization: Bearer JETON" -H "Content-Type: application/json" \\
     -d '{"subs":["sub1"]}' ${apiBase}/keepalive

# Un jeton pour l'API de la GRU (demandes de votre collectivité : lister, lire, changer d'étape, écrire)
curl -u VOTRE_CLIENT_ID:VOTRE_SECRET -d grant_type=client_credentials \
     -d scope="gru:requests" ${issuer}/token
curl -H "Authorization: Bearer JETON" "${gruBase}/requests?status=recue"`;
  return (
    <Layout context={context} title="Kit de connexion GrandLyon Connect">
      <h1>Kit de connexion à GrandLyon Connect</h1>
      <p class="lead">
        Connectez le portail de votre commune à GrandLyon Connect : vos usagers s’y identifient avec leur compte (ou
        FranceConnect), et votre portail reçoit les informations qu’ils acceptent de lui transmettre, information par
        information.
      </p>
      <h2>1. Obtenir un identifiant et un secret</h2>
      <p>
        L’administrateur de la commune demande la connexion du portail depuis l’administration de la commune («
        Connexion des portails ») ; un opérateur de la Métropole l’approuve. L’administrateur génère alors le secret,
        affiché une seule fois et conservé chiffré. Les opérateurs de la Métropole peuvent aussi enregistrer un portail
        directement.
      </p>
      {demo ? (
        <p>
          Pour essayer : le client de démonstration <code>{demo.clientId}</code> accepte l’adresse de retour{' '}
          <code>{demo.redirectUri}</code> ; son secret est affiché au démarrage de Communs en mode démonstration.
        </p>
      ) : null}
      <h2>2. Points d’accès</h2>
      <p>
        Émetteur (issuer) : <code>{issuer}</code>. Tout est décrit par le document de découverte, que les bibliothèques
        OpenID Connect lisent seules.
      </p>
      {/* A narrow screen scrolls these tables sideways: the frame takes focus so a keyboard can scroll it too. */}
      <div class="table-wrapper" role="region" aria-label="Points d’accès OpenID Connect" tabIndex={0}>
        <table class="table">
          <caption class="visually-hidden">Points d’accès OpenID Connect</caption>
          <thead>
            <tr>
              <th scope="col">Point d’accès</th>
              <th scope="col">Adresse</th>
            </tr>
          </thead>
          <tbody>
            {ENDPOINTS.map(([label, path]) => (
              <tr>
                <td>{label}</td>
                <td>
                  <code>
                    {issuer}
                    {path}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>3. Règles du protocole</h2>
      <ul>
        <li>
          Flux « authorization code » avec PKCE (S256) obligatoire ; authentification du client par{' '}
          <code>client_secret_basic</code>.
        </li>
        <li>
          Jetons d’identité signés en ES256 ; les clés sont renouvelées régulièrement : lisez-les dans le JWKS, ne les
          recopiez pas.
        </li>
        <li>
          L’identifiant <code>sub</code> est propre à votre portail (identifiant par secteur) : deux communes ne
          reçoivent jamais le même pour un même usager.
        </li>
        <li>
          À la première demande, l’usager voit chaque information demandée et l’accepte ou la refuse une à une ; seules
          les informations acceptées sont transmises. Il peut retirer son accord depuis son compte : vos jetons cessent
          alors de fonctionner.
        </li>
        <li>
          Jeton de rafraîchissement : demandez la portée <code>offline_access</code> avec <code>prompt=consent</code>.
        </li>
        <li>
          Déconnexion : redirigez vers <code>end_session</code> avec <code>id_token_hint</code> et une adresse après
          déconnexion enregistrée ; si vous avez déclaré une adresse de déconnexion en arrière-plan, elle reçoit un{' '}
          <code>logout_token</code> signé.
        </li>
        <li>
          Niveau d’authentification (<code>acr</code>) : <code>eidas1</code> (FranceConnect),{' '}
          <code>urn:grandlyon:connect:loa:mfa</code> (mot de passe et code),{' '}
          <code>urn:grandlyon:connect:loa:password</code>.
        </li>
      </ul>
      <h2>4. Portées et informations</h2>
      <div class="table-wrapper" role="region" aria-label="Portées et informations transmises" tabIndex={0}>
        <table class="table">
          <caption class="visually-hidden">Portées et informations transmises</caption>
          <thead>
            <tr>
              <th scope="col">Portée</th>
              <th scope="col">Description</th>
              <th scope="col">Informations (claims)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(SCOPE_ATTRIBUTES).map(([scope, attributes]) => (
              <tr>
                <td>
                  <code>{scope}</code>
                </td>
                <td>{SCOPE_LABELS[scope]}</td>
                <td>
                  {scope === 'openid'
                    ? 'sub'
                    : attributes.length
                      ? attributes
                          .map((a) => `${CLAIMS_OF_ATTRIBUTE[a].join(', ')} (${ATTRIBUTE_LABELS[a].toLowerCase()})`)
                          .join(' ; ')
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        Formats, identiques à ceux de FranceConnect : <code>given_name</code> tous les prénoms séparés par des espaces ;{' '}
        <code>family_name</code> nom de naissance ; <code>birthdate</code> AAAA-MM-JJ ; <code>gender</code>{' '}
        <code>female</code> ou <code>male</code> ; <code>birthplace</code> code INSEE de la commune (vide si né à
        l’étranger) ; <code>birthcountry</code> code INSEE du pays (99100 pour la France) ; <code>address</code> objet
        OpenID Connect ; <code>identity_certification</code> indique si l’identité a été certifiée par FranceConnect,
        quand et à quel niveau.
      </p>
      <h2>5. Exemple complet (Node.js, openid-client)</h2>
      <pre class="code-block" tabIndex={0} role="region" aria-label="Exemple de code">
        <code>{example}</code>
      </pre>
      <h2>6. Comptes supprimés et maintien en activité</h2>
      <p>
        Un compte inutilisé depuis deux ans est supprimé (l’usager est prévenu un mois avant). Votre portail l’apprend
        par l’API du service d’identité, décrite dans <a href="/api/openapi.json">le document OpenAPI</a>, avec un jeton
        obtenu par le grant <code>client_credentials</code> (cochez « API du service d’identité » lors de
        l’enregistrement). Une suppression reste listée 365 jours. Le même accès ouvre, avec la portée{' '}
        <code>gru:requests</code>, l’API de la GRU : le logiciel métier de votre collectivité y traite les demandes qui
        lui reviennent, et celles-là seulement.
      </p>
      <pre class="code-block" tabIndex={0} role="region" aria-label="Exemples d’appels aux API">
        <code>{apiExample}</code>
      </pre>
      <p>
        <a href={href(context, '/admin/identite')}>Connexion des portails (administration)</a>
      </p>
    </Layout>
  );
}
