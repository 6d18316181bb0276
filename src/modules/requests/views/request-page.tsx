import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  FileField,
  Notice,
  TextArea,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { fileSizeText, formatDateTime } from '../../../platform/views/format.ts';
import type { PageContext } from '../../../platform/views/page-context.ts';
import { ProviderBadge } from '../../catalogue/index.ts';
import { AnswerList } from '../../forms/index.ts';
import type { RequestView } from '../request-view.ts';

export type RequestPageProps = {
  context: PageContext;
  view: RequestView;
  /** Base of this request's pages: …/mes-demandes/<id> or …/suivi/<code>. */
  base: string;
  /** Breadcrumb to the list it came from (the dashboard for account holders). */
  fromDashboard: boolean;
  message: { value: string; errors: FieldErrors };
  notice: string | null;
};

/** One request as its citizen follows it: status, why this administration, timeline, messages, documents, answers. */
export function RequestPage({ context, view, base, fromDashboard, message, notice }: RequestPageProps) {
  const hasErrors = Object.keys(message.errors).length > 0;
  const documentHref = (id: string) => `${base}/documents/${id}`;
  return (
    <Layout
      context={context}
      title={`Demande n° ${view.number}`}
      hasErrors={hasErrors}
      breadcrumbs={
        fromDashboard
          ? [
              { label: 'Accueil', path: '/' },
              { label: 'Mes demandes', path: '/mes-demandes' },
            ]
          : [
              { label: 'Accueil', path: '/' },
              { label: 'Suivre une demande', path: '/suivi' },
            ]
      }
    >
      <p class="caption">{view.title}</p>
      <h1>Demande n° {view.number}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorSummary errors={message.errors} labels={{ message: 'Votre message', piece: 'Pièce jointe' }} />
      <div class="request-status">
        <p class="request-status__label">
          Statut : <strong>{view.status.label}</strong>
        </p>
        <p class="muted">
          Envoyée le {formatDateTime(view.submittedAt)} · dernière mise à jour le {formatDateTime(view.updatedAt)} ·
          code de suivi {view.trackingCode}
        </p>
        <p>
          <a href={`${base}/accuse-de-reception`}>Voir l'accusé de réception</a>
        </p>
      </div>
      <div class="providers">
        <ProviderBadge provider={view.provider} label="Démarche proposée par" />
        <ProviderBadge provider={view.competent} label="Traitée par" />
      </div>
      <h2>Pourquoi cette administration ?</h2>
      <p>{view.routing.explanation}</p>
      <p class="muted">Règle appliquée : {view.routing.ruleLabel}.</p>

      <h2>Historique</h2>
      <ol class="timeline">
        {view.timeline.map((step) => (
          <li class="timeline__step">
            <p class="timeline__title">
              <strong>{step.label}</strong> — <span class="muted">{formatDateTime(step.at)}</span>
            </p>
            {step.note ? <p class="timeline__note">{step.note}</p> : null}
          </li>
        ))}
      </ol>

      <h2 id="messages">Messages</h2>
      {view.messages.length === 0 ? <p>Aucun message pour l'instant.</p> : null}
      <ol class="messages">
        {view.messages.map((m) => (
          <li class={`message message--${m.author}`}>
            <p class="message__meta">
              <strong>{m.author === 'citizen' ? 'Vous' : m.authorLabel}</strong> —{' '}
              <span class="muted">{formatDateTime(m.at)}</span>
            </p>
            <p class="message__body">{m.body}</p>
            {m.attachments.map((a) => (
              <p class="message__attachment">
                Pièce jointe : <a href={documentHref(a.id)}>{a.name}</a> ({fileSizeText(a.size)})
              </p>
            ))}
          </li>
        ))}
      </ol>
      {view.status.final && view.routing.channel === 'platform' ? (
        <p>Cette demande est close : pour une nouvelle question, faites une nouvelle démarche.</p>
      ) : (
        <form method="post" action={`${base}/messages`} enctype="multipart/form-data" novalidate>
          <CsrfField token={context.csrfToken} />
          <h3>Écrire à {view.competent.name}</h3>
          <TextArea
            name="message"
            label="Votre message"
            value={message.value}
            error={message.errors.message}
            rows={5}
            maxLength={5000}
          />
          <FileField
            name="piece"
            label="Pièce jointe"
            hint="Image (PNG, JPEG, WebP) ou PDF, 5 Mo au plus."
            required={false}
            error={message.errors.piece}
            accept="image/png,image/jpeg,image/webp,application/pdf"
          />
          <button type="submit" class="button button--primary">
            Envoyer le message
          </button>
        </form>
      )}

      <h2>Documents</h2>
      {view.documents.length === 0 ? (
        <p>Aucun document.</p>
      ) : (
        <ul class="documents">
          {view.documents.map((d) => (
            <li>
              <a href={documentHref(d.id)}>{d.name}</a> ({fileSizeText(d.size)},{' '}
              {d.messageId ? 'joint à un message' : 'joint à la demande'}, le {formatDateTime(d.createdAt)})
            </li>
          ))}
        </ul>
      )}

      <h2>Vos réponses</h2>
      <AnswerList
        definition={view.definition}
        answers={view.answers}
        headingLevel={3}
        fileHref={(fileId) => {
          const document = view.documents.find((d) => d.storedFileId === fileId);
          return document ? documentHref(document.id) : null;
        }}
      />
    </Layout>
  );
}
