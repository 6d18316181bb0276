import {
  CsrfField,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
  ChoiceGroup,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { formatDateTime } from '../../../platform/views/format.ts';
import type { DirectoryEntry } from '../directory.repo.ts';
import { PROFILE_LABELS, PROFILES, SERVICES } from '../portal-rights.ts';
import type { RejectedLine } from '../school.tables.ts';

const profileChoices = PROFILES.map((p) => ({ value: p, label: PROFILE_LABELS[p] }));
const serviceChoices = Object.entries(SERVICES).map(([value, label]) => ({ value, label }));

export type ManagePageProps = {
  context: PageContext;
  school: { uai: string; name: string };
  notice: string | undefined;
  directory: DirectoryEntry[];
  groups: Array<{ id: string; name: string; kind: 'class' | 'group'; source: string }>;
  tiles: Array<{ id: string; title: string; service: string; profiles: string[]; groups: string[] }>;
  imports: Array<{
    id: string;
    kind: string;
    fileName: string;
    at: Date;
    created: number;
    updated: number;
    removed: number;
    rejected: number;
  }>;
  maxImportMegabytes: number;
};

/** The school's administration: import, directory, manual entry, portal tiles, news. */
export function ManagePage(props: ManagePageProps) {
  const { context, school } = props;
  const base = `/ecole/${school.uai}/gestion`;
  const people = props.directory.map((p) => ({
    value: p.personId,
    label: `${p.lastName} ${p.firstName} (${PROFILE_LABELS[p.profile]})`,
  }));
  const parents = props.directory
    .filter((p) => p.profile === 'parent')
    .map((p) => ({ value: p.personId, label: `${p.lastName} ${p.firstName}` }));
  const pupils = props.directory
    .filter((p) => p.profile === 'pupil')
    .map((p) => ({ value: p.personId, label: `${p.lastName} ${p.firstName}` }));
  const groupChoices = props.groups.map((g) => ({
    value: g.id,
    label: `${g.kind === 'class' ? 'Classe' : 'Groupe'} ${g.name}`,
  }));
  return (
    <Layout
      context={context}
      title={`Administration de ${school.name}`}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Écoles', path: '/ecole' },
        { label: school.name, path: `/ecole/${school.uai}` },
      ]}
    >
      <h1>Administration de {school.name}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <nav aria-label="Sections de la page">
        <ul>
          <li>
            <a href="#import">Import AAF</a>
          </li>
          <li>
            <a href="#annuaire">Annuaire</a>
          </li>
          <li>
            <a href="#saisie">Saisie manuelle</a>
          </li>
          <li>
            <a href="#portail">Portail</a>
          </li>
          <li>
            <a href="#actualites">Actualités</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="import">
        <h2 id="import">Import de l'annuaire (AAF)</h2>
        <p>
          Déposez le fichier XML du flux AAF de l'académie : export complet (les personnes absentes du fichier perdent
          leur profil) ou delta (seules les suppressions indiquées retirent un profil). Importez les élèves avant leurs
          responsables. Un même fichier importé deux fois ne change rien. Ce que l'école a saisi à la main n'est jamais
          modifié par le flux.
        </p>
        <form method="post" action={href(context, `${base}/import`)} enctype="multipart/form-data">
          <CsrfField token={context.csrfToken} />
          <FileField
            name="fichier"
            label="Fichier AAF (XML)"
            hint={`${props.maxImportMegabytes} Mo au plus ; l'export complet d'une académie, plus lourd, est importé par les opérateurs de la Métropole.`}
            accept=".xml,application/xml,text/xml"
          />
          <ChoiceGroup
            name="type"
            label="Type d'export"
            kind="radio"
            value="full"
            choices={[
              { value: 'full', label: 'Complet' },
              { value: 'delta', label: 'Delta' },
            ]}
          />
          <SubmitButton>Importer</SubmitButton>
        </form>
        {props.imports.length ? (
          <div class="table-wrapper">
            <table class="table">
              <caption>Derniers imports</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Fichier</th>
                  <th scope="col">Créés</th>
                  <th scope="col">Modifiés</th>
                  <th scope="col">Retirés</th>
                  <th scope="col">Lignes rejetées</th>
                </tr>
              </thead>
              <tbody>
                {props.imports.map((i) => (
                  <tr>
                    <td>
                      <a href={href(context, `${base}/imports/${i.id}`)}>{formatDateTime(i.at)}</a>
                    </td>
                    <td>
                      {i.fileName} ({i.kind === 'full' ? 'complet' : 'delta'})
                    </td>
                    <td>{i.created}</td>
                    <td>{i.updated}</td>
                    <td>{i.removed}</td>
                    <td>{i.rejected}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="annuaire">
        <h2 id="annuaire">Annuaire ({props.directory.length})</h2>
        {props.directory.length ? (
          <div class="table-wrapper">
            <table class="table">
              <caption class="visually-hidden">Membres de l'école, par nom</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Profil</th>
                  <th scope="col">Classes et groupes</th>
                  <th scope="col">Origine</th>
                  <th scope="col">Compte relié</th>
                </tr>
              </thead>
              <tbody>
                {props.directory.map((p) => (
                  <tr>
                    <td>
                      {p.lastName} {p.firstName}
                    </td>
                    <td>{PROFILE_LABELS[p.profile]}</td>
                    <td>{p.groups.join(', ') || '—'}</td>
                    <td>{p.source === 'aaf' ? 'AAF' : 'Saisie'}</td>
                    <td>{p.linked ? 'Oui' : 'Non'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>L'annuaire est vide : importez le flux AAF ou saisissez les membres ci-dessous.</p>
        )}
      </section>

      <section aria-labelledby="saisie">
        <h2 id="saisie">Saisie manuelle</h2>
        <h3>Ajouter une personne</h3>
        <form method="post" action={href(context, `${base}/personnes`)}>
          <CsrfField token={context.csrfToken} />
          <TextField name="nom" label="Nom" autocomplete="off" maxLength={100} />
          <TextField name="prenom" label="Prénom" autocomplete="off" maxLength={100} />
          <TextField
            name="courriel"
            label="Adresse électronique"
            type="email"
            required={false}
            hint="Celle avec laquelle la personne se connecte (compte de la Métropole ou ProConnect)."
          />
          <Select name="profil" label="Profil" choices={profileChoices} value="pupil" />
          <SubmitButton>Ajouter</SubmitButton>
        </form>
        <h3>Créer une classe ou un groupe</h3>
        <form method="post" action={href(context, `${base}/groupes`)}>
          <CsrfField token={context.csrfToken} />
          <TextField name="nom_groupe" label="Nom de la classe ou du groupe" maxLength={80} />
          <Select
            name="type"
            label="Type"
            choices={[
              { value: 'class', label: 'Classe' },
              { value: 'group', label: 'Groupe' },
            ]}
            value="class"
          />
          <SubmitButton>Créer</SubmitButton>
        </form>
        {people.length && groupChoices.length ? (
          <>
            <h3>Inscrire une personne dans une classe ou un groupe</h3>
            <form method="post" action={href(context, `${base}/membres`)}>
              <CsrfField token={context.csrfToken} />
              <Select name="personne" label="Personne" choices={people} />
              <Select name="groupe" label="Classe ou groupe" choices={groupChoices} />
              <SubmitButton>Inscrire</SubmitButton>
            </form>
          </>
        ) : null}
        {parents.length && pupils.length ? (
          <>
            <h3>Relier un parent à son enfant</h3>
            <form method="post" action={href(context, `${base}/liens`)}>
              <CsrfField token={context.csrfToken} />
              <Select name="parent" label="Parent" choices={parents} />
              <Select name="enfant" label="Enfant" choices={pupils} />
              <SubmitButton>Relier</SubmitButton>
            </form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="portail">
        <h2 id="portail">Portail : services proposés</h2>
        {props.tiles.length ? (
          <div class="table-wrapper">
            <table class="table">
              <caption class="visually-hidden">Tuiles du portail</caption>
              <thead>
                <tr>
                  <th scope="col">Tuile</th>
                  <th scope="col">Profils</th>
                  <th scope="col">Groupes</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {props.tiles.map((t) => (
                  <tr>
                    <td>{t.title}</td>
                    <td>{t.profiles.join(', ') || 'Tous'}</td>
                    <td>{t.groups.join(', ') || 'Tous'}</td>
                    <td>
                      <form method="post" action={href(context, `${base}/tuiles/${t.id}/retrait`)}>
                        <CsrfField token={context.csrfToken} />
                        <button type="submit" class="button button--secondary">
                          Retirer<span class="visually-hidden"> la tuile {t.title}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Aucune tuile : le portail est vide.</p>
        )}
        <h3>Ajouter une tuile</h3>
        <form method="post" action={href(context, `${base}/tuiles`)}>
          <CsrfField token={context.csrfToken} />
          <TextField name="titre" label="Titre" maxLength={80} />
          <Select name="service" label="Service" choices={serviceChoices} value="link" />
          <TextField
            name="adresse"
            label="Adresse du service"
            type="url"
            required={false}
            hint="https://… — à laisser vide pour un service de l’espace numérique (messagerie, blogs, documents, cahier de textes, appel et absences, actualités, classe culturelle numérique)."
          />
          <ChoiceGroup
            name="profils"
            label="Profils qui la voient"
            kind="checkbox"
            required={false}
            hint="Aucun coché : tous les profils."
            choices={profileChoices}
          />
          {groupChoices.length ? (
            <ChoiceGroup
              name="groupes"
              label="Classes et groupes qui la voient"
              kind="checkbox"
              required={false}
              hint="Aucun coché : tous. Les parents voient ce que voient les groupes de leurs enfants."
              choices={groupChoices}
            />
          ) : null}
          <SubmitButton>Ajouter la tuile</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="actualites">
        <h2 id="actualites">Publier une actualité</h2>
        <form method="post" action={href(context, `${base}/actualites`)}>
          <CsrfField token={context.csrfToken} />
          <TextField name="titre_actualite" label="Titre" maxLength={120} />
          <TextArea name="texte" label="Texte" maxLength={5000} />
          <SubmitButton>Publier</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}

export type ImportReportPageProps = {
  context: PageContext;
  school: { uai: string; name: string };
  report: {
    kind: string;
    fileName: string;
    at: Date;
    created: number;
    updated: number;
    removed: number;
    unchanged: number;
    ignored: number;
    rejected: RejectedLine[];
  };
};

export function ImportReportPage({ context, school, report }: ImportReportPageProps) {
  return (
    <Layout
      context={context}
      title={`Rapport d'import — ${school.name}`}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: school.name, path: `/ecole/${school.uai}` },
        { label: 'Administration', path: `/ecole/${school.uai}/gestion` },
      ]}
    >
      <h1>Rapport d'import</h1>
      <p>
        {report.fileName}, export {report.kind === 'full' ? 'complet' : 'delta'}, importé le {formatDateTime(report.at)}
        .
      </p>
      <dl class="summary-list">
        <div>
          <dt>Créés</dt>
          <dd>{report.created}</dd>
        </div>
        <div>
          <dt>Modifiés</dt>
          <dd>{report.updated}</dd>
        </div>
        <div>
          <dt>Retirés</dt>
          <dd>{report.removed}</dd>
        </div>
        <div>
          <dt>Inchangés</dt>
          <dd>{report.unchanged}</dd>
        </div>
        <div>
          <dt>Autres écoles (ignorés)</dt>
          <dd>{report.ignored}</dd>
        </div>
        <div>
          <dt>Lignes rejetées</dt>
          <dd>{report.rejected.length}</dd>
        </div>
      </dl>
      {report.rejected.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>Lignes rejetées</caption>
            <thead>
              <tr>
                <th scope="col">Ligne</th>
                <th scope="col">Identifiant</th>
                <th scope="col">Motif</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((r) => (
                <tr>
                  <td>{r.line}</td>
                  <td>{r.identifier || '—'}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <a href={href(context, `/ecole/${school.uai}/gestion`)}>Revenir à l'administration de l'école</a>
      </p>
    </Layout>
  );
}
