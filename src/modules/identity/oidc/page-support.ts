import type { ServerResponse } from 'node:http';
import { themeVersion } from '../../../platform/http/render.tsx';
import type { Services } from '../../../platform/services.ts';
import type { PageContext } from '../../../platform/views/page-context.ts';

/** The metropolis's page context, for pages rendered outside a Fastify request (oidc-provider's own pages). */
export async function staticPageContext(services: Services): Promise<PageContext> {
  const tenant = await services.tenants.metropole();
  return {
    tenant: {
      name: tenant.name,
      slug: tenant.slug,
      kind: tenant.kind,
      isTestInstance: false,
      base: '',
      logoUrl: tenant.theme.logoFileId ? `/logo?v=${tenant.theme.logoFileId.slice(0, 8)}` : null,
      themeVersion: themeVersion(tenant.theme),
    },
    user: null,
    csrfToken: '',
    currentPath: '/oidc',
  };
}

/**
 * The site's CSP allows forms to submit to this site only (`form-action 'self'`). A page whose form ends, after
 * redirects, at a relying party or a State federation (login inside an authorization request, consent, logout)
 * names that one origin for that one response.
 */
export function extendFormAction(res: ServerResponse, origins: string[]): void {
  const policy = res.getHeader('content-security-policy');
  const extra = [...new Set(origins)].filter((o) => /^https?:\/\/[^\s;'"]+$/.test(o));
  if (typeof policy !== 'string' || extra.length === 0) return;
  res.setHeader(
    'content-security-policy',
    policy.replace(/form-action 'self'/, `form-action 'self' ${extra.join(' ')}`),
  );
}
