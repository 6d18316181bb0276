import type { ComponentChildren } from 'preact';
import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  FileField,
  Notice,
  TextArea,
} from '../../../platform/views/forms.tsx';
import { fileSizeText, formatDateTime, plural } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import { AnswerList } from '../../forms/index.ts';
import type { AgentRequestView } from '../agent-request-view.ts';
import { GRU_CRUMBS, GruNav } from './gru-nav.tsx';
import { RequestMap } from './request-map.tsx';
import { Assignment, StepForm, stepField } from './request-actions.tsx';

export type AgentRequestPageProps = {
  context: PageContext;
  view: AgentRequestView;
  /** Base path of this request's back-office pages. */
  base: string;
  userId: string;
  notice: { kind: 'success' | 'warning'; text: string } | null;
  /** Errors of the form that was sent (keyed by its fields), and what was typed, to redraw it. */
  errors: FieldErrors;
  values: Record<string, string>;
};

/** One message of the thread, or one internal note. */
function ThreadEntry({
  kind,
  author,
  at,
  body,
  children,
}: {
  kind: 'citizen' | 'administration' | 'note';
  author: string;
  at: Date;
  body: string;
  children?: ComponentChildren;
}) {
  return (
    <li class={`gru-message gru-message--${kind}`}>
      <p class="gru-message__meta">
        <strong>{author}</strong> — <span class="muted">{formatDateTime(at)}</span>
      </p>
      <p class="gru-message__body">{body}</p>
      {children}
    </li>
  );
}

/** A request as an agent processes it: actions first, then everything known about it. */
export function AgentRequestPage({ context, view, base, userId, notice, errors, values }: AgentRequestPageProps) {
  const { request } = view;
  const hasErrors = Object.keys(errors).length > 0;
  const fileHref = (fileId: string) => `${base}/documents/${fileId}`;
  const labels: Record<string, string> = { message: 'Message à l’usager', piece: 'Pièce jointe', note: 'Note interne' };
  for (const b of view.buttons)
    for (const f of ['texte', 'piece', 'note'] as const)
      labels[stepField(f, b)] =
        `${b.label} (${f === 'texte' ? b.text?.label : f === 'piece' ? b.file?.label : 'précision'})`;
  return (
    <Layout
      context={context}
      title={`Demande n° ${request.number} (traitement)`}
      hasErrors={hasErrors}
      breadcrumbs={GRU_CRUMBS}
    >
      <GruNav context={context} current="demandes" onPage={false} />
      <p class="gru-caption">{view.title}</p>
      <h1>Demande n° {request.number}</h1>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <div class="gru-request">
        <div class="gru-request__side">
          <section class="gru-panel" aria-labelledby="statut">
            <h2 id="statut">Statut</h2>
            <p class="gru-status">
              <strong>{view.status?.label ?? request.status}</strong>
              {view.status?.visibleToCitizen === false ? <span class="gru-badge">interne</span> : null}
            </p>
            <p class="muted">L’usager voit : « {view.citizenStatusLabel} ».</p>
            <ul class="gru-facts">
              <li>Déposée le {formatDateTime(request.submitted_at)}</li>
              <li>Dernière activité le {formatDateTime(request.activity_at)}</li>
              {request.paused_at ? (
                <li>En attente de l’usager depuis le {formatDateTime(request.paused_at)} : le délai est suspendu.</li>
              ) : null}
              <li>
                {request.closed_at ? 'Traitée en ' : 'En traitement depuis '}
                {plural(view.processingDays, 'jour', 'jours')}, attente de l’usager non comptée
              </li>
              {view.timers.map((tm) => (
                <li>
                  Sans changement d’ici le {formatDateTime(tm.dueAt)} : passage au statut « {tm.to} » ({tm.label}).
                </li>
              ))}
            </ul>
          </section>
          <Assignment context={context} base={base} view={view} userId={userId} />
          <section class="gru-panel" aria-labelledby="actions">
            <h2 id="actions">Actions</h2>
            {view.buttons.length === 0 ? (
              <p>
                {request.closed_at
                  ? 'Cette demande est close : plus aucune action.'
                  : 'Aucune action ne vous est ouverte à ce statut.'}
              </p>
            ) : (
              view.buttons.map((b) => (
                <StepForm
                  context={context}
                  base={base}
                  button={b}
                  version={request.version}
                  errors={errors}
                  values={values}
                />
              ))
            )}
          </section>
        </div>

        <div class="gru-request__main">
          <section aria-labelledby="demandeur">
            <h2 id="demandeur">Demandeur et orientation</h2>
            <dl class="summary-list">
              <div>
                <dt>Usager</dt>
                <dd>{view.citizenName ? `${view.citizenName} (compte)` : 'Sans compte (code de suivi)'}</dd>
              </div>
              <div>
                <dt>Adresse électronique</dt>
                <dd>{request.contact_email}</dd>
              </div>
              {request.contact_sms ? (
                <div>
                  <dt>Portable (SMS)</dt>
                  <dd>{request.contact_sms}</dd>
                </div>
              ) : null}
              <div>
                <dt>Orientation</dt>
                <dd>
                  {view.routing.explanation} <span class="muted">(règle : {view.routing.ruleLabel})</span>
                  {request.closed_at ? null : (
                    <>
                      {' '}
                      <a href={`${base}/reorienter`}>Réorienter vers l’administration compétente</a>
                    </>
                  )}
                </dd>
              </div>
            </dl>
          </section>

          <section aria-labelledby="reponses">
            <h2 id="reponses">Réponses</h2>
            <AnswerList
              definition={view.definition}
              answers={view.answers}
              headingLevel={3}
              fileHref={(fileId) => (view.documents.some((d) => d.fileId === fileId) ? fileHref(fileId) : null)}
            />
          </section>

          {view.map ? (
            <section aria-labelledby="lieu">
              <h2 id="lieu">Lieu</h2>
              <RequestMap point={view.map.point} boundary={view.map.boundary} communeName={view.map.communeName} />
            </section>
          ) : null}

          <section aria-labelledby="documents">
            <h2 id="documents">Documents</h2>
            {view.documents.length === 0 ? (
              <p>Aucun document.</p>
            ) : (
              <ul class="gru-documents">
                {view.documents.map((d) => (
                  <li>
                    <a href={fileHref(d.fileId)}>{d.name}</a> ({fileSizeText(d.size)}, {d.origin}, le{' '}
                    {formatDateTime(d.createdAt)}){d.visibleToCitizen ? null : <span class="gru-badge">interne</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="messages">
            <h2 id="messages">Messages avec l’usager</h2>
            {view.messages.length === 0 ? <p>Aucun message.</p> : null}
            <ol class="gru-thread">
              {view.messages.map((m) => (
                <ThreadEntry
                  kind={m.author}
                  author={m.author === 'citizen' ? `Usager (${m.authorLabel})` : m.authorLabel}
                  at={m.at}
                  body={m.body}
                >
                  {m.attachments.map((a) => (
                    <p class="gru-message__attachment">
                      Pièce jointe : <a href={fileHref(a.storedFileId)}>{a.name}</a> ({fileSizeText(a.size)})
                    </p>
                  ))}
                </ThreadEntry>
              ))}
            </ol>
            <form method="post" action={`${base}/messages`} enctype="multipart/form-data" novalidate>
              <CsrfField token={context.csrfToken} />
              <TextArea
                name="message"
                label="Message à l’usager"
                hint={`Il le lit sur la page de sa demande et en est prévenu par courriel. Signé : ${view.routing.competent.office.name}.`}
                value={values.message}
                error={errors.message}
                rows={4}
                maxLength={5000}
              />
              <FileField
                name="piece"
                label="Pièce jointe"
                hint="Image (PNG, JPEG, WebP) ou PDF, 5 Mo au plus."
                required={false}
                error={errors.piece}
                accept="image/png,image/jpeg,image/webp,application/pdf"
              />
              <button type="submit" class="button button--primary">
                Envoyer le message
              </button>
            </form>
          </section>

          <section aria-labelledby="notes">
            <h2 id="notes">Notes internes</h2>
            <p class="muted">Visibles des seuls agents : l’usager ne les voit jamais.</p>
            {view.notes.length === 0 ? <p>Aucune note.</p> : null}
            <ol class="gru-thread">
              {view.notes.map((n) => (
                <ThreadEntry kind="note" author={n.author} at={n.at} body={n.body} />
              ))}
            </ol>
            <form method="post" action={`${base}/notes`} novalidate>
              <CsrfField token={context.csrfToken} />
              <TextArea
                name="note"
                label="Nouvelle note interne"
                value={values.note}
                error={errors.note}
                rows={3}
                maxLength={4000}
              />
              <button type="submit" class="button button--secondary">
                Ajouter la note
              </button>
            </form>
          </section>

          <section aria-labelledby="historique">
            <h2 id="historique">Historique</h2>
            <ol class="gru-history">
              {view.history.map((h) => (
                <li class="gru-history__step">
                  <p class="gru-history__title">
                    <strong>{h.title}</strong> —{' '}
                    <span class="muted">
                      {formatDateTime(h.at)}, {h.actor}
                    </span>
                    {h.move && !h.move.visibleToCitizen ? <span class="gru-badge">interne</span> : null}
                  </p>
                  {h.note ? <p class="gru-history__note">{h.note}</p> : null}
                  {h.results.length ? (
                    <ul class="gru-history__results">
                      {h.results.map((r) => (
                        <li>{r}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </Layout>
  );
}
