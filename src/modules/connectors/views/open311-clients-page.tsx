import { formatDate } from '../../../platform/views/format.ts';
import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  SubmitButton,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';

export type Open311ClientsPageProps = {
  context: PageContext;
  /** The address clients post requests to (our Open311 server's `requests.json`). */
  requestsUrl: string;
  /** The jurisdiction_id clients send: the tenant's slug. */
  jurisdictionId: string;
  clients: Array<{ id: string; name: string; createdAt: Date; last4: string; revokedAt: Date | null }>;
  values: { name: string };
  errors: FieldErrors;
  /** Just created: the only time its key is ever shown. */
  created: { name: string; apiKey: string } | null;
  /** Just revoked (the outcome of the revoke button). */
  revoked: { name: string; last4: string } | null;
};

const LABELS = { name: 'Nom du client' };

export function Open311ClientsPage(props: Open311ClientsPageProps) {
  const { context, clients, values, errors, created, revoked } = props;
  return (
    <Layout
      context={context}
      title="Clés d’accès Open311"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>Clés d’accès Open311 de {context.tenant.name}</h1>
      {revoked ? (
        <Notice>
          La clé « {revoked.name} »{revoked.last4 ? ` (se terminant par « ${revoked.last4} »)` : ''} est révoquée :
          notre serveur Open311 la refuse désormais.
        </Notice>
      ) : null}
      {created ? (
        <section class="notice notice--warning" aria-labelledby="titre-cle-creee">
          <h2 id="titre-cle-creee">Clé d’accès de « {created.name} »</h2>
          <p>
            <code id="cle-open311" class="secret">
              {created.apiKey}
            </code>
          </p>
          <p>
            <strong>Copiez-la maintenant : elle ne sera plus jamais affichée.</strong> Nous n’en conservons qu’une
            empreinte ; si elle est perdue, révoquez-la et créez-en une autre.
          </p>
          <p>
            Le client l’envoie dans le paramètre <code>api_key</code> de chaque dépôt de demande{' '}
            <code>POST {props.requestsUrl}</code>, avec <code>jurisdiction_id={props.jurisdictionId}</code>.
          </p>
        </section>
      ) : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <p>
        Les outils de la commune ou une application mobile peuvent déposer des demandes sur la plateforme par notre
        serveur Open311 (GeoReport v2), au nom de {context.tenant.name} : chacun reçoit sa propre clé d’accès, que vous
        pouvez révoquer à tout moment.
      </p>
      <h2>Créer une clé d’accès</h2>
      <form method="post" action={href(context, '/admin/open311')} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="name"
          label={LABELS.name}
          hint="Pour le reconnaître dans la liste, par exemple « Application mobile de la commune »."
          value={values.name}
          error={errors.name}
          maxLength={100}
          autocomplete="off"
        />
        <SubmitButton>Créer la clé d’accès</SubmitButton>
      </form>
      <h2>Clés existantes</h2>
      {clients.length === 0 ? (
        <p>Aucune clé d’accès n’a encore été créée.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Les clés d’accès Open311 de {context.tenant.name}</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Créée le</th>
                <th scope="col">Fin de la clé</th>
                <th scope="col">État</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr>
                  <th scope="row">{c.name}</th>
                  <td>{formatDate(c.createdAt)}</td>
                  <td>{c.last4 ? <code>…{c.last4}</code> : '—'}</td>
                  <td>{c.revokedAt ? `Révoquée le ${formatDate(c.revokedAt)}` : 'En service'}</td>
                  <td>
                    {c.revokedAt ? (
                      '—'
                    ) : (
                      <form
                        method="post"
                        action={href(context, `/admin/open311/${c.id}/revocation`)}
                        class="inline-form"
                      >
                        <CsrfField token={context.csrfToken} />
                        <button type="submit" class="button button--danger">
                          Révoquer<span class="visually-hidden"> la clé « {c.name} »</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
