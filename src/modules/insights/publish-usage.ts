import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { toCsv } from '../../platform/exports/index.ts';
import type { Services } from '../../platform/services.ts';
import {
  addResource,
  createDataset,
  datasetFormWith,
  listDatasetsOfProducer,
  setPublished,
} from '../opendata/index.ts';
import { metropolisTables, productionCommunes, usageOfCommunes } from './usage-statistics.ts';
import { usageSheet } from './usage-export.ts';

/** The title of a year's dataset: also how the next publication of that year finds it again. */
export const datasetTitle = (year: number) =>
  `Démarches en ligne : demandes reçues par commune et par trimestre, ${year}`;

/**
 * Publishes a year's requests per commune and quarter as open data (P7), small counts protected as on the page:
 * the metropolis's dataset for that year is created the first time, and each publication adds a new version of its
 * CSV file. Returns the dataset's slug.
 */
export async function publishUsage(
  services: Services,
  options: { year: number; actor: AuditActor },
): Promise<{ ok: true; slug: string } | { ok: false; error: string }> {
  const metropole = await services.tenants.metropole();
  const usage = await usageOfCommunes(services, await productionCommunes(services), options.year);
  const { byCommune } = metropolisTables(usage, options.year);
  const title = datasetTitle(options.year);
  const existing = (await listDatasetsOfProducer(services.db, metropole.id)).find((d) => d.title === title);
  const dataset =
    existing ??
    (await createDataset(services, {
      producer: { id: metropole.id, name: metropole.name },
      actor: options.actor,
      form: datasetFormWith({
        title,
        description:
          `Nombre de demandes déposées en ligne auprès de chaque commune de la métropole en ${options.year}, par ` +
          'trimestre. Secret statistique : « < 5 » signale un nombre de 1 à 4 ; « s » un nombre masqué pour que ' +
          'ce petit nombre ne se déduise pas des totaux. Aucune donnée personnelle.',
        theme: 'Services',
        contactEmail: /<([^>]+)>/.exec(services.config.mailFrom)?.[1] ?? services.config.mailFrom,
        temporalStart: `${options.year}-01-01`,
        temporalEnd: `${options.year}-12-31`,
        spatial: metropole.name,
        frequency: 'annual',
      }),
    }));
  const added = await addResource(services, {
    dataset,
    actor: options.actor,
    source: {
      kind: 'upload',
      filename: `demandes-en-ligne-${options.year}.csv`,
      bytes: toCsv(usageSheet('Demandes par commune', byCommune)),
    },
  });
  if (!added.ok) return added;
  if (dataset.status !== 'published') await setPublished(services, { dataset, published: true, actor: options.actor });
  return { ok: true, slug: dataset.slug };
}
