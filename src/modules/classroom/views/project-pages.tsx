import {
  ChoiceGroup,
  CsrfField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../../platform/views/forms.tsx';
import { formatDate } from '../../../platform/views/format.ts';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { Post, PostKind } from '../classroom.tables.ts';
import { Paragraphs, schoolCrumbs } from './class-pages.tsx';

type SchoolRef = { uai: string; name: string };

export const POST_KINDS: Record<Exclude<PostKind, 'news'>, string> = {
  instructions: 'Consignes des intervenants',
  work: 'Travaux des classes',
  resource: 'Bibliothèque de ressources',
};

/** The school's cultural projects the visitor sees, and the form to start one. */
export function ProjectsPage(props: {
  context: PageContext;
  school: SchoolRef;
  projects: Array<{ id: string; title: string; classNames: string[] }>;
  classes: Array<{ id: string; name: string }>;
}) {
  const { context, school } = props;
  return (
    <Layout context={context} title={`Projets – ${school.name}`} breadcrumbs={schoolCrumbs(school)}>
      <h1>Classes culturelles numériques</h1>
      {props.projects.length ? (
        <ul class="link-list">
          {props.projects.map((p) => (
            <li>
              <a href={href(context, `/ecole/${school.uai}/projets/${p.id}`)}>{p.title}</a> ({p.classNames.join(', ')})
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun projet ne vous est ouvert.</p>
      )}
      {props.classes.length ? (
        <section aria-labelledby="titre-nouveau">
          <h2 id="titre-nouveau">Lancer un projet</h2>
          <form method="post" action={href(context, `/ecole/${school.uai}/projets`)}>
            <CsrfField token={context.csrfToken} />
            <TextField name="titre" label="Titre du projet" maxLength={120} />
            <TextArea name="description" label="Description" maxLength={5000} />
            <ChoiceGroup
              name="classes"
              label="Classes participantes"
              kind="checkbox"
              choices={props.classes.map((c) => ({ value: c.id, label: c.name }))}
            />
            <SubmitButton>Lancer le projet</SubmitButton>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

const NOTICES = {
  projet: 'Le projet est lancé : ajoutez-y ses partenaires.',
  partenaire: 'Le partenaire est ajouté : il accède au projet avec le compte de cette adresse.',
  publication: 'La publication est ajoutée au projet.',
} as const;
export type ProjectNotice = keyof typeof NOTICES;

/** A project's space: its classes and partners, its instructions, the classes' work and resources. */
export function ProjectPage(props: {
  context: PageContext;
  school: SchoolRef;
  notice: ProjectNotice | undefined;
  project: { id: string; title: string; description: string; classNames: string[] };
  runs: boolean;
  partners: Array<{ name: string; email: string }>;
  posts: Post[];
}) {
  const { context, school, project } = props;
  const base = `/ecole/${school.uai}/projets/${project.id}`;
  return (
    <Layout
      context={context}
      title={`${project.title} – ${school.name}`}
      breadcrumbs={[...schoolCrumbs(school), { label: 'Projets', path: `/ecole/${school.uai}/projets` }]}
    >
      <h1>{project.title}</h1>
      {props.notice ? <Notice>{NOTICES[props.notice]}</Notice> : null}
      <Paragraphs text={project.description} />
      <p>Classes : {project.classNames.join(', ')}.</p>
      <p>
        Partenaires : {props.partners.length ? props.partners.map((p) => p.name).join(', ') : 'aucun pour le moment'}.
      </p>
      {(Object.keys(POST_KINDS) as Array<keyof typeof POST_KINDS>).map((kind) => {
        const posts = props.posts.filter((p) => p.kind === kind);
        return (
          <section aria-labelledby={`titre-${kind}`}>
            <h2 id={`titre-${kind}`}>{POST_KINDS[kind]}</h2>
            {posts.length ? (
              posts.map((p) => (
                <article class="news">
                  <h3>{p.title}</h3>
                  <p class="news__meta">
                    {formatDate(p.published_at)} — {p.author_label}
                  </p>
                  <Paragraphs text={p.body} />
                </article>
              ))
            ) : (
              <p>Rien pour le moment.</p>
            )}
          </section>
        );
      })}
      {props.runs ? (
        <>
          <section aria-labelledby="titre-publier">
            <h2 id="titre-publier">Publier dans le projet</h2>
            <form method="post" action={href(context, `${base}/publications`)}>
              <CsrfField token={context.csrfToken} />
              <Select
                name="rubrique"
                label="Rubrique"
                choices={Object.entries(POST_KINDS).map(([value, label]) => ({ value, label }))}
                value="work"
              />
              <TextField name="titre" label="Titre" maxLength={120} />
              <TextArea name="texte" label="Texte" maxLength={5000} />
              <SubmitButton>Publier</SubmitButton>
            </form>
          </section>
          <section aria-labelledby="titre-partenaire">
            <h2 id="titre-partenaire">Ajouter un partenaire</h2>
            <form method="post" action={href(context, `${base}/partenaires`)}>
              <CsrfField token={context.csrfToken} />
              <TextField name="nom" label="Nom du partenaire" hint="Une artiste, un musée…" maxLength={120} />
              <TextField
                name="courriel"
                label="Adresse électronique de son compte"
                type="email"
                autocomplete="off"
                maxLength={200}
              />
              <SubmitButton>Ajouter le partenaire</SubmitButton>
            </form>
          </section>
        </>
      ) : null}
    </Layout>
  );
}
