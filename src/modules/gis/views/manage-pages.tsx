import type { FieldErrors } from '../../../platform/views/forms.tsx';
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { formatDateTime, formatNumber } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { BalReport } from '../gis.tables.ts';
import { type LayerSummary, Swatch } from './sig-pages.tsx';

const CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Carte des agents (SIG)', path: '/sig' },
];

export const REFRESH_CHOICES = [
  { value: '', label: 'Jamais (mise à jour à la main)' },
  { value: '60', label: 'Toutes les heures' },
  { value: '1440', label: 'Tous les jours' },
  { value: '10080', label: 'Toutes les semaines' },
];

const LAYER_LABELS = {
  titre: 'Titre',
  theme: 'Thème',
  legende: 'Légende',
  couleur: 'Couleur',
  format: 'Format',
  source: 'Source',
  fichier: 'Fichier',
  url: 'Adresse du fichier',
  jeu: 'Jeu de données',
  actualisation: 'Mise à jour automatique',
};

export type LayerManagementPageProps = {
  context: PageContext;
  layers: LayerSummary[];
  themes: string[];
  datasets: Array<{ id: string; title: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  notice: string | null;
};

export function LayerManagementPage({
  context,
  layers,
  themes,
  datasets,
  values,
  errors,
  notice,
}: LayerManagementPageProps) {
  const hasErrors = Object.keys(errors).length > 0;
  const sources = [
    { value: 'file', label: 'Un fichier (GeoJSON ou CSV)' },
    { value: 'url', label: 'Une adresse web (mise à jour automatique possible)' },
    ...(datasets.length ? [{ value: 'dataset', label: 'Un jeu de données du portail open data' }] : []),
  ];
  return (
    <Layout context={context} title="Gérer les couches" hasErrors={hasErrors} breadcrumbs={CRUMBS}>
      <h1>Gérer les couches</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorSummary errors={errors} labels={LAYER_LABELS} />
      <h2>Couches publiées</h2>
      {layers.length === 0 ? <p>Aucune couche.</p> : null}
      <ul class="sig-layer-list">
        {layers.map((layer) => (
          <li>
            <Swatch style={layer.style} /> <a href={href(context, `/sig/couches/${layer.slug}`)}>{layer.title}</a> (
            {layer.theme}) — {layer.source}, {layer.refresh}, mise à jour{' '}
            {layer.lastUpdate ? formatDateTime(layer.lastUpdate) : 'jamais'}
            {layer.lastError ? <span class="field__error"> — dernier essai échoué : {layer.lastError}</span> : null}
            <form method="post" action={href(context, `/sig/gestion/${layer.slug}/actualiser`)} class="inline-form">
              <CsrfField token={context.csrfToken} />
              <button type="submit" class="button button--link">
                Mettre à jour<span class="visually-hidden"> {layer.title}</span>
              </button>
            </form>
            <form method="post" action={href(context, `/sig/gestion/${layer.slug}/supprimer`)} class="inline-form">
              <CsrfField token={context.csrfToken} />
              <button type="submit" class="button button--link">
                Supprimer<span class="visually-hidden"> {layer.title}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Ajouter une couche</h2>
      <form method="post" action={href(context, '/sig/gestion')} enctype="multipart/form-data" novalidate>
        <CsrfField token={context.csrfToken} />
        <TextField name="titre" label="Titre" value={values.titre} error={errors.titre} maxLength={120} />
        <TextField
          name="theme"
          label="Thème"
          hint={themes.length ? `Thèmes existants : ${themes.join(', ')}.` : 'Par exemple : Mobilité, Environnement.'}
          value={values.theme}
          error={errors.theme}
          maxLength={80}
        />
        <TextArea
          name="description"
          label="Description"
          required={false}
          value={values.description}
          rows={3}
          maxLength={1000}
        />
        <TextField
          name="legende"
          label="Légende"
          hint="Ce que représente un objet de la couche, tel que la carte le montre."
          value={values.legende}
          error={errors.legende}
          maxLength={300}
        />
        <TextField
          name="couleur"
          label="Couleur"
          hint="Code hexadécimal, par exemple #1b7a3a."
          type="color"
          width="short"
          value={values.couleur ?? '#1b5e9e'}
          error={errors.couleur}
        />
        <ChoiceGroup
          kind="radio"
          name="format"
          label="Format"
          value={values.format ?? 'geojson'}
          error={errors.format}
          choices={[
            { value: 'geojson', label: 'GeoJSON (WGS 84, ou Lambert-93 déclaré EPSG:2154)' },
            { value: 'csv', label: 'CSV de points (colonnes lat et lon)' },
          ]}
        />
        <ChoiceGroup
          kind="radio"
          name="source"
          label="Source"
          value={values.source ?? 'file'}
          error={errors.source}
          choices={sources}
        />
        <FileField
          name="fichier"
          label="Fichier"
          required={false}
          hint="Si la source est un fichier. 5 Mo au plus."
          error={errors.fichier}
          accept=".geojson,.json,.csv,application/geo+json,application/json,text/csv"
        />
        <TextField
          name="url"
          label="Adresse du fichier"
          required={false}
          type="url"
          hint="Si la source est une adresse web : https://…"
          value={values.url}
          error={errors.url}
        />
        {datasets.length ? (
          <Select
            name="jeu"
            label="Jeu de données"
            required={false}
            value={values.jeu}
            error={errors.jeu}
            placeholder="—"
            choices={datasets.map((d) => ({ value: d.id, label: d.title }))}
          />
        ) : null}
        <Select
          name="actualisation"
          label="Mise à jour automatique"
          required={false}
          hint="Pour une adresse web ou un jeu de données."
          value={values.actualisation ?? ''}
          error={errors.actualisation}
          choices={REFRESH_CHOICES}
        />
        <SubmitButton>Ajouter la couche</SubmitButton>
      </form>
    </Layout>
  );
}

export type AddressesPageProps = {
  context: PageContext;
  counts: Array<{ commune_insee: string; commune_name: string; streets: number; addresses: number }>;
  imports: Array<{ id: string; at: Date; communeName: string; fileName: string; valid: number; invalid: number }>;
  errors: FieldErrors;
  fileErrors: string[];
};

export function AddressesPage({ context, counts, imports, errors, fileErrors }: AddressesPageProps) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout context={context} title="Base Adresse Locale" hasErrors={hasErrors} breadcrumbs={CRUMBS}>
      <h1>Base Adresse Locale</h1>
      <p>
        Le géocodeur (recherche d’adresse de la carte et des formulaires) répond à partir des Bases Adresses Locales
        importées ici. Un fichier remplace toutes les adresses de sa commune.
      </p>
      <ErrorSummary errors={errors} labels={{ fichier: 'Fichier BAL' }} />
      {fileErrors.length ? (
        <div class="notice notice--warning" role="alert">
          <p>Le fichier n’a pas été importé :</p>
          <ul>
            {fileErrors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={href(context, '/sig/adresses')} enctype="multipart/form-data" novalidate>
        <CsrfField token={context.csrfToken} />
        <FileField
          name="fichier"
          label="Fichier BAL"
          hint="CSV au format Base Adresse Locale 1.4 (séparateur « ; », UTF-8), 5 Mo au plus. Il est vérifié par le validateur national ; les lignes en erreur sont refusées et listées."
          error={errors.fichier}
          accept=".csv,text/csv"
        />
        <SubmitButton>Importer</SubmitButton>
      </form>
      <h2>Adresses connues</h2>
      {counts.length === 0 ? (
        <p>Aucune adresse importée.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Adresses par commune</caption>
            <thead>
              <tr>
                <th scope="col">Commune</th>
                <th scope="col">Code INSEE</th>
                <th scope="col">Voies</th>
                <th scope="col">Adresses</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr>
                  <th scope="row">{c.commune_name}</th>
                  <td>{c.commune_insee}</td>
                  <td>{formatNumber(c.streets)}</td>
                  <td>{formatNumber(c.addresses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Derniers imports</h2>
      {imports.length === 0 ? <p>Aucun import.</p> : null}
      <ul>
        {imports.map((i) => (
          <li>
            <a href={href(context, `/sig/adresses/imports/${i.id}`)}>
              {formatDateTime(i.at)} — {i.fileName}
            </a>{' '}
            ({i.communeName}) : {formatNumber(i.valid)} lignes importées, {formatNumber(i.invalid)} refusées
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export type ImportReportPageProps = {
  context: PageContext;
  report: BalReport;
  at: Date;
  fileName: string;
  communeName: string;
  byLabel: string;
  valid: number;
  invalid: number;
};

export function ImportReportPage({
  context,
  report,
  at,
  fileName,
  communeName,
  byLabel,
  valid,
  invalid,
}: ImportReportPageProps) {
  const crumbs = [...CRUMBS, { label: 'Base Adresse Locale', path: '/sig/adresses' }];
  return (
    <Layout context={context} title={`Import de ${fileName}`} breadcrumbs={crumbs}>
      <h1>Import de {fileName}</h1>
      <Notice kind={invalid ? 'warning' : 'success'}>
        {formatNumber(valid)} lignes importées, {formatNumber(invalid)} refusées ({communeName}), le{' '}
        {formatDateTime(at)} par {byLabel}.
      </Notice>
      {report.warnings.length ? (
        <>
          <h2>Avertissements du validateur</h2>
          <ul>
            {report.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Lignes refusées</h2>
      {report.lines.length === 0 ? (
        <p>Aucune : toutes les lignes ont été importées.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">Lignes refusées et leurs erreurs</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Clé d’interopérabilité</th>
                <th scope="col">Erreurs</th>
              </tr>
            </thead>
            <tbody>
              {report.lines.map((l) => (
                <tr>
                  <th scope="row">{l.line}</th>
                  <td>{l.key || '—'}</td>
                  <td>
                    <ul>
                      {l.messages.map((m) => (
                        <li>{m}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.truncated ? <p>Seules les 500 premières lignes refusées sont listées.</p> : null}
    </Layout>
  );
}
