import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { parseParams } from '../../platform/http/route-input.ts';
import { type ExportColumnOf, sendExport, sheetOf } from '../../platform/exports/index.ts';
import type { ConsentArchiveEntry } from '../identity/index.ts';
import { consentArchiveOfCitizen, consentArchiveOfConsumers } from '../identity/index.ts';
import { prefillConsumerId } from '../requests/index.ts';
import { requireDpo } from './privacy.policy.ts';
import { buildRegister, type Processing } from './register.ts';
import { PrivacyNoticePage, RegisterPage } from './views/register-pages.tsx';

const ZFormat = z.object({ format: z.enum(['csv', 'ods']) });
const ZService = z.object({ id: z.uuid() });

const REGISTER_COLUMNS: Array<ExportColumnOf<Processing>> = [
  { header: 'Traitement', value: (p) => p.name },
  { header: 'Responsable', value: (p) => p.controller },
  { header: 'Finalité', value: (p) => p.purpose },
  { header: 'Base légale', value: (p) => p.legalBasis },
  { header: 'Catégories de données', value: (p) => p.categories.join(', ') },
  { header: 'Destinataires', value: (p) => p.recipients.join(' ; ') },
  { header: 'Durée de conservation', value: (p) => p.retention },
];

const CONSENT_COLUMNS: Array<ExportColumnOf<ConsentArchiveEntry>> = [
  { header: 'Service', value: (c) => c.consumerName },
  { header: 'Compte', value: (c) => c.email },
  { header: 'Décidé le', value: (c) => c.grantedAt.toISOString() },
  { header: 'Informations acceptées', value: (c) => c.approved.join(', ') },
  { header: 'Informations refusées', value: (c) => c.refused.join(', ') },
  { header: 'Formulation présentée', value: (c) => c.wording },
  { header: 'Retiré le', value: (c) => c.revokedAt?.toISOString() ?? null },
  { header: 'Formulation du retrait', value: (c) => c.revocationWording },
];

/** The register of processing (issue 17 §7), the privacy notice, the consent archive's exports (§2, P1). */
export function registerRegisterRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/confidentialite', async (request, reply) => {
    const register = await buildRegister(services, request.tenant);
    return sendPage(request, reply, (context) => PrivacyNoticePage({ context, register }));
  });

  app.get('/admin/registre', async (request, reply) => {
    requireDpo(request);
    const register = await buildRegister(services, request.tenant);
    return sendPage(request, reply, (context) => RegisterPage({ context, register }));
  });

  app.get('/admin/registre.:format', async (request, reply) => {
    requireDpo(request);
    const { format } = parseParams(ZFormat, request);
    const register = await buildRegister(services, request.tenant);
    return sendExport(reply, {
      format,
      filename: `registre-des-traitements-${request.tenant.slug}`,
      sheets: [sheetOf('Registre', REGISTER_COLUMNS, register)],
      generatedAt: services.clock.now(),
    });
  });

  app.get('/admin/registre/:id/consentements.csv', async (request, reply) => {
    requireDpo(request);
    const { id } = parseParams(ZService, request);
    // Only the instance's own services: a mutualised service's consents are its provider's (the metropolis's).
    const processing = (await buildRegister(services, request.tenant)).find((p) => p.id === id && p.ownService);
    if (!processing) throw notFound();
    const archive = await consentArchiveOfConsumers(services.db, [prefillConsumerId(id)]);
    return sendExport(reply, {
      format: 'csv',
      filename: `consentements-${processing.name}`,
      sheets: [sheetOf('Consentements', CONSENT_COLUMNS, archive)],
    });
  });

  app.get('/compte/consentements.csv', async (request, reply) => {
    const user = requireUser(request);
    const archive = await consentArchiveOfCitizen(services.db, user.id);
    return sendExport(reply, {
      format: 'csv',
      filename: 'mes-consentements',
      sheets: [
        sheetOf(
          'Consentements',
          CONSENT_COLUMNS.filter((c) => c.header !== 'Compte'),
          archive,
        ),
      ],
    });
  });
}
