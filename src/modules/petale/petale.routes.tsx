import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { sendDownload } from '../../platform/exports/index.ts';
import { uploadOf } from '../../platform/files/checked-upload.ts';
import { notFound } from '../../platform/http/errors.ts';
import { zText } from '../../platform/http/form-fields.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireOperator, requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { productionCommunes } from '../insights/index.ts';
import { configurePetale } from './configure-petale.ts';
import { acceptConsent, loadSpace, withdrawPetaleConsent } from './petale-consent.ts';
import { addPetaleDocument, removePetaleDocument } from './petale-documents.ts';
import { type PetaleSetting, petaleSetting } from './petale-setting.ts';
import { findDocument } from './petale.repo.ts';
import { ConsentPage, PetaleSettingPage, SpacePage } from './views/petale-pages.tsx';

const ZId = z.object({ id: z.uuid() });
const ZDone = z.object({
  fait: z.enum(['ouvert', 'depose', 'efface', 'retire', 'enregistre']).optional().catch(undefined),
});
const DONE = {
  ouvert: 'Votre espace est ouvert.',
  depose: 'Le document est déposé.',
  efface: 'Le document est effacé.',
  retire: 'Votre consentement est retiré et vos documents sont effacés.',
  enregistre: 'Le réglage de l’espace pétale est enregistré.',
};
const ZConsent = z.object({ accept: z.literal('oui', { message: 'Cochez la case pour accepter les conditions' }) });
const ZDocument = z.object({ label: zText('le nom du document', 200) });
const ZSetting = z.object({
  commune: z.uuid({ message: 'Choisissez une commune de la liste' }),
  consentText: z
    .string()
    .trim()
    .min(20, 'Le texte du consentement fait au moins 20 caractères')
    .max(5000, 'Le texte du consentement fait 5 000 caractères au plus'),
  retentionMonths: z.coerce
    .number({ message: 'Saisissez un nombre de mois' })
    .int('Saisissez un nombre entier de mois')
    .min(1, 'La durée de conservation va de 1 à 60 mois')
    .max(60, 'La durée de conservation va de 1 à 60 mois'),
});

/**
 * The pétale space (G9), on its commune's instance only (404 on every other): the citizen's consent, documents and
 * withdrawal; and the operators' setting of the space.
 */
export function registerPetaleRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** The signed-in citizen on the pétale commune's own instance; anywhere else the space does not exist. */
  const requireSpace = async (request: FastifyRequest): Promise<{ user: CurrentUser; setting: PetaleSetting }> => {
    const setting = await petaleSetting(services);
    if (!setting || request.tenant.id !== setting.commune.id) throw notFound();
    return { user: requireUser(request), setting };
  };

  const showSpace = async (
    request: FastifyRequest,
    reply: FastifyReply,
    user: CurrentUser,
    setting: PetaleSetting,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) => {
    const space = await loadSpace(services, setting, user.id);
    const status = Object.keys(errors).length > 0 ? 422 : 200;
    const { fait } = parseQuery(ZDone, request);
    if (!space.consented)
      return sendPage(
        request,
        reply,
        (context) => ConsentPage({ context, setting, earlierConsent: space.earlierConsent, errors }),
        status,
      );
    return sendPage(
      request,
      reply,
      (context) =>
        SpacePage({
          context,
          setting,
          documents: space.documents,
          values,
          errors,
          notice: fait && status === 200 ? DONE[fait] : undefined,
        }),
      status,
    );
  };

  app.get('/petale', async (request, reply) => {
    const { user, setting } = await requireSpace(request);
    return showSpace(request, reply, user, setting);
  });

  app.post('/petale/consentement', async (request, reply) => {
    const { user, setting } = await requireSpace(request);
    const form = parseForm(ZConsent, request.body);
    if (!form.ok) return showSpace(request, reply, user, setting, {}, form.errors);
    await acceptConsent(services, { setting, userId: user.id, actor: actorOf(request, user) });
    return redirectWithin(request, reply, '/petale?fait=ouvert');
  });

  app.post('/petale/documents', async (request, reply) => {
    const { user, setting } = await requireSpace(request);
    const form = parseForm(ZDocument, request.body);
    const values = formText(form.values);
    if (!form.ok) return showSpace(request, reply, user, setting, values, form.errors);
    const added = await addPetaleDocument(services, {
      setting,
      userId: user.id,
      label: form.data.label,
      upload: await uploadOf(request.body, 'file'),
      actor: actorOf(request, user),
    });
    if (!added.ok) return showSpace(request, reply, user, setting, values, { [added.field]: added.error });
    return redirectWithin(request, reply, '/petale?fait=depose');
  });

  app.get('/petale/documents/:id', async (request, reply) => {
    const { user, setting } = await requireSpace(request);
    const { id } = parseParams(ZId, request);
    const document = await withTenant(services.db, setting.commune.id, (trx) => findDocument(trx, user.id, id));
    const bytes = document ? await services.files.get(document.sha256) : undefined;
    if (!document || !bytes) throw notFound('Ce document n’existe pas.');
    return sendDownload(reply, { name: document.original_name, mediaType: document.media_type, bytes });
  });

  app.post('/petale/documents/:id/suppression', async (request, reply) => {
    const { user, setting } = await requireSpace(request);
    const { id } = parseParams(ZId, request);
    const removed = await removePetaleDocument(services, {
      setting,
      userId: user.id,
      documentId: id,
      actor: actorOf(request, user),
    });
    if (!removed) throw notFound('Ce document n’existe pas.');
    return redirectWithin(request, reply, '/petale?fait=efface');
  });

  app.post('/petale/retrait', async (request, reply) => {
    const { user, setting } = await requireSpace(request);
    await withdrawPetaleConsent(services, { setting, userId: user.id, actor: actorOf(request, user) });
    return redirectWithin(request, reply, '/petale?fait=retire');
  });

  const settingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> | null,
    errors: FieldErrors,
  ) => {
    const setting = await petaleSetting(services);
    const communes = (await productionCommunes(services)).map((c) => ({ id: c.id, name: c.name }));
    const shown = values ?? {
      commune: setting?.commune.id ?? '',
      consentText: setting?.consentText ?? '',
      retentionMonths: String(setting?.retentionMonths ?? ''),
    };
    const { fait } = parseQuery(ZDone, request);
    return sendPage(
      request,
      reply,
      (context) =>
        PetaleSettingPage({
          context,
          communes,
          values: shown,
          errors,
          notice: fait && !values ? DONE[fait] : undefined,
        }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  app.get('/admin/petale', async (request, reply) => {
    requireOperator(request);
    return settingPage(request, reply, null, {});
  });

  app.post('/admin/petale', async (request, reply) => {
    const user = requireOperator(request);
    const form = parseForm(ZSetting, request.body);
    const values = formText(form.values);
    if (!form.ok) return settingPage(request, reply, values, form.errors);
    const commune = await services.tenants.byId(form.data.commune);
    if (!commune || commune.kind !== 'commune' || commune.isTestInstance)
      return settingPage(request, reply, values, { commune: 'Choisissez une commune de la liste' });
    await configurePetale(services, {
      current: await petaleSetting(services),
      commune,
      consentText: form.data.consentText,
      retentionMonths: form.data.retentionMonths,
      actor: actorOf(request, user),
    });
    return redirectWithin(request, reply, '/admin/petale?fait=enregistre');
  });
}
