import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireCapability, requireOperator, requireTenantAdministrator } from '../../platform/http/guards.ts';
import { instanceBase, redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { countInstances, listModelCandidates, listTenantInstances, listTurnkeyModels } from './catalogue.repo.ts';
import { curateTurnkey } from './curate-turnkey.ts';
import { instantiateTurnkey } from './instantiate-turnkey.ts';
import { eservicePath } from './provider.ts';
import { CommuneTurnkeyPage, OperatorTurnkeyPage } from './views/turnkey-pages.tsx';

const ZIdParams = z.object({ id: z.uuid() });
const ZCurateForm = z.object({ turnkey: z.enum(['oui', 'non']) });
const ZDoneQuery = z.object({ fait: z.enum(['propose', 'retire', 'ajoute']).optional().catch(undefined) });
const ZPickForm = z.object({
  model: z.uuid({ message: 'Choisissez une démarche du catalogue' }),
  officeName: z
    .string()
    .trim()
    .min(1, 'Saisissez le nom du service qui traite les demandes')
    .max(200, 'Le nom compte 200 caractères au plus'),
  officeEmail: z
    .string()
    .trim()
    .pipe(z.email('Saisissez une adresse électronique valide, par exemple etat-civil@mairie.fr')),
  officePhone: z
    .string()
    .trim()
    .regex(/^[0-9 +().-]{6,30}$/, 'Saisissez un numéro de téléphone, par exemple 04 72 00 00 00'),
});

const NOTICES = {
  propose: 'La démarche est proposée aux communes abonnées.',
  retire: 'La démarche est retirée du catalogue (les communes qui l’ont choisie la gardent).',
  ajoute: 'La démarche est ouverte sur l’instance de la commune.',
} as const;

/** The turnkey catalogue: operators curate it, Abonné communes pick from it. */
export function registerTurnkeyRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/admin/catalogue-cle-en-main', async (request, reply) => {
    requireOperator(request);
    const [candidates, counts] = await Promise.all([
      listModelCandidates(services.db, request.tenant.id),
      countInstances(services.db),
    ]);
    const fait = parseQuery(ZDoneQuery, request).fait;
    return sendPage(request, reply, (context) =>
      OperatorTurnkeyPage({
        context,
        models: candidates.map((e) => ({
          id: e.id,
          title: e.title,
          summary: e.summary,
          turnkey: e.turnkey,
          instances: counts.get(e.id) ?? 0,
        })),
        notice: fait ? NOTICES[fait] : null,
      }),
    );
  });

  app.post('/admin/catalogue-cle-en-main/:id', async (request, reply) => {
    const user = requireOperator(request);
    const { id } = parseParams(ZIdParams, request);
    const form = parseForm(ZCurateForm, request.body);
    if (!form.ok) throw notFound();
    const result = await curateTurnkey(services, {
      metropoleId: request.tenant.id,
      actor: { userId: user.id, label: user.email, ip: request.ip },
      eserviceId: id,
      turnkey: form.data.turnkey === 'oui',
    });
    if (!result.ok)
      throw notFound(
        'Cette démarche de la Métropole ne peut pas servir de modèle (inconnue, mutualisée ou non publiée).',
      );
    return redirectWithin(
      request,
      reply,
      `/admin/catalogue-cle-en-main?fait=${form.data.turnkey === 'oui' ? 'propose' : 'retire'}`,
    );
  });

  const communePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { model: string; officeName: string; officeEmail: string; officePhone: string },
    errors: FieldErrors,
    status = 200,
  ) => {
    const { tenant } = request;
    const [models, instances] = await Promise.all([
      listTurnkeyModels(services.db),
      withTenant(services.db, tenant.id, (trx) => listTenantInstances(trx)),
    ]);
    const picked = new Set(instances.map((i) => i.model_eservice_id));
    const fait = status === 200 ? parseQuery(ZDoneQuery, request).fait : undefined;
    return sendPage(
      request,
      reply,
      (context) =>
        CommuneTurnkeyPage({
          context,
          communeName: tenant.name,
          models: models
            .filter((m) => !picked.has(m.id))
            .map((m) => ({ id: m.id, title: m.title, summary: m.summary })),
          instances: instances.map((i) => ({
            title: i.title,
            href: eservicePath({ base: instanceBase(tenant) }, i.slug),
          })),
          values,
          errors,
          notice: fait ? NOTICES[fait] : null,
        }),
      status,
    );
  };

  const guardCommune = (request: FastifyRequest) => {
    const user = requireTenantAdministrator(request);
    requireCapability(request, 'instance.turnkey-eservices');
    return user;
  };

  app.get('/admin/demarches-cle-en-main', async (request, reply) => {
    guardCommune(request);
    const { tenant } = request;
    return communePage(
      request,
      reply,
      { model: '', officeName: `Mairie de ${tenant.name}`, officeEmail: tenant.contact_email ?? '', officePhone: '' },
      {},
    );
  });

  app.post('/admin/demarches-cle-en-main', async (request, reply) => {
    const user = guardCommune(request);
    const form = parseForm(ZPickForm, request.body);
    const sent = formText(form.values);
    const values = {
      model: sent.model ?? '',
      officeName: sent.officeName ?? '',
      officeEmail: sent.officeEmail ?? '',
      officePhone: sent.officePhone ?? '',
    };
    if (!form.ok) return communePage(request, reply, values, form.errors, 422);
    const result = await instantiateTurnkey(services, {
      commune: request.tenant,
      actor: { userId: user.id, label: user.email, ip: request.ip },
      modelId: form.data.model,
      office: { name: form.data.officeName, email: form.data.officeEmail, phone: form.data.officePhone },
    });
    if (!result.ok)
      return communePage(
        request,
        reply,
        values,
        { [result.reason === 'office' ? 'officeName' : 'model']: result.message },
        422,
      );
    return redirectWithin(request, reply, '/admin/demarches-cle-en-main?fait=ajoute');
  });
}
