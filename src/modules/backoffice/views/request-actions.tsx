import { CsrfField, type FieldErrors, FileField, Select, TextArea } from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import type { PageContext } from '../../../platform/views/page-context.ts';
import type { AgentRequestView, StepButton } from '../agent-request-view.ts';

/** The side panel's forms of a request's back-office page: its workflow steps and who processes it. */

/** Field names of a step's form carry its key: several forms share the page, and ids must stay unique. */
export const stepField = (field: 'texte' | 'piece' | 'note', button: Pick<StepButton, 'kind' | 'key'>) =>
  `${field}-${button.kind === 'transition' ? 'vers' : 'bouton'}-${button.key}`;

export function StepForm({
  context,
  base,
  button,
  version,
  errors,
  values,
}: {
  context: PageContext;
  base: string;
  button: StepButton;
  version: number;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const action = button.kind === 'transition' ? `${base}/transitions` : `${base}/boutons/${button.key}`;
  const name = (field: 'texte' | 'piece' | 'note') => stepField(field, button);
  const hasInput = button.text || button.file || button.note;
  return (
    <form
      method="post"
      action={action}
      class={`step${hasInput ? ' step--input' : ''}`}
      enctype={button.file ? 'multipart/form-data' : undefined}
      novalidate
    >
      <CsrfField token={context.csrfToken} />
      <input type="hidden" name="version" value={String(version)} />
      {button.kind === 'transition' ? <input type="hidden" name="vers" value={button.key} /> : null}
      {button.text ? (
        <TextArea
          name={name('texte')}
          label={button.text.label}
          hint={
            button.text.kind === 'internal'
              ? 'Visible des seuls agents.'
              : 'L’usager le lit sur la page de sa demande et le reçoit par courriel.'
          }
          value={values[name('texte')]}
          error={errors[name('texte')]}
          rows={4}
          maxLength={4000}
        />
      ) : null}
      {button.file ? (
        <FileField
          name={name('piece')}
          label={button.file.label}
          hint={`Image (PNG, JPEG, WebP) ou PDF, 5 Mo au plus. ${button.file.visibleToCitizen ? 'L’usager le verra.' : 'Document interne : l’usager ne le verra pas.'}`}
          required={button.file.required}
          error={errors[name('piece')]}
          accept="image/png,image/jpeg,image/webp,application/pdf"
        />
      ) : null}
      {/* Several steps of one status can each carry a note: the step's name tells their fields apart. */}
      {button.note ? (
        <TextArea
          name={name('note')}
          label={`Précision pour l’usager (${button.label})`}
          hint="Affichée avec le nouveau statut et dans le courriel."
          required={false}
          value={values[name('note')]}
          error={errors[name('note')]}
          rows={2}
          maxLength={1000}
        />
      ) : null}
      <button
        type="submit"
        class={`button ${hasInput ? 'button--primary' : 'button--secondary'}`}
        aria-describedby={`effet-${name('texte')}`}
      >
        {button.label}
      </button>
      <p class="step__effects muted" id={`effet-${name('texte')}`}>
        {button.effects.length ? `Effet : ${button.effects.join(', ')}.` : null}
      </p>
    </form>
  );
}

export function Assignment({
  context,
  base,
  view,
  userId,
}: {
  context: PageContext;
  base: string;
  view: AgentRequestView;
  userId: string;
}) {
  const { request, assignee } = view;
  const version = String(request.version);
  const mine = assignee?.id === userId;
  const colleagues = view.agents.filter((a) => a.userId !== assignee?.id);
  return (
    <section class="gru-panel" aria-labelledby="prise-en-charge">
      <h2 id="prise-en-charge">Prise en charge</h2>
      <p class="assignment">
        {assignee ? (
          <>
            {mine ? (
              'Vous traitez cette demande'
            ) : (
              <>
                Traitée par <strong>{assignee.name}</strong>
              </>
            )}
            {request.assigned_at ? <span class="muted"> depuis le {formatDateTime(request.assigned_at)}</span> : null}.
          </>
        ) : request.assigned_role ? (
          <>
            Confiée aux {request.assigned_role === 'admin' ? 'administrateurs' : 'agents'} ; personne ne la traite
            encore.
          </>
        ) : (
          'Personne ne traite cette demande.'
        )}
      </p>
      {request.closed_at ? null : (
        <div class="assignment__actions">
          {!mine ? (
            <form method="post" action={`${base}/prendre`} class="inline-form">
              <CsrfField token={context.csrfToken} />
              <input type="hidden" name="version" value={version} />
              {assignee ? <input type="hidden" name="reprise" value="oui" /> : null}
              <button type="submit" class="button button--primary">
                {assignee ? `Reprendre la demande à ${assignee.name}` : 'Prendre en charge'}
              </button>
            </form>
          ) : (
            <form method="post" action={`${base}/liberer`} class="inline-form">
              <CsrfField token={context.csrfToken} />
              <input type="hidden" name="version" value={version} />
              <button type="submit" class="button button--secondary">
                Libérer la demande
              </button>
            </form>
          )}
          {colleagues.length ? (
            <form method="post" action={`${base}/attribuer`} class="assign-form">
              <CsrfField token={context.csrfToken} />
              <input type="hidden" name="version" value={version} />
              <Select
                name="agent"
                label="Attribuer à"
                required
                choices={colleagues.map((a) => ({
                  value: a.userId,
                  label: a.userId === userId ? `${a.displayName} (vous)` : a.displayName,
                }))}
              />
              <button type="submit" class="button button--secondary">
                Attribuer
              </button>
            </form>
          ) : null}
        </div>
      )}
    </section>
  );
}
