import { Layout } from '../../../platform/views/layout.tsx';
import {
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { FaqRow } from '../support.tables.ts';

/** The FAQ, the help form in two steps (suggested answers, then sending) and its confirmation. */

export type FaqEntryView = Pick<FaqRow, 'id' | 'question' | 'answer' | 'service_slug'> & {
  serviceTitle: string | null;
};

function Answers({ entries, headingLevel }: { entries: FaqEntryView[]; headingLevel: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="faq-list">
      {entries.map((entry) => (
        <li class="faq-entry">
          <Heading class="faq-entry__question">{entry.question}</Heading>
          {entry.serviceTitle ? <p class="faq-entry__service">Démarche : {entry.serviceTitle}</p> : null}
          {entry.answer.split(/\n{2,}/).map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </li>
      ))}
    </ul>
  );
}

export function FaqPage(props: {
  context: PageContext;
  q: string;
  service: { slug: string; title: string } | null;
  entries: FaqEntryView[];
  mayMaintain: boolean;
}) {
  const { context, q, service, entries } = props;
  const helpHref = `/aide/demande?page=${encodeURIComponent('/aide')}${service ? `&service=${service.slug}` : ''}`;
  return (
    <Layout context={context} title={service ? `Aide : ${service.title}` : 'Aide et questions fréquentes'}>
      <h1>{service ? `Aide : ${service.title}` : 'Aide et questions fréquentes'}</h1>
      <form method="get" action={href(context, '/aide')} role="search" class="search-form">
        <TextField
          name="q"
          type="search"
          label="Rechercher dans les questions fréquentes"
          hint="Par exemple : suivre ma demande, mot de passe, composteur."
          required={false}
          value={q}
        />
        {service ? <input type="hidden" name="service" value={service.slug} /> : null}
        <SubmitButton variant="secondary">Rechercher</SubmitButton>
      </form>
      <p aria-live="polite">
        {q
          ? entries.length === 0
            ? `Aucune réponse ne correspond à « ${q} ».`
            : `${entries.length} réponse${entries.length > 1 ? 's' : ''} pour « ${q} ».`
          : null}
      </p>
      <Answers entries={entries} headingLevel={2} />
      <h2>Vous n’avez pas trouvé votre réponse ?</h2>
      <p>
        <a href={href(context, helpHref)}>Poser votre question</a> : l’administration compétente vous répond, et vous
        suivez votre demande d’aide comme vos autres demandes.
      </p>
      {props.mayMaintain ? (
        <p>
          <a href={href(context, '/admin/aide')}>Gérer les questions fréquentes</a>
        </p>
      ) : null}
    </Layout>
  );
}

export type HelpFormValues = { subject: string; message: string; email: string; key: string };

export function HelpFormPage(props: {
  context: PageContext;
  helpContext: { page: string; service: { slug: string; title: string } | null; requestNumber: string | null };
  administrationName: string;
  values: HelpFormValues;
  errors: FieldErrors;
  /** Set on the second step: the answers matching what was typed, shown before sending. */
  suggestions: FaqEntryView[] | null;
}) {
  const { context, helpContext, values, errors, suggestions } = props;
  const anonymous = !context.user;
  const hidden = (
    <>
      <CsrfField token={context.csrfToken} />
      <input type="hidden" name="page" value={helpContext.page} />
      {helpContext.service ? <input type="hidden" name="service" value={helpContext.service.slug} /> : null}
      <input type="hidden" name="key" value={values.key} />
    </>
  );
  return (
    <Layout context={context} title="Demander de l’aide" hasErrors={Object.keys(errors).length > 0}>
      <h1>Demander de l’aide</h1>
      <ErrorSummary errors={errors} />
      <p>
        Votre demande sera traitée par <strong>{props.administrationName}</strong>
        {helpContext.service ? <>, compétente pour la démarche « {helpContext.service.title} »</> : null}.
        {helpContext.requestNumber ? <> Elle concerne votre demande n° {helpContext.requestNumber}.</> : null}
      </p>
      {suggestions ? (
        <section aria-labelledby="suggestions-titre">
          <h2 id="suggestions-titre">Ces réponses peuvent vous aider</h2>
          {suggestions.length > 0 ? (
            <Answers entries={suggestions} headingLevel={3} />
          ) : (
            <p>Aucune question fréquente ne correspond à votre message.</p>
          )}
          <p>
            Si une réponse vous suffit, vous n’avez rien à envoyer. <a href={href(context, '/aide')}>Retour à l’aide</a>
          </p>
        </section>
      ) : null}
      <form method="post" action={href(context, '/aide/demande')} class="form" novalidate>
        {hidden}
        <TextField name="subject" label="Sujet" value={values.subject} error={errors.subject} maxLength={200} />
        <TextArea
          name="message"
          label="Votre question ou votre problème"
          value={values.message}
          error={errors.message}
          maxLength={4000}
        />
        {anonymous ? (
          <TextField
            name="email"
            type="email"
            label="Votre adresse électronique"
            hint="Pour vous répondre et vous permettre de suivre votre demande."
            autocomplete="email"
            value={values.email}
            error={errors.email}
          />
        ) : null}
        <input type="hidden" name="step" value={suggestions ? 'send' : 'suggest'} />
        <SubmitButton>{suggestions ? 'Envoyer ma demande d’aide' : 'Continuer'}</SubmitButton>
      </form>
    </Layout>
  );
}

export function HelpSentPage(props: {
  context: PageContext;
  number: string;
  administrationName: string;
  followHref: string;
}) {
  const { context } = props;
  return (
    <Layout context={context} title="Demande d’aide envoyée">
      <h1>Demande d’aide envoyée</h1>
      <Notice>
        <p>
          Votre demande d’aide n° <strong>{props.number}</strong> est transmise à {props.administrationName}. Un accusé
          de réception vous est envoyé par courriel, et vous serez prévenu de la réponse.
        </p>
      </Notice>
      <p>
        <a href={props.followHref}>Suivre ma demande d’aide</a>
      </p>
    </Layout>
  );
}

export function FaqAdminPage(props: {
  context: PageContext;
  entries: FaqEntryView[];
  serviceChoices: Array<{ value: string; label: string }>;
  editing: { id: string | null; values: { service: string; question: string; answer: string } };
  errors: FieldErrors;
  done: string | undefined;
}) {
  const { context, entries, editing, errors } = props;
  const action = editing.id ? `/admin/aide/${editing.id}` : '/admin/aide';
  return (
    <Layout
      context={context}
      title="Questions fréquentes"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Questions fréquentes</h1>
      {props.done ? (
        <Notice>
          <p>{props.done}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} />
      <h2>{editing.id ? 'Modifier la question' : 'Ajouter une question'}</h2>
      <form method="post" action={href(context, action)} class="form" novalidate>
        <CsrfField token={context.csrfToken} />
        <Select
          name="service"
          label="Démarche"
          value={editing.values.service}
          error={errors.service}
          choices={props.serviceChoices}
        />
        <TextField
          name="question"
          label="Question"
          value={editing.values.question}
          error={errors.question}
          maxLength={300}
        />
        <TextArea
          name="answer"
          label="Réponse"
          hint="Un paragraphe par ligne vide."
          value={editing.values.answer}
          error={errors.answer}
          maxLength={10000}
          rows={8}
        />
        <SubmitButton>{editing.id ? 'Enregistrer' : 'Ajouter'}</SubmitButton>
      </form>
      <h2>Les questions de {context.tenant.name}</h2>
      {entries.length === 0 ? <p>Aucune question pour l’instant.</p> : null}
      <ul class="faq-list">
        {entries.map((entry) => (
          <li class="faq-entry">
            <h3 class="faq-entry__question">{entry.question}</h3>
            <p>{entry.serviceTitle ? `Démarche : ${entry.serviceTitle}` : 'Question générale'}</p>
            <p>
              <a href={href(context, `/admin/aide/${entry.id}`)}>
                Modifier<span class="visually-hidden"> : {entry.question}</span>
              </a>
            </p>
            <form method="post" action={href(context, `/admin/aide/${entry.id}/suppression`)} class="inline-form">
              <CsrfField token={context.csrfToken} />
              <button type="submit" class="button button--secondary">
                Supprimer<span class="visually-hidden"> : {entry.question}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
