import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { DAY } from '../../platform/clock.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formFile, formText, formValues, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseBody, parseParams, UPLOAD_ROUTE } from '../../platform/http/route-input.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { requireProducer } from './access.ts';
import { addResource } from './add-resource.ts';
import {
  decideAccessRequest,
  findDatasetById,
  findResource,
  insertArticle,
  listAccessRequests,
  listDatasetsOfProducer,
  listResources,
  usageOfProducer,
} from './opendata.repo.ts';
import type { DatasetRow } from './opendata.tables.ts';
import { createDataset, editDataset, setPublished, ZDatasetForm } from './save-dataset.ts';
import {
  ArticleFormPage,
  DatasetFormPage,
  type DatasetFormValues,
  ProducerDatasetPage,
  ProducerHome,
  ProgressPage,
} from './views/producer-pages.tsx';

const IdParams = z.object({ id: z.uuid() });
const ResourceParams = z.object({ id: z.uuid(), resourceId: z.uuid() });
const DecisionParams = z.object({ id: z.uuid(), requestId: z.uuid() });

const ZArticleForm = z.object({
  kind: z.enum(['news', 'tutorial', 'reuse'], 'Choisissez le type'),
  title: z.string().trim().min(3, 'Le titre fait au moins 3 caractères').max(200),
  body: z.string().trim().min(10, 'Le texte fait au moins 10 caractères').max(10_000),
  url: z
    .string()
    .trim()
    .max(500)
    .refine((u) => u === '' || /^https?:\/\//.test(u), 'Adresse commençant par http:// ou https://')
    .default(''),
  datasetId: z.string().default(''),
});

function valuesOf(dataset: DatasetRow): DatasetFormValues {
  return {
    title: dataset.title,
    description: dataset.description,
    theme: dataset.theme,
    keywords: dataset.keywords.join(', '),
    temporalStart: dataset.temporal_start ?? '',
    temporalEnd: dataset.temporal_end ?? '',
    spatial: dataset.spatial,
    frequency: dataset.frequency,
    source: dataset.source,
    licence: dataset.licence,
    licenceName: dataset.licence_name,
    licenceUrl: dataset.licence_url,
    access: dataset.access,
    contactEmail: dataset.contact_email,
  };
}

/** The producers' space: metropolis operators, and administrators of communes subscribed to open data. */
export function registerProducerRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** The request tenant's own dataset; another producer's does not exist here. */
  const ownDataset = async (request: FastifyRequest): Promise<DatasetRow> => {
    const { id } = parseParams(IdParams, request);
    const dataset = await findDatasetById(services.db, id);
    if (!dataset || dataset.tenant_id !== request.tenant.production.id) throw notFound();
    return dataset;
  };

  app.get('/donnees/gestion', async (request, reply) => {
    requireProducer(request);
    const tenantId = request.tenant.production.id;
    const since = parisDay(new Date(services.clock.now().getTime() - 30 * DAY));
    const [datasets, usage] = await Promise.all([
      listDatasetsOfProducer(services.db, tenantId),
      usageOfProducer(services.db, tenantId, since),
    ]);
    return sendPage(request, reply, (context) => <ProducerHome context={context} datasets={datasets} usage={usage} />);
  });

  app.get('/donnees/gestion/nouveau', async (request, reply) => {
    const user = requireProducer(request);
    const values = { licence: 'lov2', access: 'open', frequency: 'annual', contactEmail: user.email };
    return sendPage(request, reply, (context) => (
      <DatasetFormPage
        context={context}
        action="/donnees/gestion/nouveau"
        title="Nouveau jeu de données"
        values={values}
        errors={{}}
      />
    ));
  });

  app.post('/donnees/gestion/nouveau', async (request, reply) => {
    const user = requireProducer(request);
    const form = parseForm(ZDatasetForm, request.body);
    if (!form.ok)
      return sendPage(
        request,
        reply,
        (context) => (
          <DatasetFormPage
            context={context}
            action="/donnees/gestion/nouveau"
            title="Nouveau jeu de données"
            values={formText(form.values)}
            errors={form.errors}
          />
        ),
        422,
      );
    const dataset = await createDataset(services, {
      producer: request.tenant.production,
      form: form.data,
      actor: actorOf(request, user),
    });
    return redirectWithin(request, reply, `/donnees/gestion/${dataset.id}`);
  });

  app.get('/donnees/gestion/:id', async (request, reply) => {
    requireProducer(request);
    const dataset = await ownDataset(request);
    const [resources, requests] = await Promise.all([
      listResources(services.db, dataset.id),
      listAccessRequests(services.db, dataset.id),
    ]);
    return sendPage(request, reply, (context) => (
      <ProducerDatasetPage context={context} dataset={dataset} resources={resources} requests={requests} />
    ));
  });

  app.get('/donnees/gestion/:id/modifier', async (request, reply) => {
    requireProducer(request);
    const dataset = await ownDataset(request);
    return sendPage(request, reply, (context) => (
      <DatasetFormPage
        context={context}
        action={`/donnees/gestion/${dataset.id}/modifier`}
        title={`Modifier « ${dataset.title} »`}
        values={valuesOf(dataset)}
        errors={{}}
      />
    ));
  });

  app.post('/donnees/gestion/:id/modifier', async (request, reply) => {
    const user = requireProducer(request);
    const dataset = await ownDataset(request);
    const form = parseForm(ZDatasetForm, request.body);
    if (!form.ok)
      return sendPage(
        request,
        reply,
        (context) => (
          <DatasetFormPage
            context={context}
            action={`/donnees/gestion/${dataset.id}/modifier`}
            title={`Modifier « ${dataset.title} »`}
            values={formText(form.values)}
            errors={form.errors}
          />
        ),
        422,
      );
    await editDataset(services, {
      dataset,
      producer: request.tenant.production,
      form: form.data,
      actor: actorOf(request, user),
    });
    return redirectWithin(request, reply, `/donnees/gestion/${dataset.id}`);
  });

  app.post('/donnees/gestion/:id/publication', async (request, reply) => {
    const user = requireProducer(request);
    const dataset = await ownDataset(request);
    const { publier } = parseBody(z.object({ publier: z.enum(['oui', 'non']) }), request);
    await setPublished(services, { dataset, published: publier === 'oui', actor: actorOf(request, user) });
    return redirectWithin(request, reply, `/donnees/gestion/${dataset.id}`);
  });

  app.post('/donnees/gestion/:id/fichiers', UPLOAD_ROUTE, async (request, reply) => {
    const user = requireProducer(request);
    const dataset = await ownDataset(request);
    const fields = formValues(request.body);
    const upload = await formFile(request.body, 'fichier');
    const url = String(fields.url ?? '').trim();
    const effectiveOn = String(fields.effectiveOn ?? '').trim();
    const redraw = async (error: string) => {
      const [resources, requests] = await Promise.all([
        listResources(services.db, dataset.id),
        listAccessRequests(services.db, dataset.id),
      ]);
      return sendPage(
        request,
        reply,
        (context) => (
          <ProducerDatasetPage
            context={context}
            dataset={dataset}
            resources={resources}
            requests={requests}
            error={error}
          />
        ),
        422,
      );
    };
    const truncated = (request.body as Record<string, { file?: { truncated?: boolean } }> | undefined)?.fichier?.file
      ?.truncated;
    if (truncated) return redraw('Le fichier dépasse 5 Mo : déposez-le en ligne et donnez son adresse.');
    if (!upload?.bytes.byteLength && !url) return redraw('Choisissez un fichier, ou donnez son adresse.');
    let structureChange: { effectiveAt: Date; note: string } | undefined;
    if (effectiveOn) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn) || Number.isNaN(Date.parse(effectiveOn)))
        return redraw("La date d'entrée en vigueur est au format AAAA-MM-JJ.");
      structureChange = {
        effectiveAt: new Date(`${effectiveOn}T00:00:00+01:00`),
        note: String(fields.changeNote ?? '').slice(0, 500),
      };
    }
    const result = await addResource(services, {
      dataset,
      source:
        upload && upload.bytes.byteLength > 0
          ? { kind: 'upload', filename: upload.filename, bytes: upload.bytes }
          : { kind: 'url', url, filename: url.split('/').pop()?.split('?')[0] ?? 'donnees' },
      actor: actorOf(request, user),
      structureChange,
    });
    if (!result.ok) return redraw(result.error);
    return redirectWithin(request, reply, `/donnees/gestion/${dataset.id}/fichiers/${result.resource.id}`);
  });

  app.get('/donnees/gestion/:id/fichiers/:resourceId', async (request, reply) => {
    requireProducer(request);
    const { resourceId } = parseParams(ResourceParams, request);
    const dataset = await ownDataset(request);
    const resource = await findResource(services.db, resourceId);
    if (!resource || resource.dataset_id !== dataset.id) throw notFound();
    return sendPage(request, reply, (context) => (
      <ProgressPage context={context} dataset={dataset} resource={resource} />
    ));
  });

  app.post('/donnees/gestion/:id/acces/:requestId', async (request, reply) => {
    const user = requireProducer(request);
    const { requestId } = parseParams(DecisionParams, request);
    const dataset = await ownDataset(request);
    const { decision } = parseBody(z.object({ decision: z.enum(['granted', 'refused']) }), request);
    const now = services.clock.now();
    await services.db.transaction().execute(async (trx) => {
      const decided = await decideAccessRequest(trx, requestId, dataset.id, decision, now);
      if (!decided) throw notFound();
      await recordAudit(trx, {
        actor: actorOf(request, user),
        tenantId: dataset.tenant_id,
        action: decision === 'granted' ? 'opendata.access-granted' : 'opendata.access-refused',
        target: { type: 'od_dataset', id: dataset.id },
        details: { request: requestId },
        at: now,
      });
      await queueEmail(trx, services.jobs, {
        to: decided.email,
        tenantId: dataset.tenant_id,
        content: {
          subject: `Votre demande d'accès : ${dataset.title}`,
          greeting: 'Bonjour,',
          paragraphs: [
            decision === 'granted'
              ? `${dataset.producer_name} vous donne accès aux données du jeu « ${dataset.title} ».`
              : `${dataset.producer_name} n'a pas accepté votre demande d'accès au jeu « ${dataset.title} ».`,
          ],
          action: { label: 'Voir le jeu de données', url: `${services.config.publicUrl}/donnees/jeux/${dataset.slug}` },
          signature: dataset.producer_name,
        },
      });
    });
    return redirectWithin(request, reply, `/donnees/gestion/${dataset.id}`);
  });

  const articlePage = async (
    request: FastifyRequest,
    values: Record<string, string>,
    errors: Record<string, string>,
    saved: boolean,
  ) => {
    const datasets = await listDatasetsOfProducer(services.db, request.tenant.production.id);
    return (context: Parameters<typeof ArticleFormPage>[0]['context']) => (
      <ArticleFormPage context={context} datasets={datasets} values={values} errors={errors} saved={saved} />
    );
  };

  app.get('/donnees/gestion/articles', async (request, reply) => {
    requireProducer(request);
    const saved = (request.query as Record<string, unknown>).fait === '1';
    return sendPage(request, reply, await articlePage(request, { kind: 'news' }, {}, saved));
  });

  app.post('/donnees/gestion/articles', async (request, reply) => {
    const user = requireProducer(request);
    const form = parseForm(ZArticleForm, request.body);
    if (!form.ok)
      return sendPage(request, reply, await articlePage(request, formText(form.values), form.errors, false), 422);
    const datasets = await listDatasetsOfProducer(services.db, request.tenant.production.id);
    const datasetId = datasets.some((d) => d.id === form.data.datasetId) ? form.data.datasetId : null;
    const now = services.clock.now();
    await services.db.transaction().execute(async (trx) => {
      await insertArticle(trx, {
        tenantId: request.tenant.production.id,
        kind: form.data.kind,
        title: form.data.title,
        body: form.data.body,
        url: form.data.url || null,
        datasetId,
        at: now,
      });
      await recordAudit(trx, {
        actor: actorOf(request, user),
        tenantId: request.tenant.production.id,
        action: 'opendata.article-published',
        details: { kind: form.data.kind, title: form.data.title },
        at: now,
      });
    });
    return redirectWithin(request, reply, '/donnees/gestion/articles?fait=1');
  });
}
