import {
  Checkbox,
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDate } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { CLIENT_SCOPES, SCOPE_LABELS } from '../oidc/claims.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;
const STATUS_LABELS = { pending: 'En attente d’approbation', active: 'Actif', disabled: 'Désactivé' } as const;

export type ClientSummary = {
  id: string;
  name: string;
  tenantName: string;
  status: keyof typeof STATUS_LABELS;
  redirectUris: string[];
  createdAt: Date;
  hasSecret: boolean;
};

/** A commune's portals (commune administrators), or every portal (metropolis operators). */
export function ClientListPage({
  context,
  clients,
  operator,
}: {
  context: PageContext;
  clients: ClientSummary[];
  operator: boolean;
}) {
  return (
    <Layout
      context={context}
      title="Connexion des portails"
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Connexion des portails à GrandLyon Connect</h1>
      <p>
        Un portail communal se connecte à GrandLyon Connect comme client OpenID Connect : ses usagers s’y identifient
        avec leur compte, et il reçoit les informations qu’ils acceptent de lui transmettre. La{' '}
        <a href={href(context, '/identite/kit')}>documentation du kit de connexion</a> décrit les points d’accès et un
        exemple complet.
      </p>
      <p>
        <a class="button button--primary" href={href(context, '/admin/identite/nouveau')}>
          {operator ? 'Enregistrer un portail' : 'Demander la connexion d’un portail'}
        </a>
      </p>
      {clients.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>
              {operator ? 'Portails enregistrés, demandes en attente d’abord' : 'Portails de la commune'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Portail</th>
                {operator ? <th scope="col">Collectivité</th> : null}
                <th scope="col">Identifiant client</th>
                <th scope="col">État</th>
                <th scope="col">Enregistré le</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr>
                  <td>
                    <a href={href(context, `/admin/identite/${c.id}`)}>{c.name}</a>
                  </td>
                  {operator ? <td>{c.tenantName}</td> : null}
                  <td>
                    <code>{c.id}</code>
                  </td>
                  <td>{STATUS_LABELS[c.status]}</td>
                  <td>{formatDate(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun portail n’est encore connecté.</p>
      )}
    </Layout>
  );
}

export type ClientFormValues = {
  tenantId?: string;
  name?: string;
  redirectUris?: string;
  postLogoutRedirectUris?: string;
  backchannelLogoutUri?: string;
  scopes?: string[];
  serviceApi?: boolean;
};

export function ClientFormPage({
  context,
  values,
  errors,
  tenants,
}: {
  context: PageContext;
  values: ClientFormValues;
  errors: FieldErrors;
  /** The operator chooses the collectivity; a commune administrator registers for their own. */
  tenants: Array<{ value: string; label: string }> | null;
}) {
  return (
    <Layout
      context={context}
      title={tenants ? 'Enregistrer un portail' : 'Demander la connexion d’un portail'}
      hasErrors={hasErrors(errors)}
      breadcrumbs={[
        { label: 'Administration', path: '/admin' },
        { label: 'Connexion des portails', path: '/admin/identite' },
      ]}
    >
      <div class="narrow">
        <h1>{tenants ? 'Enregistrer un portail' : 'Demander la connexion d’un portail'}</h1>
        {tenants ? null : (
          <p>
            La demande est examinée par un opérateur de la Métropole ; vous pourrez ensuite générer le secret du
            portail.
          </p>
        )}
        <ErrorSummary errors={errors} />
        <form method="post" action={href(context, '/admin/identite/nouveau')} novalidate>
          <CsrfField token={context.csrfToken} />
          {tenants ? (
            <Select
              name="tenantId"
              label="Collectivité"
              choices={tenants}
              value={values.tenantId}
              error={errors.tenantId}
              placeholder="Choisissez…"
            />
          ) : null}
          <TextField
            name="name"
            label="Nom du portail"
            value={values.name}
            error={errors.name}
            hint="Tel que les usagers le verront, par exemple : Portail famille de Givors"
          />
          <TextArea
            name="redirectUris"
            label="Adresses de retour (redirect_uri)"
            rows={3}
            value={values.redirectUris}
            error={errors.redirectUris}
            hint="Une par ligne, en https, toutes sur le même site. Par exemple : https://portail.givors.fr/oidc/callback"
          />
          <TextArea
            name="postLogoutRedirectUris"
            label="Adresses après déconnexion (post_logout_redirect_uri)"
            rows={2}
            required={false}
            value={values.postLogoutRedirectUris}
            error={errors.postLogoutRedirectUris}
            hint="Une par ligne"
          />
          <TextField
            name="backchannelLogoutUri"
            label="Adresse de déconnexion en arrière-plan (backchannel_logout_uri)"
            type="url"
            required={false}
            value={values.backchannelLogoutUri}
            error={errors.backchannelLogoutUri}
            hint="Le portail y reçoit un jeton signé quand l’usager se déconnecte de GrandLyon Connect"
          />
          <ChoiceGroup
            name="scopes"
            label="Informations demandées (portées)"
            kind="checkbox"
            required={false}
            value={values.scopes ?? []}
            error={errors.scopes}
            hint="L’identifiant (openid) est toujours inclus. Chaque information n’est transmise qu’avec l’accord de l’usager."
            choices={CLIENT_SCOPES.map((s) => ({ value: s, label: <code>{s}</code>, hint: SCOPE_LABELS[s] }))}
          />
          <Checkbox
            name="serviceApi"
            label="Accès aux API de service (comptes supprimés, maintien en activité ; demandes de la collectivité dans la GRU)"
            hint="Par le grant client_credentials, avec le même identifiant et le même secret"
            checked={values.serviceApi}
          />
          <SubmitButton>{tenants ? 'Enregistrer le portail' : 'Envoyer la demande'}</SubmitButton>
        </form>
      </div>
    </Layout>
  );
}

export type ClientDetail = ClientSummary & {
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string[];
  serviceApi: boolean;
  secretCreatedAt: Date | null;
};

export function ClientDetailPage({
  context,
  client,
  operator,
  issuer,
  secret,
  notice,
}: {
  context: PageContext;
  client: ClientDetail;
  operator: boolean;
  issuer: string;
  /** Shown once, right after it was generated. */
  secret: string | null;
  notice?: string | undefined;
}) {
  return (
    <Layout
      context={context}
      title={client.name}
      breadcrumbs={[
        { label: 'Administration', path: '/admin' },
        { label: 'Connexion des portails', path: '/admin/identite' },
      ]}
    >
      <h1>{client.name}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      {secret ? (
        <div class="notice notice--warning" role="status">
          <h2>Secret du portail</h2>
          <p>
            Copiez-le maintenant et conservez-le dans la configuration du portail :{' '}
            <strong>il ne sera plus jamais affiché</strong> (il est conservé chiffré).
          </p>
          <p>
            <code class="secret">{secret}</code>
          </p>
        </div>
      ) : null}
      <dl class="summary-list">
        <div>
          <dt>Collectivité</dt>
          <dd>{client.tenantName}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>{STATUS_LABELS[client.status]}</dd>
        </div>
        <div>
          <dt>Identifiant client (client_id)</dt>
          <dd>
            <code>{client.id}</code>
          </dd>
        </div>
        <div>
          <dt>Émetteur (issuer)</dt>
          <dd>
            <code>{issuer}</code>
          </dd>
        </div>
        <div>
          <dt>Secret</dt>
          <dd>{client.secretCreatedAt ? `Généré le ${formatDate(client.secretCreatedAt)}` : 'Pas encore généré'}</dd>
        </div>
        <div>
          <dt>Adresses de retour</dt>
          <dd>
            <ul class="plain-list">
              {client.redirectUris.map((u) => (
                <li>
                  <code>{u}</code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Après déconnexion</dt>
          <dd>{client.postLogoutRedirectUris.length ? client.postLogoutRedirectUris.join(', ') : 'Aucune'}</dd>
        </div>
        <div>
          <dt>Déconnexion en arrière-plan</dt>
          <dd>{client.backchannelLogoutUri ?? 'Aucune'}</dd>
        </div>
        <div>
          <dt>Portées</dt>
          <dd>{['openid', ...client.scopes].join(' ')}</dd>
        </div>
        <div>
          <dt>API du service d’identité</dt>
          <dd>{client.serviceApi ? 'Oui (identity:deleted_accounts, identity:keepalive, gru:requests)' : 'Non'}</dd>
        </div>
      </dl>
      <div class="button-row">
        {operator && client.status !== 'active' ? (
          <form method="post" action={href(context, `/admin/identite/${client.id}/approbation`)}>
            <CsrfField token={context.csrfToken} />
            <SubmitButton>{client.status === 'pending' ? 'Approuver la demande' : 'Réactiver'}</SubmitButton>
          </form>
        ) : null}
        {client.status === 'active' ? (
          <form method="post" action={href(context, `/admin/identite/${client.id}/secret`)}>
            <CsrfField token={context.csrfToken} />
            <SubmitButton variant="secondary">
              {client.hasSecret ? 'Générer un nouveau secret' : 'Générer le secret'}
            </SubmitButton>
          </form>
        ) : null}
        {operator && client.status === 'active' ? (
          <form method="post" action={href(context, `/admin/identite/${client.id}/desactivation`)}>
            <CsrfField token={context.csrfToken} />
            <SubmitButton variant="danger">Désactiver le portail</SubmitButton>
          </form>
        ) : null}
      </div>
      <p>
        <a href={href(context, '/identite/kit')}>Documentation du kit de connexion</a>
      </p>
    </Layout>
  );
}
