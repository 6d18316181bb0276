import { CsrfField, Notice } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import type { PageContext } from '../../../platform/views/page-context.ts';
import {
  ACCESS_LABELS,
  type EServiceSettings,
  LEGAL_KIND_LABELS,
  type Provider,
  ProviderBadge,
} from '../../catalogue/index.ts';

export type EServicePageProps = {
  context: PageContext;
  eservice: {
    title: string;
    summary: string;
    description: string;
    access: keyof typeof ACCESS_LABELS;
    mutualised: boolean;
    themes: string[];
    path: string;
  };
  settings: EServiceSettings;
  provider: Provider;
  start:
    | { kind: 'form' }
    | { kind: 'login'; href: string }
    | { kind: 'certified' }
    | { kind: 'unavailable'; message?: string | null };
  drafts: Array<{ href: string; updatedAt: Date }>;
};

function silenceText(settings: EServiceSettings): string | null {
  if (settings.legal.kind !== 'demande') return null;
  const { months, days } = settings.legal.delay;
  const delay = [months ? `${months} mois` : null, days ? `${days} jours` : null].filter(Boolean).join(' et ');
  return settings.legal.silence === 'acceptance'
    ? `Sans réponse dans un délai de ${delay}, votre demande complète est réputée acceptée.`
    : `Sans réponse dans un délai de ${delay}, votre demande est réputée rejetée ; vous pourrez alors la contester.`;
}

/** An e-service: what it is for, who provides and handles it, what happens after, and where to start. */
export function EServicePage({ context, eservice, settings, provider, start, drafts }: EServicePageProps) {
  const silence = silenceText(settings);
  return (
    <Layout
      context={context}
      title={eservice.title}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Démarches', path: '/demarches' },
      ]}
    >
      <h1>{eservice.title}</h1>
      <ProviderBadge provider={provider} />
      <p class="lead">{eservice.summary}</p>
      {eservice.description.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
      <h2>À savoir</h2>
      <dl class="summary-list">
        <div>
          <dt>Type de démarche</dt>
          <dd>{LEGAL_KIND_LABELS[settings.legal.kind]}</dd>
        </div>
        <div>
          <dt>Qui la traite</dt>
          <dd>
            {eservice.mutualised
              ? `Service mutualisé proposé par ${provider.name} : votre demande est transmise automatiquement à l'administration compétente (la Métropole ou votre commune) selon le lieu et la catégorie.`
              : `${settings.office.name} (${provider.name})`}
          </dd>
        </div>
        <div>
          <dt>Accès</dt>
          <dd>{ACCESS_LABELS[eservice.access]}</dd>
        </div>
        {silence ? (
          <div>
            <dt>Délai de réponse</dt>
            <dd>{silence}</dd>
          </div>
        ) : null}
        {eservice.themes.length ? (
          <div>
            <dt>Thèmes</dt>
            <dd>{eservice.themes.join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <p>Vous recevrez un accusé de réception par courriel, avec un numéro et un code de suivi.</p>
      {drafts.length ? (
        <Notice kind="info">
          <p class="notice__title">Vous avez déjà commencé cette démarche :</p>
          <ul>
            {drafts.map((d) => (
              <li>
                <a href={d.href}>Reprendre le brouillon enregistré le {formatDateTime(d.updatedAt)}</a>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {start.kind === 'form' ? (
        <form method="post" action={`${eservice.path}/commencer`}>
          <CsrfField token={context.csrfToken} />
          <button type="submit" class="button button--primary">
            {drafts.length ? 'Commencer une nouvelle demande' : 'Commencer la démarche'}
          </button>
        </form>
      ) : start.kind === 'login' ? (
        <p>
          <a class="button button--primary" href={start.href}>
            Se connecter pour commencer
          </a>
        </p>
      ) : start.kind === 'certified' ? (
        <Notice kind="warning">
          Cette démarche demande une identité certifiée par FranceConnect. Connectez-vous avec FranceConnect pour la
          commencer.
        </Notice>
      ) : (
        <Notice kind="warning">
          <p>Cette démarche n'est pas ouverte en ce moment.</p>
          {start.message ? <p>{start.message}</p> : null}
        </Notice>
      )}
    </Layout>
  );
}
