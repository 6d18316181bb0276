import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { asList } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { requireAgentManager } from '../tenants/index.ts';
import { loadAgentServices } from './load-agent-services.ts';
import { setAgentServices } from './set-agent-services.ts';
import { AgentServicesPage } from './views/agent-services-page.tsx';

const ZAgentParams = z.object({ userId: z.uuid() });
// The checkboxes carry only the commune's services: anything else is a forged request (refused below as unknown).
const ZServicesForm = z.object({ demarches: z.preprocess(asList, z.array(z.uuid()).max(500)) });
const ZDoneQuery = z.object({ fait: z.literal('equipes').optional().catch(undefined) });

const NOT_AN_AGENT = "Cette personne n'est pas un agent en activité de la commune.";

/**
 * Per-service teams, edited agent by agent from the agents' pages, under the same gate as every other change of an
 * agent's access (a Partenaire commune's administrators, the operators; Abonné: the operators only).
 */
export function registerAgentServicesRoutes(app: FastifyInstance): void {
  const { services } = app;
  const path = (userId: string) => `/admin/agents/${userId}/demarches`;

  app.get('/admin/agents/:userId/demarches', async (request, reply) => {
    const manager = requireAgentManager(request);
    const { userId } = parseParams(ZAgentParams, request);
    const view = await loadAgentServices(services, manager.communeId, userId);
    if (!view) throw notFound(NOT_AN_AGENT);
    const done = parseQuery(ZDoneQuery, request).fait;
    return sendPage(request, reply, (context) =>
      AgentServicesPage({
        context,
        communeName: manager.communeName,
        view,
        isSelf: userId === manager.user.id,
        notice: done ? 'Les démarches traitées sont enregistrées.' : null,
      }),
    );
  });

  app.post('/admin/agents/:userId/demarches', async (request, reply) => {
    const manager = requireAgentManager(request);
    const { userId } = parseParams(ZAgentParams, request);
    const { demarches } = parseBody(ZServicesForm, request);
    const result = await setAgentServices(services, {
      communeId: manager.communeId,
      actor: manager.actor,
      agentId: userId,
      eserviceIds: demarches,
    });
    if (!result.ok)
      throw notFound(
        result.reason === 'self'
          ? 'Vous ne pouvez pas changer vos propres accès : demandez-le à un autre administrateur.'
          : result.reason === 'unknown-service'
            ? "Une des démarches cochées n'est pas traitée par la commune."
            : NOT_AN_AGENT,
      );
    return redirectWithin(request, reply, `${path(userId)}?fait=equipes`);
  });
}
