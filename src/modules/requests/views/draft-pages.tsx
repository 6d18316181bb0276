import type { DraftReviewSection } from '../../../platform/app-module/app-module.ts';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, TextField } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { type Provider, ProviderBadge } from '../../catalogue/index.ts';
import {
  AnswerList,
  type Answers,
  type AppointmentChoice,
  conditionFields,
  displayOf,
  type DisplayValue,
  evaluateCondition,
  type FormDefinition,
  FormField,
  type FormPage,
  isFileAnswer,
} from '../../forms/index.ts';

type ServiceHeader = { title: string; path: string; provider: Provider };

export type DraftFormPageProps = {
  context: PageContext;
  service: ServiceHeader;
  definition: FormDefinition;
  page: FormPage;
  /** 1-based position among the pages the citizen goes through, and their number. */
  step: { position: number; count: number };
  action: string;
  previous: boolean;
  answers: Answers;
  /** What was sent with errors, shown again instead of the held answers. */
  sent?: Record<string, DisplayValue> | undefined;
  errors: FieldErrors;
  labels: Record<string, string>;
  prefillable: Set<string>;
  /**
   * On the first page, when the citizen refused to prefill this e-service's form: what they refused, and the consent
   * step to change their mind in one click (a refusal is remembered, never silently).
   */
  prefillRefused?: { attributes: string[]; reviewHref: string } | null | undefined;
  idempotencyKey: string;
  /** The page's appointment fields: their days and times. */
  appointments?: Record<string, AppointmentChoice>;
  /** The documents of the citizen's personal space, offered beside each file field. */
  personalFiles?: ReadonlyArray<{ id: string; label: string }>;
};

/** One page of an e-service's form (multi-page, error summary on top, works without JavaScript). */
export function DraftFormPage(props: DraftFormPageProps) {
  const { context, service, definition, page, step, errors } = props;
  const hasFile = page.fields.some((f) => f.type === 'file');
  return (
    <Layout
      context={context}
      title={`${page.title} – ${service.title}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Démarches', path: '/demarches' },
        { label: service.title, path: service.path.slice(context.tenant.base.length) },
      ]}
    >
      <ProviderBadge provider={service.provider} />
      <p class="caption">
        {service.title} — étape {step.position} sur {step.count}
      </p>
      <h1>{page.title}</h1>
      <ErrorSummary errors={errors} labels={props.labels} />
      <p class="muted">
        Les champs sont obligatoires, sauf ceux marqués « facultatif ». Vos réponses sont enregistrées à chaque étape.
      </p>
      {props.prefillRefused ? (
        <Notice kind="info">
          <p class="notice__title">Ce formulaire n’est pas pré-rempli avec les informations de votre compte</p>
          <p>
            Vous avez choisi de ne pas les utiliser pour cette démarche ({props.prefillRefused.attributes.join(', ')}).{' '}
            <a href={props.prefillRefused.reviewHref}>Revoir ce choix</a> ou le changer depuis{' '}
            <a href={href(context, '/compte#services')}>votre compte, rubrique « Services autorisés »</a>.
          </p>
        </Notice>
      ) : null}
      <form
        method="post"
        action={props.action}
        enctype={hasFile ? 'multipart/form-data' : undefined}
        novalidate
        class="dynamic-form"
        data-autosave={props.action}
      >
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="_idem" value={props.idempotencyKey} />
        {page.fields.map((field) => {
          // A condition on earlier pages' answers is decided now; one on this page's answers is shown with its note
          // (and mirrored live by the enhancement script).
          const onThisPage = field.condition
            ? conditionFields(field.condition).some((key) => page.fields.some((f) => f.key === key))
            : false;
          if (field.condition && !onThisPage && !evaluateCondition(field.condition, props.answers)) return null;
          const shown = field.condition && !onThisPage ? { ...field, condition: undefined } : field;
          const held = props.answers[field.key];
          const value = props.sent && field.key in props.sent ? props.sent[field.key] : displayOf(held);
          return (
            <FormField
              field={shown}
              definition={definition}
              value={value}
              heldFile={held !== undefined && isFileAnswer(held) ? held : undefined}
              error={errors[field.key]}
              prefilled={props.prefillable.has(field.key) && held !== undefined}
              appointment={props.appointments?.[field.key]}
              personalFiles={props.personalFiles}
            />
          );
        })}
        <div class="form-actions">
          <button type="submit" class="button button--primary" name="_action" value="continuer">
            Continuer
          </button>
          {props.previous ? (
            <button type="submit" class="button button--secondary" name="_action" value="precedent">
              Étape précédente
            </button>
          ) : null}
          <button type="submit" class="button button--link" name="_action" value="enregistrer">
            Enregistrer et reprendre plus tard
          </button>
        </div>
      </form>
      <script type="module" src="/static/js/forms.js" />
    </Layout>
  );
}

export type ReviewPageProps = {
  context: PageContext;
  service: ServiceHeader;
  definition: FormDefinition;
  answers: Answers;
  editHref: (page: number) => string;
  action: string;
  deleteAction: string;
  handledBy: string;
  /** Signed-in citizens get the acknowledgement at their account's address; others give one. */
  accountEmail: string | null;
  values: { contact_email: string; sms: string };
  errors: FieldErrors;
  idempotencyKey: string;
  /** What other modules add before the sending (open reports nearby, to follow instead). */
  sections?: readonly DraftReviewSection[];
};

/** The review page: every answer with a way to change it, where the acknowledgement goes, and the one send button. */
export function ReviewPage(props: ReviewPageProps) {
  const { context, service, errors } = props;
  return (
    <Layout
      context={context}
      title={`Vérifiez votre demande – ${service.title}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Démarches', path: '/demarches' },
        { label: service.title, path: service.path.slice(context.tenant.base.length) },
      ]}
    >
      <ProviderBadge provider={service.provider} />
      <p class="caption">{service.title} — dernière étape</p>
      <h1>Vérifiez votre demande avant de l'envoyer</h1>
      <ErrorSummary errors={errors} labels={{ contact_email: 'Adresse électronique', sms: 'Téléphone portable' }} />
      <AnswerList definition={props.definition} answers={props.answers} editHref={props.editHref} />
      {(props.sections ?? []).map((section) => section(context))}
      <form method="post" action={props.action} novalidate class="submit-form">
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="_idem" value={props.idempotencyKey} />
        <h2>Suivi de votre demande</h2>
        {props.accountEmail ? (
          <p>
            L'accusé de réception et les nouvelles de votre demande seront envoyés à{' '}
            <strong>{props.accountEmail}</strong>, et votre demande apparaîtra dans « Mes demandes ».
          </p>
        ) : (
          <TextField
            name="contact_email"
            label="Adresse électronique"
            hint="L'accusé de réception, le code de suivi et les nouvelles de votre demande y seront envoyés."
            type="email"
            autocomplete="email"
            spellcheck={false}
            value={props.values.contact_email}
            error={errors.contact_email}
          />
        )}
        <TextField
          name="sms"
          label="Téléphone portable, pour être aussi prévenu par SMS"
          hint="Par exemple 06 12 34 56 78."
          type="tel"
          autocomplete="tel"
          width="medium"
          required={false}
          value={props.values.sms}
          error={errors.sms}
        />
        <h2>Envoi</h2>
        <p>{props.handledBy}</p>
        <p>
          En envoyant cette demande, vous transmettez ces informations à l'administration compétente, qui s'en sert pour
          la traiter. Vous recevrez aussitôt un accusé de réception électronique.
        </p>
        <button type="submit" class="button button--primary" data-submit-once>
          Envoyer ma demande
        </button>
      </form>
      <form method="post" action={props.deleteAction} class="delete-draft">
        <CsrfField token={context.csrfToken} />
        <button type="submit" class="button button--link">
          Supprimer ce brouillon
        </button>
      </form>
      <script type="module" src="/static/js/forms.js" />
    </Layout>
  );
}
