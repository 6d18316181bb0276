import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { EmptyState } from '../../../platform/views/search-box.tsx';
import { type Provider, ProviderBadge } from '../../catalogue/index.ts';
import type { Acknowledgement } from '../acknowledgement.ts';

export type DashboardRequest = {
  number: string;
  href: string;
  title: string;
  provider: Provider;
  competent: Provider;
  status: string;
  /** The administration asked the citizen something and waits for the answer. */
  waiting: boolean;
  closed: boolean;
  updatedAt: Date;
};
export type DashboardDraft = { title: string; provider: Provider; href: string; deleteHref: string; updatedAt: Date };

/** The dashboard's filters by status, in the order offered. */
export const DASHBOARD_FILTERS = ['toutes', 'attente', 'en-cours', 'terminees'] as const;
const FILTER_LABELS: Record<(typeof DASHBOARD_FILTERS)[number], string> = {
  toutes: 'Toutes mes demandes',
  attente: 'En attente de ma réponse',
  'en-cours': 'En cours',
  terminees: 'Terminées',
};

/** All of a citizen's requests, whoever handles them (those waiting for their answer first), and their drafts. */
export function DashboardPage({
  context,
  requests,
  counts,
  filter,
  drafts,
  notice,
}: {
  context: PageContext;
  requests: DashboardRequest[];
  counts: Record<(typeof DASHBOARD_FILTERS)[number], number>;
  filter: (typeof DASHBOARD_FILTERS)[number];
  drafts: DashboardDraft[];
  notice: string | null;
}) {
  const waiting = counts.attente;
  return (
    <Layout context={context} title="Mes demandes" breadcrumbs={[{ label: 'Accueil', path: '/' }]}>
      <h1>Mes demandes</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      {waiting > 0 ? (
        <Notice kind="warning">
          {waiting > 1
            ? `${waiting} demandes attendent votre réponse : elles sont en tête de liste.`
            : 'Une demande attend votre réponse : elle est en tête de liste.'}
        </Notice>
      ) : null}
      <h2>Demandes envoyées</h2>
      {counts.toutes > 0 ? (
        <form method="get" action={href(context, '/mes-demandes')} class="dashboard-filter">
          <Select
            name="statut"
            label="Afficher"
            required={false}
            value={filter}
            choices={DASHBOARD_FILTERS.map((f) => ({ value: f, label: `${FILTER_LABELS[f]} (${counts[f]})` }))}
          />
          <button type="submit" class="button">
            Filtrer
          </button>
        </form>
      ) : null}
      {counts.toutes === 0 ? (
        <EmptyState icon="inbox" title="Vous n'avez encore envoyé aucune demande.">
          <p>
            Vos demandes et leur avancement s'afficheront ici.{' '}
            <a href={href(context, '/demarches')}>Trouver une démarche</a>
          </p>
        </EmptyState>
      ) : requests.length === 0 ? (
        <p>Aucune demande dans « {FILTER_LABELS[filter]} ».</p>
      ) : (
        <ul class="request-list">
          {requests.map((r) => (
            <li class={r.waiting ? 'request-card request-card--waiting' : 'request-card'}>
              <h3 class="request-card__title">
                <a href={r.href}>
                  {r.title} — n° {r.number}
                </a>
              </h3>
              {r.waiting ? (
                <p class="request-card__waiting">
                  <strong class="badge badge--waiting">En attente de votre réponse</strong> L’administration vous a posé
                  une question : ouvrez la demande pour lui répondre.
                </p>
              ) : null}
              <p class="request-card__status">
                Statut : <strong>{r.status}</strong> · mise à jour le {formatDateTime(r.updatedAt)}
              </p>
              <div class="providers">
                <ProviderBadge provider={r.provider} label="Proposée par" />
                <ProviderBadge provider={r.competent} label="Traitée par" />
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2>Brouillons</h2>
      {drafts.length === 0 ? (
        <p>Aucun brouillon en cours.</p>
      ) : (
        <ul class="request-list">
          {drafts.map((d) => (
            <li class="request-card">
              <h3 class="request-card__title">
                <a href={d.href}>Reprendre : {d.title}</a>
              </h3>
              <p class="request-card__status">Enregistré le {formatDateTime(d.updatedAt)}</p>
              <ProviderBadge provider={d.provider} />
              <p>
                <a href={d.deleteHref}>
                  Supprimer ce brouillon<span class="visually-hidden"> : {d.title}</span>
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={href(context, '/suivi')}>Suivre une demande faite sans compte, avec son code de suivi</a>
      </p>
    </Layout>
  );
}

/** Deleting a draft, confirmed on its own page (no script needed): what goes, and the way back. */
export function ConfirmDraftDeletionPage({
  context,
  title,
  updatedAt,
  action,
  keepHref,
}: {
  context: PageContext;
  title: string;
  updatedAt: Date;
  action: string;
  keepHref: string;
}) {
  return (
    <Layout
      context={context}
      title="Supprimer un brouillon"
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Mes demandes', path: '/mes-demandes' },
      ]}
    >
      <h1>Supprimer ce brouillon ?</h1>
      <p>
        Brouillon de la démarche « {title} », enregistré le {formatDateTime(updatedAt)}. Ses réponses et ses pièces
        jointes seront effacées ; vous ne pourrez pas le retrouver.
      </p>
      <form method="post" action={action}>
        <CsrfField token={context.csrfToken} />
        <button type="submit" class="button button--danger">
          Supprimer définitivement
        </button>{' '}
        <a href={keepHref}>Non, garder le brouillon</a>
      </form>
    </Layout>
  );
}

/** The acknowledgement, as a page: the same mentions as the e-mail, kept as issued. */
export function AcknowledgementPage({
  context,
  acknowledgement,
  requestHref,
  competent,
  provider,
  contactEmail,
}: {
  context: PageContext;
  acknowledgement: Acknowledgement;
  requestHref: string;
  competent: Provider;
  provider: Provider;
  contactEmail: string;
}) {
  return (
    <Layout
      context={context}
      title={`Accusé de réception n° ${acknowledgement.number}`}
      breadcrumbs={[{ label: 'Accueil', path: '/' }]}
    >
      <div class="confirmation" role="status">
        <h1 class="confirmation__title">Votre demande a bien été envoyée</h1>
        <p class="confirmation__number">
          Numéro : <strong>{acknowledgement.number}</strong>
        </p>
        <p>
          Code de suivi : <strong class="tracking-code">{acknowledgement.trackingCode}</strong>
        </p>
      </div>
      <p>Un exemplaire de cet accusé de réception a été envoyé à {contactEmail}.</p>
      <div class="providers">
        <ProviderBadge provider={provider} label="Démarche proposée par" />
        <ProviderBadge provider={competent} label="Traitée par" />
      </div>
      <h2>Accusé de réception électronique</h2>
      <div class="acknowledgement">
        {acknowledgement.paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </div>
      <p>
        <a class="button button--primary" href={requestHref}>
          Suivre ma demande
        </a>
      </p>
    </Layout>
  );
}

/** Following a request without an account: its tracking code is the key. */
export function TrackingLookupPage({
  context,
  code,
  errors,
}: {
  context: PageContext;
  code: string;
  errors: FieldErrors;
}) {
  return (
    <Layout
      context={context}
      title="Suivre une demande"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Accueil', path: '/' }]}
    >
      <h1>Suivre une demande</h1>
      <ErrorSummary errors={errors} />
      <p>Le code de suivi figure dans l'accusé de réception que vous avez reçu par courriel.</p>
      <form method="get" action={href(context, '/suivi')} novalidate>
        <TextField
          name="code"
          label="Code de suivi"
          hint="12 caractères, par exemple K7M2-XQ9P-4HDT."
          value={code}
          error={errors.code}
          width="medium"
          spellcheck={false}
          autocomplete="off"
        />
        <button type="submit" class="button button--primary">
          Voir ma demande
        </button>
      </form>
    </Layout>
  );
}

/** A request held by an account, reached by its tracking code by someone not signed in as its owner: its status only. */
export function TrackingSummaryPage({
  context,
  number,
  title,
  status,
  updatedAt,
  loginHref,
}: {
  context: PageContext;
  number: string;
  title: string;
  status: string;
  updatedAt: Date;
  loginHref: string;
}) {
  return (
    <Layout
      context={context}
      title={`Demande n° ${number}`}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Suivre une demande', path: '/suivi' },
      ]}
    >
      <p class="caption">{title}</p>
      <h1>Demande n° {number}</h1>
      <p>
        Statut : <strong>{status}</strong> (mise à jour le {formatDateTime(updatedAt)}).
      </p>
      <p>
        Cette demande a été faite avec un compte. <a href={loginHref}>Connectez-vous</a> pour voir son détail, ses
        messages et ses documents.
      </p>
    </Layout>
  );
}
