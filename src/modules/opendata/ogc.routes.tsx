import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../platform/http/render.tsx';
import { countUse } from './access.ts';
import {
  CONFORMANCE,
  collectionDocument,
  findCollection,
  type Link,
  listCollections,
  MAX_LIMIT,
  OAS30,
  openApiDocument,
  parseBbox,
  parseDatetime,
} from './ogc.ts';
import { featurePage, findFeature } from './rows.repo.ts';
import { OgcPage, PropertiesTable } from './views/ogc-pages.tsx';

const OGC_LIMIT = { config: { rateLimit: { max: 600, timeWindow: 60_000 } } };

type Query = Record<string, string | string[] | undefined>;

/** An OGC API exception (its own JSON shape, { code, description }), with the HTTP status the standard asks. */
function exception(reply: FastifyReply, status: number, code: string, description: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ code, description });
}

/** The format asked: f= first, then the Accept header; JSON unless HTML is preferred. */
function wantsHtml(request: FastifyRequest): boolean | undefined {
  const f = (request.query as Query).f;
  if (f === 'html') return true;
  if (f === 'json') return false;
  if (f !== undefined) return undefined;
  const accept = request.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = Math.min(
    ...['application/json', 'application/geo+json'].map((t) => {
      const i = accept.indexOf(t);
      return i < 0 ? Infinity : i;
    }),
  );
  return html >= 0 && html < json;
}

/** Refuses parameters the operation does not know (QGIS and the OGC tests expect a 400). */
function unknownParameter(request: FastifyRequest, allowed: string[]): string | undefined {
  return Object.keys((request.query as Query) ?? {}).find((k) => !allowed.includes(k));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** OGC API – Features 1.0.1 over the open datasets: one collection per dataset, its rows as features. */
export function registerOgcRoutes(app: FastifyInstance): void {
  const { services } = app;
  const base = () => services.config.publicUrl;

  app.addHook('onSend', async (request, reply) => {
    // Open data and its API are meant for other sites' scripts too.
    if (request.routeOptions.url?.startsWith('/ogc')) reply.header('access-control-allow-origin', '*');
  });

  const guard = (request: FastifyRequest, reply: FastifyReply, allowed: string[]) => {
    const unknown = unknownParameter(request, allowed);
    if (unknown) return exception(reply, 400, 'InvalidParameterValue', `Paramètre inconnu : ${unknown}.`);
    const html = wantsHtml(request);
    if (html === undefined) return exception(reply, 400, 'InvalidParameterValue', 'Le paramètre f vaut json ou html.');
    return html;
  };

  app.get('/ogc', OGC_LIMIT, async (request, reply) => {
    const html = guard(request, reply, ['f']);
    if (typeof html !== 'boolean') return html;
    const links: Link[] = [
      { href: `${base()}/ogc`, rel: 'self', type: html ? 'text/html' : 'application/json', title: 'Cette page' },
      {
        href: `${base()}/ogc?f=${html ? 'json' : 'html'}`,
        rel: 'alternate',
        type: html ? 'application/json' : 'text/html',
        title: html ? 'Cette page en JSON' : 'Cette page en HTML',
      },
      { href: `${base()}/ogc/api`, rel: 'service-desc', type: OAS30, title: 'Définition OpenAPI 3.0' },
      { href: `${base()}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformité' },
      { href: `${base()}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Les collections' },
    ];
    const title = 'OGC API – Features du portail open data';
    const description = 'Les jeux de données ouverts de la Métropole de Lyon et des communes, objet par objet.';
    if (html)
      return sendPage(request, reply, (context) => (
        <OgcPage context={context} title={title} links={links}>
          <p>{description}</p>
        </OgcPage>
      ));
    return { title, description, links };
  });

  app.get('/ogc/api', OGC_LIMIT, async (request, reply) => {
    const unknown = unknownParameter(request, ['f']);
    if (unknown) return exception(reply, 400, 'InvalidParameterValue', `Paramètre inconnu : ${unknown}.`);
    return reply.type(OAS30).send(openApiDocument(base()));
  });

  app.get('/ogc/conformance', OGC_LIMIT, async (request, reply) => {
    const html = guard(request, reply, ['f']);
    if (typeof html !== 'boolean') return html;
    if (html)
      return sendPage(request, reply, (context) => (
        <OgcPage context={context} title="Classes de conformité" links={[]}>
          <ul>
            {CONFORMANCE.map((c) => (
              <li>{c}</li>
            ))}
          </ul>
        </OgcPage>
      ));
    return { conformsTo: CONFORMANCE };
  });

  app.get('/ogc/collections', OGC_LIMIT, async (request, reply) => {
    const html = guard(request, reply, ['f']);
    if (typeof html !== 'boolean') return html;
    const collections = (await listCollections(services)).map((c) => collectionDocument(base(), c));
    const links: Link[] = [
      { href: `${base()}/ogc/collections`, rel: 'self', type: 'application/json', title: 'Cette liste' },
      { href: `${base()}/ogc/collections?f=html`, rel: 'alternate', type: 'text/html', title: 'Cette liste en HTML' },
    ];
    if (html)
      return sendPage(request, reply, (context) => (
        <OgcPage context={context} title="Collections" links={links}>
          <ul>
            {collections.map((c) => (
              <li>
                <a href={`${base()}/ogc/collections/${c.id}?f=html`}>{c.title}</a>
              </li>
            ))}
          </ul>
        </OgcPage>
      ));
    return { links, collections };
  });

  app.get('/ogc/collections/:collectionId', OGC_LIMIT, async (request, reply) => {
    const html = guard(request, reply, ['f']);
    if (typeof html !== 'boolean') return html;
    const { collectionId } = request.params as { collectionId: string };
    const found = await findCollection(services, collectionId);
    if (!found) return exception(reply, 404, 'NotFound', 'Aucune collection ne porte cet identifiant.');
    const document = collectionDocument(base(), found);
    if (html)
      return sendPage(request, reply, (context) => (
        <OgcPage context={context} title={document.title} links={document.links}>
          <p>{document.description}</p>
        </OgcPage>
      ));
    return document;
  });

  app.get('/ogc/collections/:collectionId/items', OGC_LIMIT, async (request, reply) => {
    const html = guard(request, reply, ['f', 'limit', 'offset', 'bbox', 'datetime']);
    if (typeof html !== 'boolean') return html;
    const query = request.query as Query;
    const limitText = single(query.limit) ?? '10';
    const offsetText = single(query.offset) ?? '0';
    if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1)
      return exception(reply, 400, 'InvalidParameterValue', 'Le paramètre limit est un entier de 1 à 10000.');
    if (!/^\d{1,9}$/.test(offsetText))
      return exception(reply, 400, 'InvalidParameterValue', 'Le paramètre offset est un entier positif ou nul.');
    // Above the maximum, the standard asks for the maximum rather than an error.
    const limit = Math.min(Number(limitText), MAX_LIMIT);
    const offset = Number(offsetText);
    let bbox: [number, number, number, number] | undefined;
    if (query.bbox !== undefined) {
      bbox = parseBbox(single(query.bbox) ?? '');
      if (!bbox)
        return exception(reply, 400, 'InvalidParameterValue', 'Le paramètre bbox compte 4 ou 6 nombres (CRS84).');
    }
    let datetime: { start: Date | null; end: Date | null } | undefined;
    if (query.datetime !== undefined) {
      datetime = parseDatetime(single(query.datetime) ?? '');
      if (!datetime)
        return exception(
          reply,
          400,
          'InvalidParameterValue',
          'Le paramètre datetime est une date RFC 3339 ou un intervalle.',
        );
    }
    const { collectionId } = request.params as { collectionId: string };
    const found = await findCollection(services, collectionId);
    if (!found) return exception(reply, 404, 'NotFound', 'Aucune collection ne porte cet identifiant.');
    const page = await featurePage(services.db, { resourceId: found.resource.id, bbox, datetime, limit, offset });
    await countUse(services, found.dataset, 'api');
    const self = `${base()}/ogc/collections/${collectionId}/items`;
    const keep = new URLSearchParams();
    if (bbox) keep.set('bbox', single(query.bbox) ?? '');
    if (datetime) keep.set('datetime', single(query.datetime) ?? '');
    const url = (format: 'json' | 'html', at: number) => {
      const params = new URLSearchParams(keep);
      params.set('f', format);
      params.set('limit', String(limit));
      params.set('offset', String(at));
      return `${self}?${params.toString()}`;
    };
    const links: Link[] = [
      { href: url('json', offset), rel: 'self', type: 'application/geo+json', title: 'Cette page' },
      { href: url('html', offset), rel: 'alternate', type: 'text/html', title: 'Cette page en HTML' },
      {
        href: `${base()}/ogc/collections/${collectionId}`,
        rel: 'collection',
        type: 'application/json',
        title: 'La collection',
      },
    ];
    if (offset + page.features.length < page.matched)
      links.push({
        href: url('json', offset + limit),
        rel: 'next',
        type: 'application/geo+json',
        title: 'Page suivante',
      });
    if (offset > 0)
      links.push({
        href: url('json', Math.max(0, offset - limit)),
        rel: 'prev',
        type: 'application/geo+json',
        title: 'Page précédente',
      });
    if (html) {
      const rows = page.features.map((f) => JSON.parse(f) as { id: number; properties: Record<string, unknown> });
      const htmlLinks = links.map((l) =>
        l.rel === 'next' || l.rel === 'prev'
          ? { ...l, href: l.href.replace('f=json', 'f=html'), type: 'text/html' }
          : l,
      );
      return sendPage(request, reply, (context) => (
        <OgcPage context={context} title={`${found.dataset.title} : objets`} links={htmlLinks}>
          <p>
            {page.matched} objet{page.matched > 1 ? 's' : ''} en tout, {rows.length} sur cette page.
          </p>
          <PropertiesTable
            caption={`Objets ${offset + 1} à ${offset + rows.length}`}
            rows={rows.map((r) => ({ id: r.id, href: `${self}/${r.id}?f=html`, properties: r.properties }))}
          />
        </OgcPage>
      ));
    }
    // The features are JSON text already: the envelope is written around them rather than re-serialised.
    const envelope = JSON.stringify({
      type: 'FeatureCollection',
      timeStamp: services.clock.now().toISOString(),
      numberMatched: page.matched,
      numberReturned: page.features.length,
      links,
    });
    return reply.type('application/geo+json').send(`${envelope.slice(0, -1)},"features":[${page.features.join(',')}]}`);
  });

  app.get('/ogc/collections/:collectionId/items/:featureId', OGC_LIMIT, async (request, reply) => {
    const html = guard(request, reply, ['f']);
    if (typeof html !== 'boolean') return html;
    const { collectionId, featureId } = request.params as { collectionId: string; featureId: string };
    const found = await findCollection(services, collectionId);
    if (!found) return exception(reply, 404, 'NotFound', 'Aucune collection ne porte cet identifiant.');
    const row = /^\d{1,9}$/.test(featureId)
      ? await findFeature(services.db, found.resource.id, Number(featureId))
      : undefined;
    if (!row) return exception(reply, 404, 'NotFound', 'Aucun objet ne porte cet identifiant.');
    await countUse(services, found.dataset, 'api');
    const self = `${base()}/ogc/collections/${collectionId}/items/${featureId}`;
    const links: Link[] = [
      { href: self, rel: 'self', type: 'application/geo+json', title: 'Cet objet' },
      { href: `${self}?f=html`, rel: 'alternate', type: 'text/html', title: 'Cet objet en HTML' },
      {
        href: `${base()}/ogc/collections/${collectionId}`,
        rel: 'collection',
        type: 'application/json',
        title: 'La collection',
      },
    ];
    if (html)
      return sendPage(request, reply, (context) => (
        <OgcPage context={context} title={`${found.dataset.title} : objet ${row.n}`} links={links}>
          <PropertiesTable caption={`Objet ${row.n}`} rows={[{ id: row.n, properties: row.props }]} />
        </OgcPage>
      ));
    return reply
      .type('application/geo+json')
      .send({ type: 'Feature', id: row.n, geometry: row.geom ?? null, properties: row.props, links });
  });
}
