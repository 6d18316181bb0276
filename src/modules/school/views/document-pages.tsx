import { CsrfField, type FieldErrors, FileField, SubmitButton } from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { SCHOOL_FILE_LABELS } from '../documents/check-upload.ts';
import type { SpaceRights } from '../documents/document-rights.ts';
import type { DocumentLine } from '../documents/documents.repo.ts';
import { SpacePage, type SchoolRef } from './spaces-layout.tsx';

const SERVICE = { label: 'Documents', path: 'documents' };

/** A size as people read it: in Mo from one Mo, else in Ko. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} Mo`
    : `${Math.max(bytes ? 1 : 0, Math.round(bytes / 1024))} Ko`;
}

export function SpacesPage(props: {
  context: PageContext;
  school: SchoolRef;
  spaces: Array<{ key: string; name: string; usedBytes: number; quotaBytes: number }>;
}) {
  const { context, school } = props;
  return (
    <SpacePage context={context} school={school} title="Documents">
      <ul class="link-list">
        {props.spaces.map((s) => (
          <li>
            <a href={href(context, `/ecole/${school.uai}/documents/${s.key}`)}>{s.name}</a> — {sizeText(s.usedBytes)}{' '}
            utilisés sur {sizeText(s.quotaBytes)}
          </li>
        ))}
      </ul>
    </SpacePage>
  );
}

export function DocumentSpacePage(props: {
  context: PageContext;
  school: SchoolRef;
  space: { key: string; name: string };
  rights: SpaceRights;
  viewerId: string;
  usedBytes: number;
  documents: DocumentLine[];
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, school, space, rights } = props;
  const base = `/ecole/${school.uai}/documents/${space.key}`;
  return (
    <SpacePage
      context={context}
      school={school}
      service={SERVICE}
      title={space.name}
      notice={props.notice}
      errors={props.errors}
    >
      <p>
        Espace utilisé : {sizeText(props.usedBytes)} sur {sizeText(rights.quotaBytes)}.
      </p>
      {props.documents.length ? (
        <div class="table-wrapper">
          <table class="table">
            <caption>Documents de l'espace</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Déposé par</th>
                <th scope="col">Date</th>
                <th scope="col">Taille</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {props.documents.map((d) => (
                <tr>
                  <td>
                    <a href={href(context, `${base}/${d.id}`)}>{d.name}</a>
                  </td>
                  <td>{d.uploader}</td>
                  <td>{formatDateTime(d.created_at)}</td>
                  <td>{sizeText(d.byte_size)}</td>
                  <td>
                    {rights.deleteAny || d.uploaded_by === props.viewerId ? (
                      <form method="post" action={href(context, `${base}/${d.id}/suppression`)} class="inline-form">
                        <CsrfField token={context.csrfToken} />
                        <button type="submit" class="button button--secondary">
                          Supprimer<span class="visually-hidden"> {d.name}</span>
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun document dans cet espace.</p>
      )}
      {rights.write ? (
        <section aria-labelledby="titre-deposer">
          <h2 id="titre-deposer">Déposer un document</h2>
          <form method="post" action={href(context, base)} enctype="multipart/form-data">
            <CsrfField token={context.csrfToken} />
            <FileField
              name="fichier"
              label="Document"
              hint={`${SCHOOL_FILE_LABELS} ; 5 Mo au plus.`}
              error={props.errors.fichier}
            />
            <SubmitButton>Déposer</SubmitButton>
          </form>
        </section>
      ) : null}
    </SpacePage>
  );
}
