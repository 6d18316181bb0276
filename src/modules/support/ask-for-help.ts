import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { resolveEService } from '../catalogue/index.ts';
import { findRequest, findRequestLink, submitRequest } from '../requests/index.ts';
import { helpServiceOf } from './help-service.ts';

/** What the help link tells about the page it was clicked on, and what it means for the routing. */
export type HelpContext = {
  /** The page, with any tracking code masked (a code opens a request: it must not travel to another administration). */
  page: string;
  service: { slug: string; title: string } | null;
  requestNumber: string | null;
  /** Who answers: the administration holding the request, else the one providing the service, else the metropolis. */
  administration: ResolvedTenant;
};

const SERVICE_PAGE = /^\/demarches\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/|$)/;
const OWN_REQUEST_PAGE = /^\/mes-demandes\/([0-9a-f-]{36})(?:\/|$)/;

/** Keeps a path of this site, bounded, without a tracking code. */
export function cleanPage(page: string | undefined): string {
  if (!page || !page.startsWith('/') || page.startsWith('//')) return '/';
  return page.slice(0, 300).replace(/^\/suivi\/[^/]+/, '/suivi/…');
}

export async function resolveHelpContext(
  services: Services,
  browsing: ResolvedTenant,
  user: CurrentUser | null,
  given: { page?: string | undefined; service?: string | undefined },
): Promise<HelpContext> {
  const page = cleanPage(given.page);
  const slug = given.service ?? SERVICE_PAGE.exec(page)?.[1];
  const resolved = slug ? await resolveEService(services, browsing, slug) : undefined;
  let administration = resolved?.provider ?? (await services.tenants.metropole());
  let requestNumber: string | null = null;
  const requestId = OWN_REQUEST_PAGE.exec(page)?.[1];
  if (requestId && user) {
    const link = await findRequestLink(services.db, requestId);
    const holder = link && link.citizen_user_id === user.id ? await services.tenants.byId(link.tenant_id) : undefined;
    if (link && holder) {
      const request = await withTenant(services.db, holder.id, (trx) => findRequest(trx, link.id));
      if (request) {
        requestNumber = request.number;
        administration = holder;
      }
    }
  }
  return {
    page,
    service: resolved ? { slug: resolved.eservice.slug, title: resolved.eservice.title } : null,
    requestNumber,
    administration,
  };
}

export type HelpInput = {
  context: HelpContext;
  user: CurrentUser | null;
  subject: string;
  message: string;
  email: string;
  /** The form's one-time key: posting it twice makes one request. */
  key: string;
};

export type HelpOutcome =
  | { ok: true; number: string; trackingCode: string; requestId: string; administration: ResolvedTenant }
  | { ok: false; errors: Record<string, string> };

/** Sends the help request as a request of the administration's help service. */
export async function askForHelp(services: Services, input: HelpInput): Promise<HelpOutcome> {
  const { context, user } = input;
  const { eservice, form } = await helpServiceOf(services, context.administration);
  const outcome = await submitRequest(services, {
    eservice,
    provider: context.administration,
    form,
    answers: {
      known: {},
      raw: {
        sujet: input.subject,
        message: input.message,
        page: context.page,
        service: context.service?.title ?? '',
        numero: context.requestNumber ?? '',
      },
    },
    citizen: user ? { userId: user.id, email: user.email, displayName: user.displayName, via: 'session' } : null,
    contact: { email: input.email, sms: '' },
    idempotency: { key: input.key || randomUUID(), fingerprint: `${input.subject}\n${input.message}` },
  });
  if (!outcome.ok) {
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(outcome.invalid.answers.errors))
      errors[field === 'sujet' ? 'subject' : field] = message;
    if (outcome.invalid.contactEmail === 'missing') errors.email = 'Indiquez votre adresse électronique.';
    if (outcome.invalid.contactEmail === 'invalid')
      errors.email = 'Adresse électronique invalide : elle s’écrit comme nom@exemple.fr.';
    return { ok: false, errors };
  }
  const { request, holder } = outcome.result;
  return {
    ok: true,
    number: request.number,
    trackingCode: request.tracking_code,
    requestId: request.id,
    administration: holder,
  };
}
