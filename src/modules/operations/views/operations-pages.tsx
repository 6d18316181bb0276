import { CsrfField, Notice, Select } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatDateTime } from '../../../platform/views/format.ts';

const ADMIN_CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Administration', path: '/admin' },
];

export type OutboxPageProps = {
  context: PageContext;
  transport: 'smtp' | 'outbox';
  messages: Array<{ id: string; subject: string; to: string; date: Date | null }>;
};

export function OutboxPage({ context, transport, messages }: OutboxPageProps) {
  return (
    <Layout context={context} title="Courriels envoyés" breadcrumbs={ADMIN_CRUMBS}>
      <h1>Courriels envoyés</h1>
      {transport === 'smtp' ? (
        <p>Les courriels partent par le serveur SMTP configuré : ils ne sont pas conservés ici.</p>
      ) : (
        <p>
          Aucun serveur SMTP n'est configuré : les courriels sont conservés dans cette boîte d'envoi au lieu de partir.
        </p>
      )}
      {messages.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Courriels, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Destinataire</th>
                <th scope="col">Objet</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr>
                  <td>{m.date ? formatDateTime(m.date) : '—'}</td>
                  <td>{m.to}</td>
                  <td>
                    <a href={href(context, `/admin/courriels/${m.id}`)}>{m.subject}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun courriel pour le moment.</p>
      )}
    </Layout>
  );
}

export type OutboxMessagePageProps = {
  context: PageContext;
  message: { id: string; subject: string; to: string; from: string; date: Date | null; text: string; hasHtml: boolean };
};

export function OutboxMessagePage({ context, message }: OutboxMessagePageProps) {
  return (
    <Layout
      context={context}
      title={message.subject}
      breadcrumbs={[...ADMIN_CRUMBS, { label: 'Courriels', path: '/admin/courriels' }]}
    >
      <h1>{message.subject}</h1>
      <dl class="summary-list">
        <div>
          <dt>De</dt>
          <dd>{message.from}</dd>
        </div>
        <div>
          <dt>À</dt>
          <dd>{message.to}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{message.date ? formatDateTime(message.date) : '—'}</dd>
        </div>
      </dl>
      <h2>Version texte</h2>
      <pre class="mail-text">{message.text}</pre>
      {message.hasHtml ? (
        <p>
          <a href={href(context, `/admin/courriels/${message.id}/html`)}>Voir la version HTML</a>
        </p>
      ) : null}
    </Layout>
  );
}

export type AuditPageProps = {
  context: PageContext;
  events: Array<{
    at: Date;
    actor: string;
    tenant: string;
    action: string;
    target: string;
    details: string;
    ip: string;
  }>;
  filters: { tenant: string; action: string };
  tenantChoices: Array<{ value: string; label: string }>;
  nextHref: string | null;
};

export function AuditPage({ context, events, filters, tenantChoices, nextHref }: AuditPageProps) {
  return (
    <Layout context={context} title="Journal d'audit" breadcrumbs={ADMIN_CRUMBS}>
      <h1>Journal d'audit</h1>
      <p>Chaque action administrative, dans l'ordre inverse. Le journal ne peut être ni modifié ni effacé.</p>
      <form method="get" action={href(context, '/admin/journal')} class="filters" aria-label="Filtrer le journal">
        <Select
          name="collectivite"
          label="Collectivité"
          required={false}
          placeholder="Toutes"
          value={filters.tenant}
          choices={tenantChoices}
        />
        <Select
          name="action"
          label="Type d'action"
          required={false}
          placeholder="Toutes"
          value={filters.action}
          choices={[
            { value: 'session', label: 'Connexions' },
            { value: 'subscription', label: 'Abonnements' },
            { value: 'tenant', label: 'Instances' },
            { value: 'job', label: 'Tâches' },
          ]}
        />
        <button type="submit" class="button button--secondary">
          Filtrer
        </button>
      </form>
      {events.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Événements du journal d'audit</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Qui</th>
                <th scope="col">Collectivité</th>
                <th scope="col">Action</th>
                <th scope="col">Objet</th>
                <th scope="col">Détails</th>
                <th scope="col">Adresse IP</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{e.tenant}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.target}</td>
                  <td>
                    <code class="details">{e.details}</code>
                  </td>
                  <td>{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun événement ne correspond.</p>
      )}
      {nextHref ? (
        <nav aria-label="Pagination du journal">
          <a href={nextHref}>Événements plus anciens</a>
        </nav>
      ) : null}
    </Layout>
  );
}

export type JobsPageProps = {
  context: PageContext;
  counts: Array<{ queue: string; name: string; ready: string; running: string; done: string; failed: string }>;
  failed: Array<{ id: string; name: string; attempts: number; error: string; failedAt: Date | null }>;
  notice?: string | undefined;
};

export function JobsPage({ context, counts, failed, notice }: JobsPageProps) {
  return (
    <Layout context={context} title="Tâches de fond" breadcrumbs={ADMIN_CRUMBS}>
      <h1>Tâches de fond</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      {counts.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>Tâches par type</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Tâche</th>
                <th scope="col" class="numeric">
                  En attente
                </th>
                <th scope="col" class="numeric">
                  En cours
                </th>
                <th scope="col" class="numeric">
                  Terminées
                </th>
                <th scope="col" class="numeric">
                  En échec
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr>
                  <td>{c.queue}</td>
                  <th scope="row">{c.name}</th>
                  <td class="numeric">{c.ready}</td>
                  <td class="numeric">{c.running}</td>
                  <td class="numeric">{c.done}</td>
                  <td class="numeric">{c.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune tâche enregistrée.</p>
      )}
      <h2>Tâches en échec</h2>
      {failed.length ? (
        <ul class="failed-jobs">
          {failed.map((job) => (
            <li>
              <p>
                <strong>{job.name}</strong> n° {job.id}, {job.attempts} tentative{job.attempts > 1 ? 's' : ''}
                {job.failedAt ? `, le ${formatDateTime(job.failedAt)}` : ''}
              </p>
              <p class="muted">{job.error}</p>
              <form method="post" action={href(context, `/admin/taches/${job.id}/relancer`)}>
                <CsrfField token={context.csrfToken} />
                <button type="submit" class="button button--secondary">
                  Relancer la tâche n° {job.id}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune tâche en échec.</p>
      )}
    </Layout>
  );
}
