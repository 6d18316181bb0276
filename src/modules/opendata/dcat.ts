import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import type { Services } from '../../platform/services.ts';
import { currentResources, listPublishedDatasets } from './opendata.repo.ts';
import type { DatasetRow, ResourceRow } from './opendata.tables.ts';
import { FREQUENCIES, licenceOf } from './vocabulary.ts';

const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  locn: 'http://www.w3.org/ns/locn#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
};

const EU = 'http://publications.europa.eu/resource/authority';
const ACCESS_RIGHTS = { open: 'PUBLIC', account: 'NON_PUBLIC', restricted: 'RESTRICTED' } as const;

const dateTime = (d: Date) => ({ '@value': d.toISOString(), '@type': 'xsd:dateTime' });
const date = (d: string) => ({ '@value': d, '@type': 'xsd:date' });

function distribution(base: string, dataset: DatasetRow, resource: ResourceRow, format: 'csv' | 'geojson') {
  const licence = licenceOf(dataset);
  const download = `${base}/donnees/jeux/${dataset.slug}/telecharger/${format}?version=${resource.version}`;
  return {
    '@id': `${download}#distribution`,
    '@type': 'dcat:Distribution',
    'dct:title': `${dataset.title} (${format === 'csv' ? 'CSV' : 'GeoJSON'}, version ${resource.version})`,
    'dcat:accessURL': { '@id': `${base}/donnees/jeux/${dataset.slug}` },
    'dcat:downloadURL': { '@id': download },
    'dct:format': { '@id': `${EU}/file-type/${format === 'csv' ? 'CSV' : 'GEOJSON'}` },
    'dcat:mediaType': {
      '@id': `https://www.iana.org/assignments/media-types/${format === 'csv' ? 'text/csv' : 'application/geo+json'}`,
    },
    ...(licence.url ? { 'dct:license': { '@id': licence.url } } : {}),
    ...(resource.loaded_at ? { 'dct:modified': dateTime(resource.loaded_at) } : {}),
  };
}

/** The catalogue as DCAT-AP 3 in JSON-LD: every published dataset, its distributions, and the OGC API service. */
export async function buildCatalogue(services: Services): Promise<Record<string, unknown>> {
  const base = services.config.publicUrl;
  const now = services.clock.now();
  const datasets = await listPublishedDatasets(services.db);
  const current = await currentResources(
    services.db,
    datasets.map((d) => d.id),
    now,
  );
  const metropole = await services.tenants.metropole();
  const publisherOf = (dataset: DatasetRow) => ({
    '@id': `${base}/donnees/producteurs/${dataset.tenant_id}`,
    '@type': 'foaf:Agent',
    'foaf:name': dataset.producer_name,
  });
  const ogc = {
    '@id': `${base}/ogc`,
    '@type': 'dcat:DataService',
    'dct:title': 'OGC API – Features du portail open data',
    'dcat:endpointURL': { '@id': `${base}/ogc` },
    'dct:conformsTo': { '@id': 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core' },
    'dcat:servesDataset': datasets
      .filter((d) => d.access === 'open')
      .map((d) => ({ '@id': `${base}/donnees/jeux/${d.slug}` })),
  };
  return {
    '@context': PREFIXES,
    '@id': `${base}/donnees/catalogue`,
    '@type': 'dcat:Catalog',
    'dct:title': { '@value': 'Catalogue open data de la Métropole de Lyon et des communes', '@language': 'fr' },
    'dct:description': {
      '@value': 'Les jeux de données publiés par la Métropole de Lyon et ses communes.',
      '@language': 'fr',
    },
    'dct:publisher': {
      '@id': `${base}/donnees/producteurs/${metropole?.id ?? 'metropole'}`,
      '@type': 'foaf:Agent',
      'foaf:name': metropole?.name ?? 'Métropole de Lyon',
    },
    'dct:language': { '@id': `${EU}/language/FRA` },
    'foaf:homepage': { '@id': `${base}/donnees` },
    'dcat:service': ogc,
    'dcat:dataset': datasets.map((dataset) => {
      const resource = current.get(dataset.id);
      const frequency = FREQUENCIES[dataset.frequency];
      return {
        '@id': `${base}/donnees/jeux/${dataset.slug}`,
        '@type': 'dcat:Dataset',
        'dct:identifier': dataset.id,
        'dct:title': { '@value': dataset.title, '@language': 'fr' },
        'dct:description': { '@value': dataset.description, '@language': 'fr' },
        'dct:publisher': publisherOf(dataset),
        'dcat:keyword': [dataset.theme, ...dataset.keywords].map((k) => ({ '@value': k, '@language': 'fr' })),
        'dct:issued': dateTime(dataset.created_at),
        'dct:modified': dateTime(dataset.data_updated_at ?? dataset.metadata_updated_at),
        ...(frequency ? { 'dct:accrualPeriodicity': { '@id': `${EU}/frequency/${frequency.euUri}` } } : {}),
        'dct:accessRights': { '@id': `${EU}/access-right/${ACCESS_RIGHTS[dataset.access]}` },
        'dcat:contactPoint': {
          '@type': 'vcard:Kind',
          'vcard:fn': dataset.producer_name,
          'vcard:hasEmail': { '@id': `mailto:${dataset.contact_email}` },
        },
        ...(dataset.temporal_start || dataset.temporal_end
          ? {
              'dct:temporal': {
                '@type': 'dct:PeriodOfTime',
                ...(dataset.temporal_start ? { 'dcat:startDate': date(dataset.temporal_start) } : {}),
                ...(dataset.temporal_end ? { 'dcat:endDate': date(dataset.temporal_end) } : {}),
              },
            }
          : {}),
        ...(dataset.spatial || resource?.bbox
          ? {
              'dct:spatial': {
                '@type': 'dct:Location',
                ...(dataset.spatial ? { 'skos:prefLabel': { '@value': dataset.spatial, '@language': 'fr' } } : {}),
                ...(resource?.bbox
                  ? {
                      'dcat:bbox': {
                        '@value': `POLYGON((${resource.bbox[0]} ${resource.bbox[1]},${resource.bbox[2]} ${resource.bbox[1]},${resource.bbox[2]} ${resource.bbox[3]},${resource.bbox[0]} ${resource.bbox[3]},${resource.bbox[0]} ${resource.bbox[1]}))`,
                        '@type': 'http://www.opengis.net/ont/geosparql#wktLiteral',
                      },
                    }
                  : {}),
              },
            }
          : {}),
        ...(dataset.source ? { 'dct:source': { '@value': dataset.source } } : {}),
        'dcat:landingPage': { '@id': `${base}/donnees/jeux/${dataset.slug}` },
        'dcat:distribution': resource
          ? [
              distribution(base, dataset, resource, 'csv'),
              ...(resource.has_geometry ? [distribution(base, dataset, resource, 'geojson')] : []),
            ]
          : [],
      };
    }),
  };
}

/** The same catalogue in Turtle, converted from the JSON-LD through RDF (one source for both). */
export async function catalogueAsTurtle(document: Record<string, unknown>): Promise<string> {
  const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as string;
  const quads = new Parser({ format: 'N-Quads' }).parse(nquads);
  const writer = new Writer({ prefixes: PREFIXES });
  writer.addQuads(quads);
  return new Promise((resolve, reject) =>
    writer.end((error, result: string) => (error ? reject(error) : resolve(result))),
  );
}
