import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { formFile, formText, formValues, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { isTurnkeyInstance, setEServiceAvailability, TURNKEY_LOCKED_MESSAGE } from '../catalogue/index.ts';
import { ZFormDefinition } from '../forms/index.ts';
import { agendaChoices } from './agenda-choices.ts';
import { bundleFileText, MAX_BUNDLE_BYTES } from './bundle-file.ts';
import { createStudioService } from './create-service.ts';
import { fieldFromForm, inputOf, moveField } from './field-editing.ts';
import { loadStudioService, type StudioService } from './load-studio-service.ts';
import { promoteToProduction } from './promote-service.ts';
import { publishStudioService } from './publish-service.ts';
import { saveDraft } from './save-draft.ts';
import {
  bundleOf,
  bundleProblems,
  FIELD_TYPES,
  fieldName,
  newField,
  ZServiceBundle,
  ZServiceMeta,
  ZSlug,
  starterDraft,
} from './service-draft.ts';
import { requireStudio, type StudioAccess } from './studio-access.ts';
import { listStudioServices } from './studio.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { FieldEditorPage, ServiceEditorPage, StudioHomePage } from './views/studio-pages.tsx';

const ZServiceParams = z.object({ id: z.uuid() });

/** The service a studio route's address names, in the studio's tenant (another tenant's id names nothing: 404). */
export async function loadRequestedService(
  services: Services,
  request: FastifyRequest,
  access: StudioAccess,
): Promise<StudioService> {
  const found = await loadStudioService(services, access.tenant, parseParams(ZServiceParams, request).id);
  if (!found) throw notFound('Ce service n’existe pas dans ce studio.');
  return found;
}
const ZFieldParams = z.object({ id: z.uuid(), key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/) });

const required = (what: string, max = 200) =>
  z.string().trim().min(1, `Indiquez ${what}.`).max(max, `${max} caractères au plus.`);
const ZPhone = z.string().trim().min(1, 'Indiquez le téléphone du service.').max(30, '30 caractères au plus.');

const ZCreateForm = z.object({
  titre: required('le titre de la démarche'),
  adresse: ZSlug,
  bureau: required('le service qui traite les demandes'),
  courriel: z.email('Adresse électronique invalide (exemple : accueil@mairie.fr).'),
  telephone: ZPhone,
  mutualise: z.enum(['oui', 'non']).optional(),
});

const commaList = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
const count = (what: string, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? '0' : v),
    z.coerce
      .number({ message: `${what} : un nombre entier.` })
      .int(`${what} : un nombre entier.`)
      .min(0)
      .max(max, `${what} : ${max} au plus.`),
  );

const ZServiceForm = z.object({
  titre: required('le titre'),
  resume: z.string().trim().max(300, '300 caractères au plus.').default(''),
  description: z.string().trim().max(4000, '4 000 caractères au plus.').default(''),
  themes: z.string().default(''),
  mots_cles: z.string().default(''),
  acces: z.enum(['anonymous', 'account', 'certified'], { message: 'Choisissez l’accès.' }),
  bureau: required('le service qui traite les demandes'),
  courriel: z.union([z.literal(''), z.email('Adresse électronique invalide.')]).default(''),
  adresse_postale: z.string().trim().max(300).default(''),
  telephone: ZPhone,
  regime: z.enum(['demande', 'signalement', 'declaration'], { message: 'Choisissez la nature de la démarche.' }),
  silence: z.enum(['acceptance', 'rejection']).default('acceptance'),
  mois: count('Mois', 24),
  jours: count('Jours', 365),
  mutualise: z.enum(['oui', 'non']).optional(),
});

const ZFieldsForm = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('ajouter'), type: z.enum(FIELD_TYPES) }),
  z.object({ operation: z.enum(['monter', 'descendre', 'supprimer']), cle: z.string().max(40) }),
]);

const ZAvailabilityForm = z.object({
  etat: z.enum(['en-ligne', 'hors-ligne']),
  message: z.string().trim().max(1000, '1 000 caractères au plus.').default(''),
});

const NOTICES = {
  cree: 'Le service est créé : ajoutez ses champs, réglez son circuit, puis publiez-le.',
  enregistre: 'Enregistré : une nouvelle version (brouillon) est créée.',
  publie: 'La version est publiée : les nouvelles demandes la suivent, celles en cours gardent la leur.',
  importe: 'Le service est importé comme nouvelle version (brouillon).',
  promu: 'Le service est en production : cette version vient de l’instance de test.',
  'hors-ligne': 'Le service est hors ligne : sa page affiche votre message.',
  'en-ligne': 'Le service est de nouveau en ligne.',
} as const;
const ZEditorQuery = z.object({
  fait: z
    .enum(Object.keys(NOTICES) as Array<keyof typeof NOTICES>)
    .optional()
    .catch(undefined),
});

/** The studio's pages: the list, a service's editor, its fields, publication, availability, test → production, bundles. */
export function registerStudioRoutes(app: FastifyInstance): void {
  const { services } = app;

  const load = (request: FastifyRequest, access: StudioAccess) => loadRequestedService(services, request, access);

  const renderHome = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: StudioAccess,
    state: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      importText?: string;
      importProblems?: string[];
      status?: number;
    } = {},
  ) => {
    const list = await withTenant(services.db, access.tenant.id, (trx) => listStudioServices(trx));
    return sendPage(
      request,
      reply,
      (context) =>
        StudioHomePage({
          context,
          services: list,
          mayMutualise: access.mayMutualise,
          values: state.values ?? {},
          errors: state.errors ?? {},
          importText: state.importText ?? '',
          importProblems: state.importProblems ?? [],
        }),
      state.status ?? 200,
    );
  };

  const renderEditor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: StudioAccess,
    found: StudioService,
    state: {
      problems?: string[];
      errors?: FieldErrors;
      values?: Record<string, string>;
      status?: number;
      notice?: string | null;
    } = {},
  ) => {
    const { draft, eservice } = found;
    const formCheck = ZFormDefinition.safeParse(draft.form);
    const formProblems = formCheck.success
      ? []
      : bundleProblems(
          { form: draft.form },
          new z.ZodError(formCheck.error.issues.map((i) => ({ ...i, path: ['form', ...i.path] }))),
        );
    return sendPage(
      request,
      reply,
      (context) =>
        ServiceEditorPage({
          context,
          id: found.service.id,
          slug: found.service.slug,
          draft,
          version: { number: found.latest.number, published: found.latest.published_at !== null },
          publishedNumber: found.published?.number ?? null,
          online: eservice?.published_form_version_id
            ? {
                online: eservice.status === 'published',
                message: eservice.offline_message,
                pageHref: `${request.basePath}/demarches/${eservice.slug}`,
              }
            : null,
          mayMutualise: access.mayMutualise,
          notice: state.notice ?? null,
          problems: state.problems ?? [],
          formProblems,
          errors: state.errors ?? {},
          values: state.values ?? null,
        }),
      state.status ?? 200,
    );
  };

  const backToEditor = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    fait: keyof typeof NOTICES,
    anchor = '',
  ) => redirectWithin(request, reply, `/admin/studio/${id}?fait=${fait}${anchor}`);

  app.get('/admin/studio', async (request, reply) => renderHome(request, reply, requireStudio(request)));

  app.post('/admin/studio', async (request, reply) => {
    const access = requireStudio(request);
    const form = parseForm(ZCreateForm, request.body);
    if (!form.ok)
      return renderHome(request, reply, access, { values: formText(form.values), errors: form.errors, status: 422 });
    const { data } = form;
    const created = await createStudioService(services, access, {
      slug: data.adresse,
      draft: starterDraft({
        title: data.titre,
        office: { name: data.bureau, email: data.courriel, phone: data.telephone },
        mutualised: access.mayMutualise && data.mutualise === 'oui',
      }),
      note: 'Service créé.',
    });
    if (!created.ok)
      return renderHome(request, reply, access, {
        values: formText(form.values),
        errors: {
          adresse:
            created.reason === 'turnkey' ? TURNKEY_LOCKED_MESSAGE : 'Un service de ce studio porte déjà cette adresse.',
        },
        status: 422,
      });
    return backToEditor(request, reply, created.id, 'cree');
  });

  // The bundle comes pasted (`bundle`) or as an uploaded file (`fichier`, multipart): both then go the same way.
  app.post(
    '/admin/studio/import',
    {
      config: {
        multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_BUNDLE_BYTES } } as Record<
          string,
          unknown
        >,
      },
    },
    async (request, reply) => {
      const access = requireStudio(request);
      const refuse = (problem: string, text = '') =>
        renderHome(request, reply, access, { importText: text, importProblems: [problem], status: 422 });
      let text: string;
      if (request.isMultipart()) {
        const file = await formFile(request.body, 'fichier');
        if (!file) return refuse('Choisissez le fichier .json à importer.');
        const truncated = (request.body as { fichier?: { file?: { truncated?: boolean } } }).fichier?.file?.truncated;
        if (truncated) return refuse(`Le fichier dépasse ${MAX_BUNDLE_BYTES / 1024 / 1024} Mo.`);
        const read = await bundleFileText(file.bytes);
        if ('error' in read) return refuse(`${file.filename} : ${read.error}`);
        text = read.text;
      } else {
        text = parseBody(
          z.object({ bundle: z.string().max(MAX_BUNDLE_BYTES, 'Fichier trop long (2 Mo au plus).') }),
          request,
        ).bundle;
      }
      return importBundle(request, reply, access, text);
    },
  );

  const importBundle = async (request: FastifyRequest, reply: FastifyReply, access: StudioAccess, text: string) => {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      return renderHome(request, reply, access, {
        importText: text,
        importProblems: ['Le fichier n’est pas du JSON valide : vérifiez qu’il a été copié en entier.'],
        status: 422,
      });
    }
    const parsed = ZServiceBundle.safeParse(input);
    const problems = parsed.success ? [] : bundleProblems(input, parsed.error);
    if (parsed.success && parsed.data.service.mutualised && !access.mayMutualise)
      problems.push('service › mutualisation : seule la Métropole publie des services mutualisés.');
    if (!parsed.success || problems.length)
      return renderHome(request, reply, access, { importText: text, importProblems: problems, status: 422 });
    const { slug, service, form, workflow } = parsed.data;
    const created = await createStudioService(services, access, {
      slug,
      draft: { service, form, workflow },
      note: `Importé d’un fichier (${parsed.data.format}).`,
      replace: true,
    });
    if (!created.ok)
      return renderHome(request, reply, access, {
        importText: text,
        importProblems: [`adresse « ${slug} » : ${TURNKEY_LOCKED_MESSAGE}`],
        status: 422,
      });
    return backToEditor(request, reply, created.id, 'importe');
  };

  app.get('/admin/studio/:id', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const { fait } = parseQuery(ZEditorQuery, request);
    return renderEditor(request, reply, access, found, { notice: fait ? NOTICES[fait] : null });
  });

  app.post('/admin/studio/:id/service', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const form = parseForm(ZServiceForm, request.body);
    const refuse = (errors: FieldErrors) =>
      renderEditor(request, reply, access, found, { errors, values: formText(formValues(request.body)), status: 422 });
    if (!form.ok) return refuse(form.errors);
    const d = form.data;
    const meta = ZServiceMeta.safeParse({
      title: d.titre,
      summary: d.resume,
      description: d.description,
      themes: commaList(d.themes),
      keywords: commaList(d.mots_cles),
      access: d.acces,
      mutualised: access.mayMutualise ? d.mutualise === 'oui' : found.draft.service.mutualised,
      settings: {
        ...found.draft.service.settings,
        office: {
          name: d.bureau,
          phone: d.telephone,
          ...(d.courriel ? { email: d.courriel } : {}),
          ...(d.adresse_postale ? { postalAddress: d.adresse_postale } : {}),
        },
        legal:
          d.regime === 'demande'
            ? { kind: 'demande', silence: d.silence, delay: { months: d.mois, days: d.jours } }
            : { kind: d.regime },
      },
    });
    if (!meta.success) {
      const issue = meta.error.issues[0];
      const where = issue?.path.includes('office') ? 'courriel' : issue?.path.includes('themes') ? 'themes' : 'titre';
      return refuse({ [where]: issue?.message ?? 'Valeur refusée.' });
    }
    const saved = await saveDraft(services, access, found.service.id, (draft) => ({
      draft: { ...draft, service: meta.data },
      note: 'Réglages du service modifiés.',
    }));
    if (!saved.ok) return 'error' in saved ? refuse({ titre: saved.error }) : reply.callNotFound();
    return backToEditor(request, reply, found.service.id, 'enregistre', '#service');
  });

  app.post('/admin/studio/:id/champs', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const operation = parseBody(ZFieldsForm, request);
    let added: string | undefined;
    const booking =
      operation.operation === 'ajouter' && operation.type === 'appointment'
        ? (await agendaChoices(services, found.service.tenant_id))[0]
        : undefined;
    const saved = await saveDraft(services, access, found.service.id, (draft) => {
      const fields = draft.form.fields;
      if (operation.operation === 'ajouter') {
        const field = newField(operation.type, new Set(fields.map((f) => f.key)), booking);
        added = field.key;
        return {
          draft: { ...draft, form: { ...draft.form, fields: [...fields, field] } },
          note: `Champ « ${fieldName(field)} » ajouté.`,
        };
      }
      const field = fields.find((f) => f.key === operation.cle);
      if (!field) return { error: 'Ce champ n’existe plus.' };
      if (operation.operation === 'supprimer') {
        if (fields.length === 1) return { error: 'Un formulaire garde au moins un champ.' };
        return {
          draft: { ...draft, form: { ...draft.form, fields: fields.filter((f) => f !== field) } },
          note: `Champ « ${fieldName(field)} » retiré.`,
        };
      }
      const moved = moveField(fields, field.key, operation.operation);
      if (!moved) return { error: 'Ce champ ne peut pas aller plus loin.' };
      return {
        draft: { ...draft, form: { ...draft.form, fields: moved } },
        note: `Champ « ${fieldName(field)} » déplacé vers le ${operation.operation === 'monter' ? 'haut' : 'bas'}.`,
      };
    });
    if (!saved.ok) {
      if ('error' in saved)
        return renderEditor(request, reply, access, found, { problems: [saved.error], status: 422 });
      throw notFound();
    }
    if (added) return redirectWithin(request, reply, `/admin/studio/${found.service.id}/champs/${added}`);
    return backToEditor(request, reply, found.service.id, 'enregistre', '#formulaire');
  });

  const renderField = async (
    request: FastifyRequest,
    reply: FastifyReply,
    found: StudioService,
    key: string,
    state: { values?: Record<string, string | string[]>; errors?: FieldErrors; status?: number } = {},
  ) => {
    const field = found.draft.form.fields.find((f) => f.key === key);
    if (!field) throw notFound('Ce champ n’existe pas.');
    const agendas = field.type === 'appointment' ? await agendaChoices(services, found.service.tenant_id) : [];
    return sendPage(
      request,
      reply,
      (context) =>
        FieldEditorPage({
          context,
          id: found.service.id,
          draft: found.draft,
          field,
          agendas,
          values: state.values ?? null,
          errors: state.errors ?? {},
        }),
      state.status ?? 200,
    );
  };

  app.get('/admin/studio/:id/champs/:key', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    return renderField(request, reply, found, parseParams(ZFieldParams, request).key);
  });

  app.post('/admin/studio/:id/champs/:key', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const { key } = parseParams(ZFieldParams, request);
    const existing = found.draft.form.fields.find((f) => f.key === key);
    if (!existing) throw notFound('Ce champ n’existe pas.');
    const values = formValues(request.body);
    const agendas = existing.type === 'appointment' ? await agendaChoices(services, found.service.tenant_id) : [];
    const result = fieldFromForm(existing, values, agendas);
    const refuse = (errors: FieldErrors) => renderField(request, reply, found, key, { values, errors, status: 422 });
    if (!result.ok) return refuse(result.errors);
    const { field } = result;
    if (field.key !== key && found.draft.form.fields.some((f) => f.key === field.key))
      return refuse({ cle: `Le nom « ${field.key} » est déjà pris par un autre champ.` });
    // What only the whole form can tell (a maximum below the minimum, a condition on a later field) is refused here,
    // next to its input, rather than found later at publication.
    const index = found.draft.form.fields.findIndex((f) => f.key === key);
    const fields = found.draft.form.fields.map((f) => (f.key === key ? field : f));
    const whole = ZFormDefinition.safeParse({ title: found.draft.form.title, fields });
    const own = whole.success ? [] : whole.error.issues.filter((i) => i.path[0] === 'fields' && i.path[1] === index);
    if (own.length) return refuse(Object.fromEntries(own.map((i) => [inputOf(i.path[2]), i.message])));
    const saved = await saveDraft(services, access, found.service.id, (draft) => ({
      draft: {
        ...draft,
        form: { ...draft.form, fields: draft.form.fields.map((f) => (f.key === key ? field : f)) },
      },
      note: `Champ « ${fieldName(field)} » modifié.`,
    }));
    if (!saved.ok) return 'error' in saved ? refuse({ libelle: saved.error }) : reply.callNotFound();
    return backToEditor(request, reply, found.service.id, 'enregistre', `#champ-liste-${field.key}`);
  });

  app.post('/admin/studio/:id/publier', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const result = await publishStudioService(services, {
      tenant: access.tenant,
      actor: access.actor,
      serviceId: found.service.id,
    });
    if (!result.ok) {
      if ('problems' in result)
        return renderEditor(request, reply, access, found, { problems: result.problems, status: 422 });
      throw notFound();
    }
    return backToEditor(request, reply, found.service.id, 'publie');
  });

  app.post('/admin/studio/:id/disponibilite', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const form = parseForm(ZAvailabilityForm, request.body);
    const online = form.ok && form.data.etat === 'en-ligne';
    if (!form.ok || (!online && !form.data.message))
      return renderEditor(request, reply, access, found, {
        errors: form.ok ? { message: 'Dites aux usagers pourquoi le service est interrompu.' } : form.errors,
        status: 422,
      });
    if (!found.eservice) throw notFound('Ce service n’est pas encore publié.');
    if (isTurnkeyInstance(found.eservice)) throw new AppError('forbidden', TURNKEY_LOCKED_MESSAGE);
    const result = await setEServiceAvailability(services, {
      tenant: access.tenant,
      actor: access.actor,
      eserviceId: found.eservice.id,
      online,
      message: online ? null : form.data.message,
    });
    if (!result.ok) throw notFound('Ce service n’est pas encore publié.');
    return backToEditor(request, reply, found.service.id, online ? 'en-ligne' : 'hors-ligne');
  });

  app.post('/admin/studio/:id/promouvoir', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    if (!access.tenant.isTestInstance) throw notFound();
    const result = await promoteToProduction(services, access, found.service.id);
    if (!result.ok) {
      if ('problems' in result)
        return renderEditor(request, reply, access, found, { problems: result.problems, status: 422 });
      if (result.reason === 'not-tried')
        throw new AppError('conflict', 'Publiez d’abord le service dans l’instance de test pour l’essayer.');
      throw notFound();
    }
    return reply.redirect(
      tenantPath(access.tenant.production.slug, `/admin/studio/${result.productionServiceId}?fait=promu`),
      303,
    );
  });

  app.get('/admin/studio/:id/export', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    return reply
      .header('content-disposition', `attachment; filename="${found.service.slug}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(bundleOf(found.service.slug, found.draft), null, 2));
  });
}
