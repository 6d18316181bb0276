import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formText, parseForm } from '../../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../../platform/http/route-input.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { listGroups } from '../directory.repo.ts';
import { ZUai } from '../portal.routes.tsx';
import { requireSchoolMember, type SchoolMember } from '../school-access.ts';
import type { SchoolGroup } from '../school.tables.ts';
import { actorOf } from '../spaces-input.ts';
import { BlogPage, BlogsPage, PostPage } from '../views/blog-pages.tsx';
import { blogRights } from './blog-rights.ts';
import { findPost, listComments, listPendingComments, listPosts } from './blogs.repo.ts';
import { commentPost } from './comment-post.ts';
import { moderateBlogItem } from './moderate-blog.ts';
import { writePost } from './write-post.ts';

const ZBlogKey = z.union([z.literal('ecole'), z.uuid()]);
const ZSchoolParams = z.object({ uai: ZUai });
const ZBlogParams = z.object({ uai: ZUai, blog: ZBlogKey });
const ZPostParams = z.object({ uai: ZUai, blog: ZBlogKey, post: z.uuid() });
const ZNoticeQuery = z.object({
  fait: z.enum(['publie', 'attente', 'commente', 'commentaire_attente', 'modere']).optional().catch(undefined),
});
const NOTICES = {
  publie: 'Le billet est publié.',
  attente: 'Le billet est envoyé : il sera publié après relecture par un enseignant.',
  commente: 'Le commentaire est publié.',
  commentaire_attente: 'Le commentaire est envoyé : il sera publié après relecture.',
  modere: 'La décision de modération est enregistrée.',
} as const;
const ZPostForm = z.object({
  titre: z.string().trim().min(1, 'Indiquez le titre du billet.').max(200, 'Le titre : 200 caractères au plus.'),
  texte: z.string().trim().min(1, 'Écrivez le texte du billet.').max(20000, 'Le texte : 20 000 caractères au plus.'),
});
const ZCommentForm = z.object({
  commentaire: z
    .string()
    .trim()
    .min(1, 'Écrivez votre commentaire.')
    .max(4000, 'Le commentaire : 4 000 caractères au plus.'),
});
const ZModerationForm = z.object({
  type: z.enum(['billet', 'commentaire'], { error: 'Type inconnu.' }),
  id: z.uuid('Élément inconnu.'),
  decision: z.enum(['publier', 'refuser'], { error: 'Décision inconnue.' }),
});

const blogName = (group: SchoolGroup | null) =>
  group === null ? "Blog de l'école" : `Blog ${group.kind === 'class' ? 'de la classe' : 'du groupe'} ${group.name}`;

/** The school's blogs (issue 22 §2): the school's and each class's, with moderation by teachers. */
export function registerBlogRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** The blog a key names, if it is one of the school's and the member may read it; else 404. */
  async function blogOf(request: FastifyRequest, uai: string, key: string) {
    const access = await requireSchoolMember(services, request, uai);
    const groups = await withTenant(services.db, access.school.tenant_id, (trx) => listGroups(trx, access.school.id));
    const group = key === 'ecole' ? null : groups.find((g) => g.id === key);
    if (group === undefined) throw notFound("Ce blog n'existe pas.");
    const groupId = group?.id ?? null;
    const rights = blogRights(access.member, groupId);
    if (!rights.read) throw notFound("Ce blog n'existe pas.");
    return { ...access, groupId, rights, blog: { key, name: blogName(group) } };
  }
  type Blog = Awaited<ReturnType<typeof blogOf>>;

  app.get('/ecole/:uai/blogs', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { school, member } = await requireSchoolMember(services, request, uai);
    const groups = await withTenant(services.db, school.tenant_id, (trx) => listGroups(trx, school.id));
    const blogs = [null, ...groups]
      .filter((g) => blogRights(member, g?.id ?? null).read)
      .map((g) => ({ key: g?.id ?? 'ecole', name: blogName(g) }));
    return sendPage(request, reply, (context) => BlogsPage({ context, school, blogs }));
  });

  async function showBlog(
    request: FastifyRequest,
    reply: FastifyReply,
    b: Blog,
    form: { values: Record<string, string>; errors: FieldErrors },
    status = 200,
  ) {
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const data = await withTenant(services.db, b.school.tenant_id, async (trx) => ({
      posts: await listPosts(trx, b.school.id, b.groupId, b.rights.moderate ? 'all' : { authorId: b.member.personId }),
      pendingComments: b.rights.moderate ? await listPendingComments(trx, b.school.id, b.groupId) : [],
    }));
    return sendPage(
      request,
      reply,
      (context) =>
        BlogPage({
          context,
          school: b.school,
          blog: b.blog,
          rights: b.rights,
          ...data,
          ...form,
          notice: notice ? NOTICES[notice] : undefined,
        }),
      status,
    );
  }

  app.get('/ecole/:uai/blogs/:blog', async (request, reply) => {
    const { uai, blog } = parseParams(ZBlogParams, request);
    return showBlog(request, reply, await blogOf(request, uai, blog), { values: {}, errors: {} });
  });

  app.post('/ecole/:uai/blogs/:blog', async (request, reply) => {
    const { uai, blog } = parseParams(ZBlogParams, request);
    const b = await blogOf(request, uai, blog);
    if (!b.rights.post) throw notFound('Vous ne pouvez pas écrire sur ce blog.');
    const form = parseForm(ZPostForm, request.body);
    if (!form.ok) return showBlog(request, reply, b, { values: formText(form.values), errors: form.errors }, 422);
    const outcome = await writePost(services, {
      school: b.school,
      groupId: b.groupId,
      author: b.member,
      title: form.data.titre,
      body: form.data.texte,
    });
    if (outcome === 'refused') throw notFound('Vous ne pouvez pas écrire sur ce blog.');
    return redirectWithin(
      request,
      reply,
      `/ecole/${uai}/blogs/${blog}?fait=${outcome === 'published' ? 'publie' : 'attente'}`,
    );
  });

  app.post('/ecole/:uai/blogs/:blog/moderation', async (request, reply) => {
    const { uai, blog } = parseParams(ZBlogParams, request);
    const b = await blogOf(request, uai, blog);
    if (!b.rights.moderate) throw notFound();
    const form = parseBody(ZModerationForm, request);
    const done = await moderateBlogItem(services, {
      school: b.school,
      groupId: b.groupId,
      moderator: b.member,
      item: { kind: form.type === 'billet' ? 'post' : 'comment', id: form.id },
      publish: form.decision === 'publier',
      actor: actorOf(request, b.user),
    });
    if (!done) throw notFound("Cet élément n'attend pas de modération sur ce blog.");
    return redirectWithin(request, reply, `/ecole/${uai}/blogs/${blog}?fait=modere`);
  });

  async function showPost(
    request: FastifyRequest,
    reply: FastifyReply,
    b: Blog,
    postId: string,
    form: { values: Record<string, string>; errors: FieldErrors },
    status = 200,
  ) {
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const found = await withTenant(services.db, b.school.tenant_id, async (trx) => {
      const post = await findPost(trx, b.school.id, b.groupId, postId);
      const visible = post && (post.status === 'published' || b.rights.moderate || post.authorId === b.member.personId);
      if (!post || !visible) return undefined;
      const pendingFor = b.rights.moderate ? ('all' as const) : { authorId: b.member.personId };
      return { post, comments: await listComments(trx, post.id, pendingFor) };
    });
    if (!found) throw notFound("Ce billet n'existe pas.");
    return sendPage(
      request,
      reply,
      (context) =>
        PostPage({
          context,
          school: b.school,
          blog: b.blog,
          rights: b.rights,
          ...found,
          ...form,
          notice: notice ? NOTICES[notice] : undefined,
        }),
      status,
    );
  }

  app.get('/ecole/:uai/blogs/:blog/:post', async (request, reply) => {
    const { uai, blog, post } = parseParams(ZPostParams, request);
    return showPost(request, reply, await blogOf(request, uai, blog), post, { values: {}, errors: {} });
  });

  app.post('/ecole/:uai/blogs/:blog/:post/commentaires', async (request, reply) => {
    const { uai, blog, post } = parseParams(ZPostParams, request);
    const b: SchoolMember & Blog = await blogOf(request, uai, blog);
    const form = parseForm(ZCommentForm, request.body);
    if (!form.ok) return showPost(request, reply, b, post, { values: formText(form.values), errors: form.errors }, 422);
    const outcome = await commentPost(services, {
      school: b.school,
      groupId: b.groupId,
      postId: post,
      author: b.member,
      body: form.data.commentaire,
    });
    if (outcome === 'not_found') throw notFound("Ce billet n'existe pas ou ne peut pas être commenté.");
    return redirectWithin(
      request,
      reply,
      `/ecole/${uai}/blogs/${blog}/${post}?fait=${outcome === 'published' ? 'commente' : 'commentaire_attente'}`,
    );
  });
}
