import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { fileSizeText, formatDate } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { PetaleDocumentView } from '../petale.repo.ts';
import { PETALE_FILE_TYPES } from '../petale-documents.ts';
import type { PetaleSetting } from '../petale-setting.ts';

const FILE_HINT = `${PETALE_FILE_TYPES.map((t) => t.label).join(', ')} ; 5 Mo au plus.`;

/** The consent page: the text in force, to accept before the space opens. */
export function ConsentPage(props: {
  context: PageContext;
  setting: PetaleSetting;
  earlierConsent: boolean;
  errors: FieldErrors;
}) {
  const { context, setting, errors } = props;
  return (
    <Layout context={context} title="Mon espace pétale" hasErrors={Object.keys(errors).length > 0}>
      <h1>Mon espace pétale</h1>
      <ErrorSummary errors={errors} />
      <p class="lead">
        Un espace personnel pour garder les documents que demandent les démarches de {setting.commune.name}, et
        seulement celles-ci.
      </p>
      {props.earlierConsent ? (
        <Notice kind="info">Les conditions de l’espace ont changé : lisez-les et acceptez-les pour continuer.</Notice>
      ) : null}
      <h2>Conditions</h2>
      <p>{setting.consentText}</p>
      <p>Chaque document est conservé {setting.retentionMonths} mois, puis effacé.</p>
      <form method="post" action={href(context, '/petale/consentement')} class="form" novalidate>
        <CsrfField token={context.csrfToken} />
        <Checkbox name="accept" label="J’ai lu ces conditions et je les accepte" error={errors.accept} />
        <SubmitButton>Ouvrir mon espace</SubmitButton>
      </form>
    </Layout>
  );
}

/** The citizen's space: their documents, the deposit form, and the withdrawal of consent. */
export function SpacePage(props: {
  context: PageContext;
  setting: PetaleSetting;
  documents: PetaleDocumentView[];
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, setting, documents, errors } = props;
  return (
    <Layout context={context} title="Mon espace pétale" hasErrors={Object.keys(errors).length > 0}>
      <h1>Mon espace pétale</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary errors={errors} />
      <p class="lead">
        Vos documents pour les démarches de {setting.commune.name}. Vous seul les voyez ; chacun est effacé{' '}
        {setting.retentionMonths} mois après son dépôt.
      </p>
      <section aria-labelledby="documents">
        <h2 id="documents">Mes documents</h2>
        {documents.length === 0 ? (
          <p>Aucun document pour l’instant.</p>
        ) : (
          <ul class="file-list">
            {documents.map((d) => (
              <li>
                <a href={href(context, `/petale/documents/${d.id}`)}>{d.label}</a> ({d.original_name},{' '}
                {fileSizeText(d.byte_size)}) — conservé jusqu’au {formatDate(d.expires_at)}
                <form method="post" action={href(context, `/petale/documents/${d.id}/suppression`)} class="inline-form">
                  <CsrfField token={context.csrfToken} />
                  <button type="submit" class="button button--secondary button--small">
                    Effacer<span class="visually-hidden"> le document « {d.label} »</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="deposer">
        <h2 id="deposer">Déposer un document</h2>
        <form
          method="post"
          action={href(context, '/petale/documents')}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <CsrfField token={context.csrfToken} />
          <TextField
            name="label"
            label="Nom du document"
            hint="Par exemple : justificatif de domicile de mars."
            value={props.values.label}
            error={errors.label}
            maxLength={200}
          />
          <FileField name="file" label="Fichier" hint={FILE_HINT} error={errors.file} />
          <SubmitButton>Déposer</SubmitButton>
        </form>
      </section>
      <section aria-labelledby="retrait">
        <h2 id="retrait">Retirer mon consentement</h2>
        <p>Tous vos documents sont alors effacés, tout de suite. Vous pourrez rouvrir l’espace plus tard.</p>
        <form method="post" action={href(context, '/petale/retrait')}>
          <CsrfField token={context.csrfToken} />
          <SubmitButton variant="danger">Retirer mon consentement et tout effacer</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}

/** The operators' setting of the space: which commune, its consent text, its keeping time. */
export function PetaleSettingPage(props: {
  context: PageContext;
  communes: Array<{ id: string; name: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, values, errors } = props;
  return (
    <Layout
      context={context}
      title="Espace pétale"
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Espace pétale</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary errors={errors} />
      <p class="lead">
        L’espace de documents personnels d’une commune. Changer le texte du consentement en fait une nouvelle version,
        que chaque usager accepte avant de déposer à nouveau.
      </p>
      <form method="post" action={href(context, '/admin/petale')} class="form" novalidate>
        <CsrfField token={context.csrfToken} />
        <Select
          name="commune"
          label="Commune"
          value={values.commune}
          error={errors.commune}
          choices={props.communes.map((c) => ({ value: c.id, label: c.name }))}
        />
        <TextArea
          name="consentText"
          label="Texte du consentement"
          value={values.consentText}
          error={errors.consentText}
          maxLength={5000}
          rows={6}
        />
        <TextField
          name="retentionMonths"
          label="Durée de conservation d’un document, en mois"
          hint="De 1 à 60."
          inputMode="numeric"
          value={values.retentionMonths}
          error={errors.retentionMonths}
          width="short"
        />
        <SubmitButton>Enregistrer</SubmitButton>
      </form>
    </Layout>
  );
}
