import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { uploadOf } from '../../../platform/files/checked-upload.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { redirectWithin, sendPage } from '../../../platform/http/render.tsx';
import { parseParams, parseQuery, UPLOAD_ROUTE } from '../../../platform/http/route-input.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { listGroups } from '../directory.repo.ts';
import { ZUai } from '../portal.routes.tsx';
import { requireSchoolMember } from '../school-access.ts';
import type { SchoolGroup } from '../school.tables.ts';
import { actorOf, sendStoredFile } from '../spaces-input.ts';
import { DocumentSpacePage, SpacesPage, sizeText } from '../views/document-pages.tsx';
import { checkSchoolUpload } from './check-upload.ts';
import { type DocumentSpace, documentRights } from './document-rights.ts';
import { findDocument, listDocuments, usage } from './documents.repo.ts';
import { removeDocument, storeDocument } from './store-document.ts';

const ZSpaceKey = z.union([z.literal('perso'), z.uuid()]);
const ZSchoolParams = z.object({ uai: ZUai });
const ZSpaceParams = z.object({ uai: ZUai, space: ZSpaceKey });
const ZDocumentParams = z.object({ uai: ZUai, space: ZSpaceKey, id: z.uuid() });
const ZNoticeQuery = z.object({ fait: z.enum(['depose', 'supprime']).optional().catch(undefined) });
const NOTICES = { depose: 'Le document est déposé.', supprime: 'Le document est supprimé.' } as const;

const spaceName = (group: SchoolGroup | null) =>
  group === null
    ? 'Mon espace personnel'
    : `Espace partagé ${group.kind === 'class' ? 'de la classe' : 'du groupe'} ${group.name}`;

/** The school's documents (issue 22 §3): personal spaces and each class's or group's shared space, with quotas. */
export function registerDocumentRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** The space a key names, if the member may read it; else 404. */
  async function spaceOf(request: FastifyRequest, uai: string, key: string) {
    const access = await requireSchoolMember(services, request, uai);
    const groups = await withTenant(services.db, access.school.tenant_id, (trx) => listGroups(trx, access.school.id));
    const group = key === 'perso' ? null : groups.find((g) => g.id === key);
    if (group === undefined) throw notFound("Cet espace de documents n'existe pas.");
    const space: DocumentSpace = group ? { kind: 'group', groupId: group.id } : { kind: 'personal' };
    const rights = documentRights(access.member, space);
    if (!rights.read) throw notFound("Cet espace de documents n'existe pas.");
    const owner = { schoolId: access.school.id, space, personId: access.member.personId };
    return { ...access, key, space, rights, owner, name: spaceName(group) };
  }
  type Space = Awaited<ReturnType<typeof spaceOf>>;

  app.get('/ecole/:uai/documents', async (request, reply) => {
    const { uai } = parseParams(ZSchoolParams, request);
    const { school, member } = await requireSchoolMember(services, request, uai);
    const spaces = await withTenant(services.db, school.tenant_id, async (trx) => {
      const groups = [null, ...(await listGroups(trx, school.id))];
      const out = [];
      for (const group of groups) {
        const space: DocumentSpace = group ? { kind: 'group', groupId: group.id } : { kind: 'personal' };
        const rights = documentRights(member, space);
        if (!rights.read) continue;
        const usedBytes = await usage(trx, { schoolId: school.id, space, personId: member.personId });
        out.push({ key: group?.id ?? 'perso', name: spaceName(group), usedBytes, quotaBytes: rights.quotaBytes });
      }
      return out;
    });
    return sendPage(request, reply, (context) => SpacesPage({ context, school, spaces }));
  });

  async function showSpace(request: FastifyRequest, reply: FastifyReply, s: Space, errors: FieldErrors, status = 200) {
    const notice = parseQuery(ZNoticeQuery, request).fait;
    const data = await withTenant(services.db, s.school.tenant_id, async (trx) => ({
      documents: await listDocuments(trx, s.owner),
      usedBytes: await usage(trx, s.owner),
    }));
    return sendPage(
      request,
      reply,
      (context) =>
        DocumentSpacePage({
          context,
          school: s.school,
          space: { key: s.key, name: s.name },
          rights: s.rights,
          viewerId: s.member.personId,
          ...data,
          errors,
          notice: notice ? NOTICES[notice] : undefined,
        }),
      status,
    );
  }

  app.get('/ecole/:uai/documents/:space', async (request, reply) => {
    const { uai, space } = parseParams(ZSpaceParams, request);
    return showSpace(request, reply, await spaceOf(request, uai, space), {});
  });

  app.post('/ecole/:uai/documents/:space', UPLOAD_ROUTE, async (request, reply) => {
    const { uai, space } = parseParams(ZSpaceParams, request);
    const s = await spaceOf(request, uai, space);
    if (!s.rights.write) throw notFound('Vous ne pouvez pas déposer de document dans cet espace.');
    const upload = await uploadOf(request.body, 'fichier');
    if (!upload || upload.bytes.byteLength === 0)
      return showSpace(request, reply, s, { fichier: 'Choisissez le document à déposer.' }, 422);
    const checked = await checkSchoolUpload(upload);
    if (!checked.ok) return showSpace(request, reply, s, { fichier: checked.error }, 422);
    const outcome = await storeDocument(services, {
      school: s.school,
      member: s.member,
      space: s.space,
      file: { name: upload.filename.slice(0, 200), mediaType: checked.type.mediaType, bytes: upload.bytes },
    });
    if (!outcome.ok && outcome.reason === 'quota')
      return showSpace(
        request,
        reply,
        s,
        {
          fichier: `L'espace est plein : ${sizeText(outcome.usedBytes)} utilisés sur ${sizeText(s.rights.quotaBytes)}, le document (${sizeText(upload.bytes.byteLength)}) n'y tient pas. Supprimez des documents ou déposez-en un plus petit.`,
        },
        413,
      );
    if (!outcome.ok) throw notFound('Vous ne pouvez pas déposer de document dans cet espace.');
    return redirectWithin(request, reply, `/ecole/${uai}/documents/${space}?fait=depose`);
  });

  app.get('/ecole/:uai/documents/:space/:id', async (request, reply) => {
    const { uai, space, id } = parseParams(ZDocumentParams, request);
    const s = await spaceOf(request, uai, space);
    const document = await withTenant(services.db, s.school.tenant_id, (trx) => findDocument(trx, s.owner, id));
    if (!document) throw notFound("Ce document n'existe pas.");
    return sendStoredFile(services, reply, { sha256: document.sha256, name: document.name, type: document.media_type });
  });

  app.post('/ecole/:uai/documents/:space/:id/suppression', async (request, reply) => {
    const { uai, space, id } = parseParams(ZDocumentParams, request);
    const s = await spaceOf(request, uai, space);
    const removed = await removeDocument(services, {
      school: s.school,
      member: s.member,
      space: s.space,
      documentId: id,
      actor: actorOf(request, s.user),
    });
    if (!removed) throw notFound("Ce document n'existe pas ou vous ne pouvez pas le supprimer.");
    return redirectWithin(request, reply, `/ecole/${uai}/documents/${space}?fait=supprime`);
  });
}
