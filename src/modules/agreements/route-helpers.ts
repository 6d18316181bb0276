import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';

/** What the agreements' and billing's route handlers share. */

/** The production commune named by `:slug` in an operator's address; anything else is 404. */
export async function findProductionCommune(services: Services, request: FastifyRequest): Promise<ResolvedTenant> {
  const commune = await services.tenants.bySlug((request.params as { slug: string }).slug);
  if (!commune || commune.kind !== 'commune' || commune.isTestInstance) throw notFound('Aucune commune ne porte ce nom.');
  return commune;
}

/** The audit log's "who": the signed-in person and the address the request came from. */
export function actorOf(request: FastifyRequest, user: CurrentUser): AuditActor {
  return { userId: user.id, label: user.email, ip: request.ip };
}

/** The first message of each invalid field, keyed like the inputs (error summary links line up). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[issue.path.map(String).join('.') || '_form'] ??= issue.message;
  return errors;
}
