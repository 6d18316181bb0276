import type { FastifyInstance } from 'fastify';
import { registerAgreementFormRoutes } from './agreements-forms.routes.tsx';
import { registerCommuneMinutesRoutes } from './commune-minutes.routes.tsx';
import { registerGovernanceRoutes } from './governance.routes.tsx';

/**
 * The agreements' own pages: the operators' forms on a commune's agreement, governance, and the minutes a commune
 * answers. The pages that show an agreement with its contributions (the overview, a commune's file) are composed by
 * the billing module, from this module's public parts.
 */
export function registerAgreementsRoutes(app: FastifyInstance): void {
  registerAgreementFormRoutes(app);
  registerCommuneMinutesRoutes(app);
  registerGovernanceRoutes(app);
}
