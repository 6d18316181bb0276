import type { VNode } from 'preact';
import { CsrfField, Notice, SubmitButton } from '../../../platform/views/forms.tsx';
import { formatDate, formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { ProvenanceText, type ProvenanceView } from './provenance.tsx';

export type AccountPageProps = {
  context: PageContext;
  account: {
    displayName: string;
    email: string;
    emailVerified: boolean;
    lastLoginAt: Date | null;
    hasPassword: boolean;
  };
  identity: Array<{ label: string; value: string | null; provenance: ProvenanceView | null }>;
  certified: { at: Date; acr: string | null } | null;
  security: { totpEnabled: boolean; franceConnect: 'linked' | 'unlinked' | null; proConnectLinked: boolean };
  /** 'portal': an OpenID client receives attributes; 'service': one of our e-services prefills its forms with them. */
  consents: Array<{
    clientId: string;
    kind: 'portal' | 'service';
    name: string;
    attributes: string[];
    grantedAt: Date;
  }>;
  roles: Array<{ tenantName: string; role: string; href: string | null }>;
  otherSessions: number;
  notice?: string | undefined;
  /** The choice of notification channels, drawn by the module that keeps them (absent: no such module). */
  notificationPreferences?: ((context: PageContext) => VNode) | undefined;
};

/** The citizen's own space: identity record with provenance, security, consents, their data. */
export function AccountPage({
  context,
  account,
  identity,
  certified,
  security,
  consents,
  roles,
  otherSessions,
  notice,
  notificationPreferences,
}: AccountPageProps) {
  return (
    <Layout context={context} title="Mon compte">
      <h1>Mon compte</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <nav aria-label="Sections de la page">
        <ul class="inline-list">
          <li>
            <a href="#identite">Mon identité</a>
          </li>
          <li>
            <a href="#securite">Connexion et sécurité</a>
          </li>
          {notificationPreferences ? (
            <li>
              <a href="#notifications">Notifications</a>
            </li>
          ) : null}
          <li>
            <a href="#services">Services autorisés</a>
          </li>
          <li>
            <a href="#donnees">Mes données</a>
          </li>
        </ul>
      </nav>

      <h2 id="identite">Mon identité</h2>
      {certified ? (
        <Notice kind="info">
          Votre identité est certifiée par FranceConnect depuis le {formatDate(certified.at)}. Les informations
          certifiées ne peuvent pas être modifiées ici.
        </Notice>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>Nom affiché</dt>
          <dd>{account.displayName}</dd>
        </div>
        <div>
          <dt>Adresse électronique</dt>
          <dd>
            {account.email} <span class="badge">{account.emailVerified ? 'Vérifiée' : 'Non vérifiée'}</span>{' '}
            <a href={href(context, '/compte/adresse-electronique')}>Changer d’adresse</a>
          </dd>
        </div>
        {identity.map((row) => (
          <div>
            <dt>{row.label}</dt>
            <dd>
              {row.value ?? <span class="muted">Non renseigné</span>}
              {row.value && row.provenance ? (
                <>
                  {' '}
                  <ProvenanceText provenance={row.provenance} />
                </>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={href(context, '/compte/identite')}>Compléter ou modifier mes informations</a>
      </p>

      <h2 id="securite">Connexion et sécurité</h2>
      <dl class="summary-list">
        {account.lastLoginAt ? (
          <div>
            <dt>Dernière connexion</dt>
            <dd>{formatDateTime(account.lastLoginAt)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Mot de passe</dt>
          <dd>
            {account.hasPassword ? 'Défini' : 'Aucun (vous vous connectez avec FranceConnect ou ProConnect)'}{' '}
            <a href={href(context, '/compte/mot-de-passe')}>
              {account.hasPassword ? 'Changer de mot de passe' : 'Définir un mot de passe'}
            </a>
          </dd>
        </div>
        <div>
          <dt>Double authentification</dt>
          <dd>
            {security.totpEnabled ? 'Activée' : 'Désactivée'}{' '}
            <a href={href(context, '/compte/double-authentification')}>{security.totpEnabled ? 'Gérer' : 'Activer'}</a>
          </dd>
        </div>
        {security.franceConnect ? (
          <div>
            <dt>FranceConnect</dt>
            <dd>
              {security.franceConnect === 'linked' ? (
                <form method="post" action={href(context, '/compte/franceconnect/retrait')} class="inline-form">
                  Compte lié. <CsrfField token={context.csrfToken} />
                  <button type="submit" class="button button--link">
                    Délier FranceConnect
                  </button>
                </form>
              ) : (
                <>
                  Non lié.{' '}
                  <a href={href(context, '/franceconnect/connexion?lier=oui')}>Lier mon compte à FranceConnect</a> pour
                  certifier mon identité.
                </>
              )}
            </dd>
          </div>
        ) : null}
        {security.proConnectLinked ? (
          <div>
            <dt>ProConnect</dt>
            <dd>Compte lié à votre identité d’agent public.</dd>
          </div>
        ) : null}
      </dl>
      <p>
        {otherSessions === 0
          ? "Votre compte n'est ouvert sur aucun autre appareil."
          : otherSessions === 1
            ? 'Votre compte est aussi ouvert sur un autre appareil.'
            : `Votre compte est aussi ouvert sur ${otherSessions} autres appareils.`}
      </p>
      {otherSessions > 0 ? (
        <form method="post" action={href(context, '/compte/autres-sessions')}>
          <CsrfField token={context.csrfToken} />
          <SubmitButton variant="secondary">Déconnecter les autres appareils</SubmitButton>
        </form>
      ) : null}

      {notificationPreferences ? (
        <>
          <h2 id="notifications">Notifications</h2>
          <p>
            Les nouvelles de vos demandes (étapes, messages, échéances) vous parviennent dans l’application et par
            courriel, sauf si vous en décidez autrement ici.
          </p>
          {notificationPreferences(context)}
        </>
      ) : null}

      <h2 id="services">Services autorisés</h2>
      {consents.length ? (
        <p>
          Vos choix, démarche par démarche, de pré-remplir ou non leurs formulaires avec les informations de votre
          compte, et les portails auxquels vous vous connectez avec votre compte. Pour changer un choix, retirez-le ici
          : la question vous sera posée à nouveau au début de la démarche. Un refus se revoit aussi en un clic depuis la
          première page du formulaire (« Revoir ce choix »).
        </p>
      ) : null}
      {consents.length ? (
        <ul class="consents">
          {consents.map((c) => (
            <li class="card">
              <h3>{c.name}</h3>
              <p>
                {c.kind === 'service'
                  ? c.attributes.length
                    ? `Pré-remplissage des formulaires avec : ${c.attributes.join(', ')}.`
                    : 'Pas de pré-remplissage : vous l’avez refusé. Retirez ce refus pour que la question vous soit posée à nouveau.'
                  : `Informations transmises : ${c.attributes.length ? c.attributes.join(', ') : 'identifiant de connexion seulement'}.`}
                <br />
                Décision du {formatDate(c.grantedAt)}.
              </p>
              <form
                method="post"
                action={href(context, `/compte/autorisations/${encodeURIComponent(c.clientId)}/retrait`)}
              >
                <CsrfField token={context.csrfToken} />
                {c.kind === 'service' && !c.attributes.length ? (
                  <button type="submit" class="button button--secondary">
                    Retirer ce refus<span class="visually-hidden"> pour {c.name}</span>
                  </button>
                ) : (
                  <button type="submit" class="button button--secondary">
                    Retirer l’autorisation<span class="visually-hidden"> donnée à {c.name}</span>
                  </button>
                )}
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>Vous n’avez autorisé aucun service à accéder aux informations de votre compte.</p>
      )}

      <h2>Mes rôles</h2>
      {roles.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Rôles par collectivité</caption>
            <thead>
              <tr>
                <th scope="col">Collectivité</th>
                <th scope="col">Rôle</th>
              </tr>
            </thead>
            <tbody>
              {roles.map((r) => (
                <tr>
                  <td>{r.href ? <a href={r.href}>{r.tenantName}</a> : r.tenantName}</td>
                  <td>{r.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Vous utilisez Communs en tant qu'usager.</p>
      )}

      <h2 id="donnees">Mes données</h2>
      <p>
        Votre compte est supprimé automatiquement après deux ans sans utilisation ; vous êtes prévenu par courriel un
        mois avant.
      </p>
      <p>
        L’archive contient tout ce que nous conservons à votre sujet : votre compte et vos informations, vos
        autorisations, vos demandes (réponses, suivi, messages et documents) et vos brouillons, en JSON, avec les
        fichiers.
      </p>
      <ul>
        <li>
          <a href={href(context, '/compte/donnees.zip')} download="mes-donnees-grandlyon-connect.zip">
            Télécharger toutes mes données (archive ZIP : JSON et fichiers)
          </a>
        </li>
        <li>
          <a href={href(context, '/compte/donnees.json')} download="mes-donnees-grandlyon-connect.json">
            Télécharger mes données sans les fichiers (JSON)
          </a>
        </li>
        <li>
          <a href={href(context, '/compte/consentements.csv')}>Télécharger l’historique de mes consentements (CSV)</a>
        </li>
        <li>
          {/* The privacy module's form (issue 17 §1), reached by its address (identity sits below privacy). */}
          <a href={href(context, '/compte/droits')}>Exercer mes droits auprès du délégué à la protection des données</a>
        </li>
        <li>
          <a href={href(context, '/compte/suppression')}>Supprimer mon compte</a>
        </li>
      </ul>
    </Layout>
  );
}
