import { ErrorSummary, type FieldErrors, Notice, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { type Provider, ProviderBadge } from '../../catalogue/index.ts';
import type { Acknowledgement } from '../acknowledgement.ts';

export type DashboardRequest = {
  number: string;
  href: string;
  title: string;
  provider: Provider;
  competent: Provider;
  status: string;
  updatedAt: Date;
};
export type DashboardDraft = { title: string; provider: Provider; href: string; updatedAt: Date };

/** All of a citizen's requests, whoever handles them, and their drafts to resume. */
export function DashboardPage({
  context,
  requests,
  drafts,
  notice,
}: {
  context: PageContext;
  requests: DashboardRequest[];
  drafts: DashboardDraft[];
  notice: string | null;
}) {
  return (
    <Layout context={context} title="Mes demandes" breadcrumbs={[{ label: 'Accueil', path: '/' }]}>
      <h1>Mes demandes</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <h2>Demandes envoyées</h2>
      {requests.length === 0 ? (
        <p>
          Vous n'avez encore envoyé aucune demande. <a href={href(context, '/demarches')}>Trouver une démarche</a>
        </p>
      ) : (
        <ul class="request-list">
          {requests.map((r) => (
            <li class="request-card">
              <h3 class="request-card__title">
                <a href={r.href}>
                  {r.title} — n° {r.number}
                </a>
              </h3>
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
