import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { instanceBase } from '../../platform/http/render.tsx';

/** The back-office's pages live in the competent tenant's instance, under /gru. */
export function gruPath(holder: Pick<ResolvedTenant, 'kind' | 'slug' | 'environment'>, path = '/demandes'): string {
  return `${instanceBase(holder)}/gru${path}`;
}

export function gruRequestPath(
  holder: Pick<ResolvedTenant, 'kind' | 'slug' | 'environment'>,
  requestId: string,
): string {
  return gruPath(holder, `/demandes/${requestId}`);
}
