import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  ErrorText,
  type FieldErrors,
  fieldId,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { ACCESS_LABELS } from '../../catalogue/index.ts';
import type { Field } from '../../forms/index.ts';
import { type AgendaChoice, agendaChoiceValue } from '../agenda-choices.ts';
import type { RevisionDiff } from '../diff-revisions.ts';
import { earlierInputs, optionsText, PREFILL_CHOICES, simpleCondition } from '../field-editing.ts';
import { FIELD_TYPE_LABELS, FIELD_TYPES, fieldName, type ServiceDraft } from '../service-draft.ts';
import type { StudioServiceSummary } from '../studio.repo.ts';

const STUDIO = '/admin/studio';
const crumbs = (extra: Array<{ label: string; path: string }> = []) => [
  { label: 'Administration', path: '/admin' },
  { label: 'Studio', path: STUDIO },
  ...extra,
];

export type StudioHomeProps = {
  context: PageContext;
  services: StudioServiceSummary[];
  mayMutualise: boolean;
  values: Record<string, string>;
  errors: FieldErrors;
  importText: string;
  importProblems: string[];
};

/** The studio's list of services, the form that creates one, and the import of a bundle. */
export function StudioHomePage(props: StudioHomeProps) {
  const { context, values, errors } = props;
  return (
    <Layout
      context={context}
      title="Studio des démarches"
      hasErrors={Object.keys(errors).length > 0 || props.importProblems.length > 0}
      breadcrumbs={[{ label: 'Administration', path: '/admin' }]}
    >
      <h1>Studio des démarches</h1>
      <p class="lead">
        Créez et modifiez les démarches en ligne de {context.tenant.name} : formulaire, circuit de traitement, versions.
        {context.tenant.isTestInstance
          ? ' Vous êtes dans l’instance de test : essayez ici, puis mettez en production en une étape.'
          : null}
      </p>
      <h2>Services</h2>
      {props.services.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Services du studio</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Dernière version</th>
                <th scope="col">Version publiée</th>
                <th scope="col">Modifié le</th>
              </tr>
            </thead>
            <tbody>
              {props.services.map((s) => (
                <tr>
                  <td>
                    <a href={href(context, `${STUDIO}/${s.id}`)}>{s.title}</a>
                  </td>
                  <td>{s.latest}</td>
                  <td>{s.published ?? 'aucune'}</td>
                  <td>{formatDateTime(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun service pour l’instant.</p>
      )}
      <h2 id="creer">Créer un service</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, STUDIO)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField name="titre" label="Titre de la démarche" value={values.titre} error={errors.titre} />
        <TextField
          name="adresse"
          label="Adresse de la démarche"
          hint="Minuscules sans accents et tirets ; elle ne change plus ensuite (« inscription-cantine »)."
          value={values.adresse}
          error={errors.adresse}
          width="medium"
          spellcheck={false}
        />
        <TextField name="bureau" label="Service qui traite les demandes" value={values.bureau} error={errors.bureau} />
        <TextField
          name="courriel"
          type="email"
          label="Adresse électronique de ce service"
          value={values.courriel}
          error={errors.courriel}
          autocomplete="off"
        />
        <TextField
          name="telephone"
          type="tel"
          label="Téléphone de ce service"
          value={values.telephone}
          error={errors.telephone}
          width="medium"
        />
        {props.mayMutualise ? (
          <ChoiceGroup
            name="mutualise"
            kind="radio"
            label="Pour qui ?"
            value={values.mutualise ?? 'non'}
            choices={[
              { value: 'non', label: 'Un service de la Métropole' },
              { value: 'oui', label: 'Un service mutualisé, pour toutes les communes' },
            ]}
          />
        ) : null}
        <button type="submit" class="button button--primary">
          Créer le service
        </button>
      </form>
      <h2 id="importer">Importer un service (fichier JSON exporté d’un studio)</h2>
      {props.importProblems.length ? (
        <div class="error-summary" role="alert" aria-labelledby="import-refus" tabIndex={-1}>
          <h3 id="import-refus" class="error-summary__title">
            Le fichier est refusé
          </h3>
          <ul class="error-summary__list">
            {props.importProblems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form
        method="post"
        action={href(context, `${STUDIO}/import`)}
        enctype="multipart/form-data"
        novalidate
        class="studio-import-file"
      >
        <CsrfField token={context.csrfToken} />
        <div class="field">
          <label class="field__label" for="import-fichier">
            Fichier .json
          </label>
          <p class="field__hint" id="import-fichier-aide">
            Le fichier exporté d’un studio (format communs.service/1), 2 Mo au plus.
          </p>
          <input
            class="file-input"
            id="import-fichier"
            name="fichier"
            type="file"
            accept=".json,application/json"
            aria-describedby="import-fichier-aide"
          />
        </div>
        <button type="submit" class="button button--secondary">
          Importer le fichier
        </button>
      </form>
      <p>Ou collez son contenu :</p>
      <form method="post" action={href(context, `${STUDIO}/import`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextArea
          name="bundle"
          label="Contenu du fichier"
          hint="Collez le contenu du fichier .json exporté (format communs.service/1)."
          value={props.importText}
          rows={8}
        />
        <button type="submit" class="button button--secondary">
          Importer
        </button>
      </form>
    </Layout>
  );
}

export type EditorProps = {
  context: PageContext;
  id: string;
  slug: string;
  draft: ServiceDraft;
  version: { number: number; published: boolean };
  publishedNumber: number | null;
  /** The catalogue's entry, once published: online or offline with its message, and its page. */
  online: { online: boolean; message: string | null; pageHref: string } | null;
  mayMutualise: boolean;
  notice: string | null;
  problems: string[];
  formProblems: string[];
  errors: FieldErrors;
  values: Record<string, string> | null;
};

function conditionText(field: Field, draft: ServiceDraft): string | null {
  const condition = simpleCondition(field.condition);
  if (!condition) return null;
  if (condition === 'complex') return 'Affiché sous une condition combinée.';
  const target = draft.form.fields.find((f) => f.key === condition.field);
  const name = target ? fieldName(target) : condition.field;
  return condition.mode === 'egal'
    ? `Affiché si « ${name} » vaut « ${condition.value} ».`
    : condition.mode === 'rempli'
      ? `Affiché si « ${name} » est rempli.`
      : `Affiché si « ${name} » est vide.`;
}

/** One service in the studio: its catalogue entry, its form's fields in order, publication and availability. */
export function ServiceEditorPage(props: EditorProps) {
  const { context, draft, id, errors } = props;
  const base = `${STUDIO}/${id}`;
  const meta = draft.service;
  const legal = meta.settings.legal;
  const v: Record<string, string> = props.values ?? {
    titre: meta.title,
    resume: meta.summary,
    description: meta.description,
    themes: meta.themes.join(', '),
    mots_cles: meta.keywords.join(', '),
    acces: meta.access,
    bureau: meta.settings.office.name,
    courriel: meta.settings.office.email ?? '',
    telephone: meta.settings.office.phone,
    adresse_postale: meta.settings.office.postalAddress ?? '',
    regime: legal.kind,
    silence: legal.kind === 'demande' ? legal.silence : 'acceptance',
    mois: legal.kind === 'demande' ? String(legal.delay.months) : '2',
    jours: legal.kind === 'demande' ? String(legal.delay.days) : '0',
    mutualise: meta.mutualised ? 'oui' : 'non',
  };
  return (
    <Layout
      context={context}
      title={`Studio : ${meta.title}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={crumbs()}
    >
      <h1>{meta.title}</h1>
      <p>
        Version {props.version.number} {props.version.published ? '(publiée)' : '(brouillon)'} —{' '}
        {props.publishedNumber ? `version en ligne : ${props.publishedNumber}` : 'jamais publiée'}
        {props.online ? (props.online.online ? ', en ligne' : ', hors ligne') : null}.
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.problems.length ? (
        <div class="error-summary" role="alert" aria-labelledby="publication-refus" tabIndex={-1}>
          <h2 id="publication-refus" class="error-summary__title">
            Publication impossible
          </h2>
          <ul class="error-summary__list">
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <nav aria-label="Parties du service">
        <ul class="inline-list">
          <li>
            <a href={href(context, `${base}/apercu`)}>Aperçu du formulaire</a>
          </li>
          <li>
            <a href={href(context, `${base}/circuit`)}>Circuit de traitement</a>
          </li>
          <li>
            <a href={href(context, `${base}/versions`)}>Versions et différences</a>
          </li>
          <li>
            <a href={href(context, `${base}/export`)} download={`${props.slug}.json`}>
              Exporter (JSON)
            </a>
          </li>
        </ul>
      </nav>

      <h2 id="publication">Publication</h2>
      {props.version.published ? (
        <p>La dernière version est publiée.</p>
      ) : (
        <form method="post" action={href(context, `${base}/publier`)}>
          <CsrfField token={context.csrfToken} />
          <button type="submit" class="button button--primary">
            Publier la version {props.version.number}
          </button>
        </form>
      )}
      {props.online ? (
        <>
          <p>
            <a href={props.online.pageHref}>Voir la page de la démarche</a>
          </p>
          {props.online.online ? (
            <form method="post" action={href(context, `${base}/disponibilite`)}>
              <CsrfField token={context.csrfToken} />
              <input type="hidden" name="etat" value="hors-ligne" />
              <TextArea
                name="message"
                label="Message affiché aux usagers pendant l’interruption"
                hint="Par exemple : « Inscriptions closes jusqu’au 1er mars. »"
                value=""
                rows={2}
                error={errors.message}
              />
              <button type="submit" class="button button--secondary">
                Mettre hors ligne
              </button>
            </form>
          ) : (
            <form method="post" action={href(context, `${base}/disponibilite`)}>
              <CsrfField token={context.csrfToken} />
              <input type="hidden" name="etat" value="en-ligne" />
              <p>Message affiché : « {props.online.message ?? ''} »</p>
              <button type="submit" class="button button--secondary">
                Remettre en ligne
              </button>
            </form>
          )}
        </>
      ) : null}
      {context.tenant.isTestInstance && props.publishedNumber ? (
        <form method="post" action={href(context, `${base}/promouvoir`)}>
          <CsrfField token={context.csrfToken} />
          <p>
            La version {props.publishedNumber}, publiée ici, peut être mise en production telle quelle (formulaire et
            circuit compris).
          </p>
          <button type="submit" class="button button--primary">
            Mettre en production la version {props.publishedNumber}
          </button>
        </form>
      ) : null}

      <h2 id="formulaire">Formulaire</h2>
      {props.formProblems.length ? (
        <div class="notice notice--warning">
          <p class="notice__title">À corriger avant de publier</p>
          <ul>
            {props.formProblems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol class="studio-fields">
        {draft.form.fields.map((field, index) => (
          <li class="studio-field" id={`champ-liste-${field.key}`}>
            <p>
              <strong>{fieldName(field)}</strong> — {FIELD_TYPE_LABELS[field.type]}
              {'required' in field && !field.required ? ' (facultatif)' : null}
              {'prefill' in field && field.prefill ? ` — pré-rempli (${field.prefill})` : null}
            </p>
            {conditionText(field, draft) ? <p class="muted">{conditionText(field, draft)}</p> : null}
            <div class="button-row">
              <a class="button button--secondary" href={href(context, `${base}/champs/${field.key}`)}>
                Modifier<span class="visually-hidden"> « {fieldName(field)} »</span>
              </a>
              {(['monter', 'descendre'] as const).map((sens) =>
                (sens === 'monter' && index === 0) ||
                (sens === 'descendre' && index === draft.form.fields.length - 1) ? null : (
                  <form method="post" action={href(context, `${base}/champs`)} class="inline-form">
                    <CsrfField token={context.csrfToken} />
                    <input type="hidden" name="operation" value={sens} />
                    <input type="hidden" name="cle" value={field.key} />
                    <button type="submit" class="button button--link">
                      {sens === 'monter' ? 'Monter' : 'Descendre'}
                      <span class="visually-hidden"> « {fieldName(field)} »</span>
                    </button>
                  </form>
                ),
              )}
              <form method="post" action={href(context, `${base}/champs`)} class="inline-form">
                <CsrfField token={context.csrfToken} />
                <input type="hidden" name="operation" value="supprimer" />
                <input type="hidden" name="cle" value={field.key} />
                <button type="submit" class="button button--link">
                  Supprimer<span class="visually-hidden"> « {fieldName(field)} »</span>
                </button>
              </form>
            </div>
          </li>
        ))}
      </ol>
      <form method="post" action={href(context, `${base}/champs`)}>
        <CsrfField token={context.csrfToken} />
        <input type="hidden" name="operation" value="ajouter" />
        <Select
          name="type"
          label="Ajouter un champ de type"
          value="text"
          choices={FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }))}
        />
        <button type="submit" class="button button--secondary">
          Ajouter le champ
        </button>
      </form>

      <h2 id="service">Le service</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, `${base}/service`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField name="titre" label="Titre" value={v.titre} error={errors.titre} />
        <TextField name="resume" label="Résumé (une phrase)" value={v.resume} error={errors.resume} required={false} />
        <TextArea
          name="description"
          label="Description"
          value={v.description}
          error={errors.description}
          required={false}
        />
        <TextField
          name="themes"
          label="Thèmes"
          hint="Séparés par des virgules."
          value={v.themes}
          error={errors.themes}
          required={false}
        />
        <TextField
          name="mots_cles"
          label="Mots-clés"
          hint="Séparés par des virgules."
          value={v.mots_cles}
          error={errors.mots_cles}
          required={false}
        />
        <ChoiceGroup
          name="acces"
          kind="radio"
          label="Accès"
          value={v.acces}
          error={errors.acces}
          choices={Object.entries(ACCESS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField name="bureau" label="Service qui traite les demandes" value={v.bureau} error={errors.bureau} />
        <TextField
          name="courriel"
          type="email"
          label="Adresse électronique du service"
          value={v.courriel}
          error={errors.courriel}
          required={false}
        />
        <TextField
          name="adresse_postale"
          label="Adresse postale du service"
          value={v.adresse_postale}
          error={errors.adresse_postale}
          required={false}
        />
        <TextField
          name="telephone"
          type="tel"
          label="Téléphone du service"
          value={v.telephone}
          error={errors.telephone}
          width="medium"
        />
        <ChoiceGroup
          name="regime"
          kind="radio"
          label="Nature de la démarche"
          value={v.regime}
          error={errors.regime}
          choices={[
            { value: 'demande', label: 'Demande (appelle une décision)' },
            { value: 'signalement', label: 'Signalement' },
            { value: 'declaration', label: 'Déclaration' },
          ]}
        />
        <ChoiceGroup
          name="silence"
          kind="radio"
          label="Le silence de l’administration vaut (pour une demande)"
          value={v.silence}
          error={errors.silence}
          choices={[
            { value: 'acceptance', label: 'Acceptation' },
            { value: 'rejection', label: 'Rejet' },
          ]}
        />
        <TextField
          name="mois"
          label="Délai légal : mois"
          value={v.mois}
          error={errors.mois}
          width="short"
          inputMode="numeric"
        />
        <TextField
          name="jours"
          label="Délai légal : jours"
          value={v.jours}
          error={errors.jours}
          width="short"
          inputMode="numeric"
          required={false}
        />
        {props.mayMutualise ? (
          <ChoiceGroup
            name="mutualise"
            kind="radio"
            label="Service mutualisé pour toutes les communes"
            value={v.mutualise}
            choices={[
              { value: 'non', label: 'Non' },
              { value: 'oui', label: 'Oui' },
            ]}
          />
        ) : null}
        <button type="submit" class="button button--primary">
          Enregistrer le service
        </button>
      </form>
    </Layout>
  );
}

export type FieldEditorProps = {
  context: PageContext;
  id: string;
  draft: ServiceDraft;
  field: Field;
  /** What an appointment field may book: the administration's agendas and meeting types. */
  agendas: readonly AgendaChoice[];
  values: Record<string, string | string[]> | null;
  errors: FieldErrors;
};

/** One field of the form, in its own form: everything its type allows. */
export function FieldEditorPage(props: FieldEditorProps) {
  const { context, field, errors, draft } = props;
  const condition = simpleCondition(field.condition);
  const given = props.values;
  const val = (name: string, fallback: string | number | undefined): string => {
    const sent = given?.[name];
    if (given) return typeof sent === 'string' ? sent : '';
    return fallback === undefined ? '' : String(fallback);
  };
  const earlier = earlierInputs(draft.form.fields, field.key);
  const base = `${STUDIO}/${props.id}`;
  const prefill = PREFILL_CHOICES[field.type];
  return (
    <Layout
      context={context}
      title={`Champ « ${fieldName(field)} »`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={crumbs([{ label: draft.service.title, path: base }])}
    >
      <h1>
        Champ « {fieldName(field)} » <span class="caption">({FIELD_TYPE_LABELS[field.type]})</span>
      </h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, `${base}/champs/${field.key}`)} novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField
          name="cle"
          label="Nom de variable"
          hint="Minuscules, chiffres et « _ » : il nomme la réponse dans les modèles et l’API."
          value={val('cle', field.key)}
          error={errors.cle}
          width="medium"
          spellcheck={false}
        />
        {'title' in field ? (
          <TextField name="titre" label="Titre" value={val('titre', field.title)} error={errors.titre} />
        ) : null}
        {field.type === 'explanation' ? (
          <TextArea name="texte" label="Texte" value={val('texte', field.text)} error={errors.texte} />
        ) : null}
        {'label' in field ? (
          <>
            <TextField name="libelle" label="Question" value={val('libelle', field.label)} error={errors.libelle} />
            <TextField name="aide" label="Aide" value={val('aide', field.hint)} error={errors.aide} required={false} />
            <ChoiceGroup
              name="obligatoire"
              kind="radio"
              label="Réponse obligatoire"
              value={given ? val('obligatoire', '') || 'non' : field.required ? 'oui' : 'non'}
              choices={[
                { value: 'oui', label: 'Oui' },
                { value: 'non', label: 'Non (facultatif)' },
              ]}
            />
          </>
        ) : null}
        {prefill && 'label' in field ? (
          <Select
            name="prefill"
            label="Pré-remplir avec (si l’usager y consent)"
            value={val('prefill', 'prefill' in field ? (field.prefill ?? '') : '')}
            error={errors.prefill}
            required={false}
            choices={[{ value: '', label: 'Rien' }, ...prefill.map((a) => ({ value: a, label: a }))]}
          />
        ) : null}
        {field.type === 'text' ? (
          <>
            <TextField
              name="min_longueur"
              label="Longueur minimale"
              value={val('min_longueur', field.minLength)}
              error={errors.min_longueur}
              width="short"
              required={false}
            />
            <TextField
              name="max_longueur"
              label="Longueur maximale"
              value={val('max_longueur', field.maxLength)}
              error={errors.max_longueur}
              width="short"
            />
            <Select
              name="format"
              label="Format"
              value={val('format', field.format ?? '')}
              required={false}
              choices={[
                { value: '', label: 'Libre' },
                { value: 'postcode', label: 'Code postal' },
                { value: 'siret', label: 'Numéro SIRET' },
              ]}
            />
            <TextField
              name="motif"
              label="Motif (expression régulière)"
              value={val('motif', field.pattern?.regex)}
              error={errors.motif}
              required={false}
              spellcheck={false}
            />
            <TextField
              name="motif_message"
              label="Message si la réponse ne suit pas le motif"
              value={val('motif_message', field.pattern?.message)}
              required={false}
            />
          </>
        ) : null}
        {field.type === 'textarea' ? (
          <TextField
            name="max_longueur"
            label="Longueur maximale"
            value={val('max_longueur', field.maxLength)}
            error={errors.max_longueur}
            width="short"
          />
        ) : null}
        {field.type === 'number' ? (
          <>
            <TextField
              name="min"
              label="Minimum"
              value={val('min', field.min)}
              error={errors.min}
              width="short"
              required={false}
            />
            <TextField
              name="max"
              label="Maximum"
              value={val('max', field.max)}
              error={errors.max}
              width="short"
              required={false}
            />
            <ChoiceGroup
              name="entier"
              kind="radio"
              label="Nombres entiers seulement"
              value={given ? val('entier', '') || 'non' : field.integer ? 'oui' : 'non'}
              choices={[
                { value: 'oui', label: 'Oui' },
                { value: 'non', label: 'Non' },
              ]}
            />
            <TextField
              name="unite"
              label="Unité"
              value={val('unite', field.unit)}
              error={errors.unite}
              width="short"
              required={false}
            />
          </>
        ) : null}
        {field.type === 'date' ? (
          <>
            <TextField
              name="date_min"
              label="Date au plus tôt"
              hint="AAAA-MM-JJ, ou « today » pour aujourd’hui."
              value={val('date_min', field.min)}
              error={errors.date_min ?? errors.min}
              width="medium"
              required={false}
            />
            <TextField
              name="date_max"
              label="Date au plus tard"
              hint="AAAA-MM-JJ, ou « today » pour aujourd’hui."
              value={val('date_max', field.max)}
              error={errors.date_max ?? errors.max}
              width="medium"
              required={false}
            />
          </>
        ) : null}
        {field.type === 'choice' || field.type === 'choices' ? (
          <TextArea
            name="choix"
            label="Choix proposés"
            hint="Un par ligne : « valeur | libellé » (la valeur en minuscules et tirets)."
            value={val('choix', optionsText(field.options))}
            error={errors.choix}
            rows={6}
          />
        ) : null}
        {field.type === 'choice' ? (
          <ChoiceGroup
            name="affichage"
            kind="radio"
            label="Présentation"
            value={val('affichage', field.display)}
            choices={[
              { value: 'radio', label: 'Boutons radio' },
              { value: 'select', label: 'Liste déroulante' },
            ]}
          />
        ) : null}
        {field.type === 'choices' ? (
          <>
            <TextField
              name="min_choix"
              label="Nombre minimal de choix"
              value={val('min_choix', field.minSelected)}
              error={errors.min_choix}
              width="short"
              required={false}
            />
            <TextField
              name="max_choix"
              label="Nombre maximal de choix"
              value={val('max_choix', field.maxSelected)}
              error={errors.max_choix}
              width="short"
              required={false}
            />
          </>
        ) : null}
        {field.type === 'appointment' ? (
          props.agendas.length ? (
            <Select
              name="rendez_vous"
              label="Agenda — motif"
              hint="Le rendez-vous que l’usager réserve en remplissant le formulaire."
              value={val('rendez_vous', agendaChoiceValue(field.agendaId, field.meetingTypeId))}
              error={errors.rendez_vous}
              // An agenda closed since (or a field imported from elsewhere) is no choice: none is shown ticked.
              placeholder={
                props.agendas.some((c) => c.value === agendaChoiceValue(field.agendaId, field.meetingTypeId))
                  ? undefined
                  : 'Choisissez un agenda et un motif'
              }
              choices={props.agendas.map((c) => ({ value: c.value, label: c.label }))}
            />
          ) : (
            <div class={`field${errors.rendez_vous ? ' field--error' : ''}`}>
              <p class="field__label">Agenda — motif</p>
              <p id={fieldId('rendez_vous')}>
                Votre administration n’a encore aucun agenda de rendez-vous ouvert avec un motif.{' '}
                <a href={href(context, '/admin/rendez-vous')}>Créer un agenda dans Rendez-vous</a>, puis revenez choisir
                ici ce que ce champ réserve.
              </p>
              <ErrorText name="rendez_vous" error={errors.rendez_vous} />
            </div>
          )
        ) : null}
        {field.type === 'file' ? (
          <>
            <ChoiceGroup
              name="types_fichier"
              kind="checkbox"
              label="Types de fichier acceptés"
              value={given ? (given.types_fichier ?? []) : field.accept}
              error={errors.types_fichier}
              choices={[
                { value: 'image', label: 'Images (JPEG, PNG…)' },
                { value: 'pdf', label: 'PDF' },
              ]}
            />
            <TextField
              name="taille_max"
              label="Taille maximale (Mo, 5 au plus)"
              value={val('taille_max', Math.round((field.maxBytes / 1024 / 1024) * 10) / 10)}
              error={errors.taille_max}
              width="short"
            />
          </>
        ) : null}
        <fieldset class="fieldset">
          <legend class="field__label">Condition d’affichage</legend>
          {condition === 'complex' ? (
            <p class="muted">Ce champ a une condition combinée (importée) : elle est gardée telle quelle.</p>
          ) : null}
          <Select
            name="condition_mode"
            label="Afficher ce champ"
            value={val('condition_mode', condition === 'complex' ? 'garder' : (condition?.mode ?? ''))}
            required={false}
            choices={[
              { value: '', label: 'Toujours' },
              ...(condition === 'complex' ? [{ value: 'garder', label: 'Selon la condition combinée' }] : []),
              { value: 'egal', label: 'Si un champ précédent vaut…' },
              { value: 'rempli', label: 'Si un champ précédent est rempli' },
              { value: 'vide', label: 'Si un champ précédent est vide' },
            ]}
          />
          <Select
            name="condition_champ"
            label="Champ précédent"
            value={val('condition_champ', condition && condition !== 'complex' ? condition.field : '')}
            error={errors.condition_champ}
            required={false}
            choices={[{ value: '', label: '—' }, ...earlier.map((f) => ({ value: f.key, label: fieldName(f) }))]}
          />
          <TextField
            name="condition_valeur"
            label="Valeur (pour « vaut »)"
            hint="La valeur du choix attendu, ou « oui » pour une case cochée."
            value={val('condition_valeur', condition && condition !== 'complex' ? condition.value : '')}
            width="medium"
            required={false}
          />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button--primary">
            Enregistrer le champ
          </button>
          <a class="button button--link" href={href(context, base)}>
            Retour au service
          </a>
        </div>
      </form>
    </Layout>
  );
}

export type VersionsProps = {
  context: PageContext;
  id: string;
  title: string;
  revisions: Array<{ number: number; createdAt: Date; by: string; note: string; publishedAt: Date | null }>;
  compared: { from: number; to: number; diff: RevisionDiff } | null;
};

/** The versions of a service and, for two of them, what changed in words. */
export function VersionsPage(props: VersionsProps) {
  const { context, compared } = props;
  const base = `${STUDIO}/${props.id}`;
  const numbers = props.revisions.map((r) => r.number);
  const section = (title: string, lines: string[]) => (
    <>
      <h3>{title}</h3>
      {lines.length ? (
        <ul>
          {lines.map((l) => (
            <li>{l}</li>
          ))}
        </ul>
      ) : (
        <p>Aucun changement.</p>
      )}
    </>
  );
  return (
    <Layout
      context={context}
      title={`Versions : ${props.title}`}
      breadcrumbs={crumbs([{ label: props.title, path: base }])}
    >
      <h1>Versions de « {props.title} »</h1>
      <form method="get" action={href(context, `${base}/versions`)} class="filters">
        <Select
          name="de"
          label="Comparer la version"
          value={String(compared?.from ?? numbers[1] ?? numbers[0] ?? '')}
          choices={numbers.map((n) => ({ value: String(n), label: `Version ${n}` }))}
        />
        <Select
          name="a"
          label="avec la version"
          value={String(compared?.to ?? numbers[0] ?? '')}
          choices={numbers.map((n) => ({ value: String(n), label: `Version ${n}` }))}
        />
        <button type="submit" class="button button--secondary">
          Comparer
        </button>
      </form>
      {compared ? (
        <section aria-labelledby="differences">
          <h2 id="differences">
            Ce qui change de la version {compared.from} à la version {compared.to}
          </h2>
          {section('Le service', compared.diff.service)}
          {section('Le formulaire', compared.diff.form)}
          {section('Le circuit', compared.diff.workflow)}
        </section>
      ) : null}
      <h2>Toutes les versions</h2>
      <div class="table-wrapper">
        <table class="table">
          <caption class="visually-hidden">Versions du service, la plus récente d’abord</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Enregistrée le</th>
              <th scope="col">Par</th>
              <th scope="col">Changement</th>
              <th scope="col">Publiée</th>
            </tr>
          </thead>
          <tbody>
            {props.revisions.map((r) => (
              <tr>
                <td>{r.number}</td>
                <td>{formatDateTime(r.createdAt)}</td>
                <td>{r.by}</td>
                <td>{r.note}</td>
                <td>{r.publishedAt ? `le ${formatDateTime(r.publishedAt)}` : 'non'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
