import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseBody, parseParams } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findEServiceById, parseSettings } from '../catalogue/index.ts';
import { rerouteRequest, rerouteTargets, type RoutingDecision } from '../requests/index.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { findHeldRequest } from './find-held-request.ts';
import { ZIdParams, ZText } from './input-schemas.ts';
import { ZVersionForm } from './request-forms.ts';
import { RerouteRequestPage } from './views/reroute-page.tsx';

const ZRerouteForm = ZVersionForm.extend({ vers: ZText, motif: ZText });

/** Sending a request that reached the wrong administration on to the competent one. */
export function registerRerouteRoutes(app: FastifyInstance): void {
  const { services } = app;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: AgentAccess,
    id: string,
    state: { status?: number; notice?: string; errors?: FieldErrors; values?: { vers?: string; motif?: string } } = {},
  ) => {
    const row = await findHeldRequest(services, access.holder, id, access.actor);
    if (!row) throw notFound("Cette demande n'existe pas ou ne relève pas de cette administration.");
    const eservice = await findEServiceById(services.db, row.eservice_id);
    const provider = eservice ? await services.tenants.byId(eservice.tenant_id) : undefined;
    if (!eservice || !provider) throw notFound();
    const closed = !!row.closed_at || !!row.rerouted_to;
    const targets = closed
      ? []
      : await rerouteTargets(services, { holder: access.holder, provider, settings: parseSettings(eservice) });
    const routing = row.routing as RoutingDecision;
    const base = `${request.basePath}/gru/demandes/${row.id}`;
    return sendPage(
      request,
      reply,
      (context) =>
        RerouteRequestPage({
          context,
          number: row.number,
          title: (row.acknowledgement as { serviceTitle: string }).serviceTitle,
          holderName: access.holder.name,
          explanation: routing.explanation,
          targets,
          version: row.version,
          action: `${base}/reorienter`,
          backHref: base,
          notice: state.notice ?? (closed ? 'Cette demande est close : elle ne peut plus être réorientée.' : null),
          errors: state.errors ?? {},
          values: state.values ?? {},
        }),
      state.status ?? 200,
    );
  };

  app.get('/gru/demandes/:id/reorienter', async (request, reply) => {
    const access = requireAgent(request);
    return render(request, reply, access, parseParams(ZIdParams, request).id);
  });

  app.post('/gru/demandes/:id/reorienter', async (request, reply) => {
    const access = requireAgent(request);
    const { id } = parseParams(ZIdParams, request);
    if (!(await findHeldRequest(services, access.holder, id, access.actor))) throw notFound();
    const form = parseBody(ZRerouteForm, request);
    const result = await rerouteRequest(services, {
      holder: access.holder,
      requestId: id,
      expectedVersion: form.version,
      actor: access.actor,
      choice: form.vers,
      reason: form.motif,
    });
    // The request stays readable here, its history saying where it went and under which number.
    if (result.ok) return redirectWithin(request, reply, `/gru/demandes/${id}?fait=reoriente`);
    const values = { vers: form.vers, motif: form.motif.slice(0, 1000) };
    switch (result.reason) {
      case 'invalid':
        return render(request, reply, access, id, { status: 422, errors: result.errors, values });
      case 'conflict':
        return render(request, reply, access, id, {
          status: 409,
          values,
          notice:
            'Rien n’a été fait : la demande a changé depuis que vous l’avez ouverte (un collègue, l’usager ou un délai). Vérifiez-la, puis recommencez si besoin.',
        });
      case 'refused':
        return render(request, reply, access, id, {
          status: 409,
          values,
          notice: `Rien n’a été fait : ${result.message}`,
        });
      default:
        throw notFound("Cette demande n'existe pas ou ne relève pas de cette administration.");
    }
  });
}
