import type { FastifyRequest } from 'fastify';
import { type CurrentUser, canAdministerTenant, isOperator } from '../../platform/auth/current-user.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { type ResolvedTenant, tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import { countUsage, findAccessRequest, findDatasetBySlug } from './opendata.repo.ts';
import type { DatasetRow } from './opendata.tables.ts';

/**
 * The portal a request browses: the metropolis's lists every producer; a commune's, only its own datasets, and
 * only when the commune subscribes to the open-data service.
 */
export function portalOf(request: FastifyRequest): { producer: { id: string; name: string } | null } {
  const tenant = request.tenant;
  if (tenant.kind === 'metropole') return { producer: null };
  if (!tenantMayUse(tenant, 'opendata.portal'))
    throw notFound("Cette commune n'a pas de portail open data : les données sont sur le portail de la Métropole.");
  return { producer: tenant.production };
}

/** Whether a user produces data for this tenant: an operator for the metropolis, an administrator for a commune. */
export function isProducerOf(user: CurrentUser | null, tenant: ResolvedTenant): boolean {
  if (!user) return false;
  if (tenant.kind === 'metropole') return isOperator(user);
  return canAdministerTenant(user, tenant) && tenantMayUse(tenant, 'opendata.portal');
}

/** The producer space's guard: someone who publishes data for this request's tenant (anyone else: 404). */
export function requireProducer(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!isProducerOf(user, request.tenant)) throw notFound();
  return user;
}

function producesDataset(user: CurrentUser | null, dataset: DatasetRow, tenant: ResolvedTenant): boolean {
  return dataset.tenant_id === tenant.production.id && isProducerOf(user, tenant);
}

/**
 * A dataset as the public sees it on this portal: published (its producer also sees it unpublished), and on a
 * commune's portal only that commune's. Anything else does not exist here.
 */
export async function visibleDataset(services: Services, request: FastifyRequest, slug: string): Promise<DatasetRow> {
  const { producer } = portalOf(request);
  const dataset = /^[a-z0-9-]{1,80}$/.test(slug) ? await findDatasetBySlug(services.db, slug) : undefined;
  if (!dataset) throw notFound('Aucun jeu de données ne porte ce nom.');
  if (producer && dataset.tenant_id !== producer.id) throw notFound('Aucun jeu de données ne porte ce nom.');
  if (dataset.status !== 'published' && !producesDataset(request.user, dataset, request.tenant))
    throw notFound('Aucun jeu de données ne porte ce nom.');
  return dataset;
}

export type DataAccess = 'granted' | 'login' | 'request' | 'pending';

/** Whether this visitor may read the dataset's data (the description is public whatever its access). */
export async function dataAccess(
  services: Services,
  request: FastifyRequest,
  dataset: DatasetRow,
): Promise<DataAccess> {
  if (dataset.access === 'open') return 'granted';
  const user = request.user;
  if (!user) return 'login';
  if (dataset.access === 'account' || producesDataset(user, dataset, request.tenant)) return 'granted';
  const asked = await findAccessRequest(services.db, dataset.id, user.id);
  if (asked?.status === 'granted') return 'granted';
  return asked?.status === 'requested' ? 'pending' : 'request';
}

/** Stops a request for data the visitor may not read, saying why. */
export async function requireDataAccess(
  services: Services,
  request: FastifyRequest,
  dataset: DatasetRow,
): Promise<void> {
  const access = await dataAccess(services, request, dataset);
  if (access === 'granted') return;
  if (access === 'login')
    throw new AppError('authentication_required', 'Connectez-vous pour accéder aux données de ce jeu.');
  throw new AppError(
    'forbidden',
    'Les données de ce jeu sont restreintes : demandez-en l’accès au producteur depuis la page du jeu.',
  );
}

/** Counts a download or an API call for the producer's statistics (per day, Paris time). */
export async function countUse(services: Services, dataset: DatasetRow, kind: 'download' | 'api'): Promise<void> {
  await countUsage(services.db, {
    tenantId: dataset.tenant_id,
    datasetId: dataset.id,
    day: parisDay(services.clock.now()),
    kind,
  });
}
