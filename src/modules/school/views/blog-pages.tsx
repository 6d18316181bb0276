import { CsrfField, type FieldErrors, SubmitButton, TextArea, TextField } from '../../../platform/views/forms.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { BlogRights } from '../blogs/blog-rights.ts';
import type { CommentLine, PostLine } from '../blogs/blogs.repo.ts';
import { SpacePage, type SchoolRef } from './spaces-layout.tsx';

const SERVICE = { label: 'Blogs', path: 'blogs' };
const paragraphs = (text: string) => text.split(/\n{2,}/).map((p) => <p>{p}</p>);

export function BlogsPage(props: {
  context: PageContext;
  school: SchoolRef;
  blogs: Array<{ key: string; name: string }>;
}) {
  const { context, school } = props;
  return (
    <SpacePage context={context} school={school} title="Blogs de l'école">
      <ul class="link-list">
        {props.blogs.map((b) => (
          <li>
            <a href={href(context, `/ecole/${school.uai}/blogs/${b.key}`)}>{b.name}</a>
          </li>
        ))}
      </ul>
    </SpacePage>
  );
}

function ModerationButtons(props: {
  context: PageContext;
  action: string;
  kind: 'billet' | 'commentaire';
  id: string;
}) {
  return (
    <form method="post" action={href(props.context, props.action)} class="inline-form">
      <CsrfField token={props.context.csrfToken} />
      <input type="hidden" name="type" value={props.kind} />
      <input type="hidden" name="id" value={props.id} />
      <button type="submit" name="decision" value="publier" class="button button--primary">
        Publier
      </button>{' '}
      <button type="submit" name="decision" value="refuser" class="button button--secondary">
        Refuser
      </button>
    </form>
  );
}

export function BlogPage(props: {
  context: PageContext;
  school: SchoolRef;
  blog: { key: string; name: string };
  rights: BlogRights;
  posts: PostLine[];
  pendingComments: Array<CommentLine & { postTitle: string }>;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, school, blog, rights } = props;
  const base = `/ecole/${school.uai}/blogs/${blog.key}`;
  return (
    <SpacePage
      context={context}
      school={school}
      service={SERVICE}
      title={blog.name}
      notice={props.notice}
      errors={props.errors}
    >
      {props.posts.length === 0 ? <p>Aucun billet pour le moment.</p> : null}
      {props.posts.map((p) => (
        <article class="news">
          <h2>
            <a href={href(context, `${base}/${p.id}`)}>{p.title}</a>
          </h2>
          <p class="news__meta">
            {formatDateTime(p.createdAt)} — {p.author}
            {p.status === 'pending' ? ' — en attente de modération' : ` — ${p.comments} commentaire(s)`}
          </p>
          {paragraphs(p.body)}
          {p.status === 'pending' && rights.moderate ? (
            <ModerationButtons context={context} action={`${base}/moderation`} kind="billet" id={p.id} />
          ) : null}
        </article>
      ))}
      {rights.moderate && props.pendingComments.length ? (
        <section aria-labelledby="titre-commentaires-attente">
          <h2 id="titre-commentaires-attente">Commentaires en attente de modération</h2>
          {props.pendingComments.map((c) => (
            <article class="report">
              <p>
                {c.author}, sur « {c.postTitle} », le {formatDateTime(c.createdAt)} :
              </p>
              <blockquote>{paragraphs(c.body)}</blockquote>
              <ModerationButtons context={context} action={`${base}/moderation`} kind="commentaire" id={c.id} />
            </article>
          ))}
        </section>
      ) : null}
      {rights.post ? (
        <section aria-labelledby="titre-ecrire">
          <h2 id="titre-ecrire">Écrire un billet</h2>
          {rights.post === 'moderated' ? <p>Votre billet sera publié après relecture par un enseignant.</p> : null}
          <form method="post" action={href(context, base)}>
            <CsrfField token={context.csrfToken} />
            <TextField
              name="titre"
              label="Titre"
              value={props.values.titre}
              maxLength={200}
              error={props.errors.titre}
            />
            <TextArea
              name="texte"
              label="Texte"
              value={props.values.texte}
              maxLength={20000}
              rows={8}
              error={props.errors.texte}
            />
            <SubmitButton>{rights.post === 'moderated' ? 'Proposer le billet' : 'Publier le billet'}</SubmitButton>
          </form>
        </section>
      ) : null}
    </SpacePage>
  );
}

export function PostPage(props: {
  context: PageContext;
  school: SchoolRef;
  blog: { key: string; name: string };
  post: PostLine;
  comments: CommentLine[];
  rights: BlogRights;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { context, school, blog, post, rights } = props;
  const base = `/ecole/${school.uai}/blogs/${blog.key}`;
  return (
    <SpacePage
      context={context}
      school={school}
      service={{ label: blog.name, path: `blogs/${blog.key}` }}
      title={post.title}
      notice={props.notice}
      errors={props.errors}
    >
      <p class="news__meta">
        {formatDateTime(post.createdAt)} — {post.author}
      </p>
      {paragraphs(post.body)}
      <section aria-labelledby="titre-commentaires">
        <h2 id="titre-commentaires">Commentaires</h2>
        {props.comments.length === 0 ? <p>Aucun commentaire.</p> : null}
        {props.comments.map((c) => (
          <article class="comment">
            <p class="news__meta">
              {c.author}, le {formatDateTime(c.createdAt)}
              {c.status === 'pending' ? ' — en attente de modération' : ''}
            </p>
            {paragraphs(c.body)}
          </article>
        ))}
        {rights.comment && post.status === 'published' ? (
          <form method="post" action={href(context, `${base}/${post.id}/commentaires`)}>
            <CsrfField token={context.csrfToken} />
            <TextArea
              name="commentaire"
              label="Votre commentaire"
              hint={rights.comment === 'moderated' ? 'Il sera publié après relecture.' : undefined}
              value={props.values.commentaire}
              maxLength={4000}
              rows={4}
              error={props.errors.commentaire}
            />
            <SubmitButton>Commenter</SubmitButton>
          </form>
        ) : null}
      </section>
    </SpacePage>
  );
}
