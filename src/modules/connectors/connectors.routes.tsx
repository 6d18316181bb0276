import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireTenantAdministrator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findOwnConnector, listCommuneDeliveries } from './connectors.repo.ts';
import { MISSING_SECRET, POLL_OPEN311_ONLY, saveConnectorSettings, ZConnectorForm } from './save-connector.ts';
import { ConnectorPage, type ConnectorPageProps } from './views/connector-page.tsx';

/** The notice after a save (fait=1); any other value is ignored. */
const ZSavedQuery = z.object({ fait: z.string().optional().catch(undefined) });

/** Only a Connecté commune's production instance has a connector: anywhere else the page does not exist. */
function requireConnectedCommune(request: FastifyRequest) {
  const user = requireTenantAdministrator(request);
  const { tenant } = request;
  if (tenant.kind !== 'commune' || tenant.isTestInstance || tenant.offers.subscriptions.toodego !== 'connecte')
    throw notFound();
  return { user, commune: tenant };
}

/** A Connecté commune's administration of its connector (its administrators, the metropolis's operators). */
export function registerConnectorRoutes(app: FastifyInstance): void {
  const { services } = app;

  const page = async (commune: { id: string }) => {
    const [config, deliveries] = await Promise.all([
      withTenant(services.db, commune.id, (trx) => findOwnConnector(trx)),
      listCommuneDeliveries(services.db, commune.id, 20),
    ]);
    return {
      config,
      polling: config?.poll_enabled
        ? {
            lastPolledAt: config.last_polled_at,
            lastError: config.last_poll_error,
            lastFailedAt: config.last_poll_failed_at,
          }
        : null,
      deliveries: deliveries.map((d) => ({
        number: d.request_number,
        createdAt: d.created_at,
        state: d.state,
        attempts: d.attempts,
        reference: d.commune_reference,
        lastError: d.last_error,
      })),
    };
  };

  app.get('/admin/connecteur', async (request, reply) => {
    const { commune } = requireConnectedCommune(request);
    const { config, polling, deliveries } = await page(commune);
    const props: Omit<ConnectorPageProps, 'context'> = {
      values: {
        protocol: config?.protocol ?? '',
        endpointUrl: config?.endpoint_url ?? '',
        serviceCode: config?.service_code ?? '',
        jurisdictionId: config?.jurisdiction_id ?? '',
        enabled: config?.enabled ?? true,
        pollEnabled: config?.poll_enabled ?? false,
      },
      secretHint: config?.secret_hint ?? null,
      errors: {},
      saved: parseQuery(ZSavedQuery, request).fait === '1',
      polling,
      deliveries,
    };
    return sendPage(request, reply, (context) => ConnectorPage({ context, ...props }));
  });

  app.post('/admin/connecteur', async (request, reply) => {
    const { user, commune } = requireConnectedCommune(request);
    const form = parseForm(ZConnectorForm, request.body);
    const redraw = async (given: FieldErrors) => {
      let errors = given;
      const { config, polling, deliveries } = await page(commune);
      const values = formText(form.values);
      // Said with the form's other errors: a first save needs a secret, whatever else is wrong.
      if (!config && !values.secret?.trim()) errors = { ...errors, secret: MISSING_SECRET };
      if (values.pollEnabled === 'oui' && values.protocol === 'webhook')
        errors = { ...errors, pollEnabled: POLL_OPEN311_ONLY };
      return sendPage(
        request,
        reply,
        (context) =>
          ConnectorPage({
            context,
            values: {
              protocol: values.protocol ?? '',
              endpointUrl: values.endpointUrl ?? '',
              serviceCode: values.serviceCode ?? '',
              jurisdictionId: values.jurisdictionId ?? '',
              enabled: values.enabled === 'oui',
              pollEnabled: values.pollEnabled === 'oui',
            },
            secretHint: config?.secret_hint ?? null,
            errors,
            saved: false,
            polling,
            deliveries,
          }),
        422,
      );
    };
    if (!form.ok) return redraw(form.errors);
    const result = await saveConnectorSettings(services, {
      commune,
      actor: { userId: user.id, label: user.email, ip: request.ip },
      form: form.data,
    });
    if (!result.ok) return redraw(result.errors);
    return redirectWithin(request, reply, '/admin/connecteur?fait=1');
  });
}
