import type { FastifyInstance } from 'fastify';
import { registerCommuneAgreementRoutes } from './agreements-commune.routes.tsx';
import { registerAgreementFormRoutes } from './agreements-forms.routes.tsx';
import { registerOperatorAgreementRoutes } from './agreements-operator.routes.tsx';
import { registerGovernanceRoutes } from './governance.routes.tsx';

/**
 * The agreements and their billing: operators' files and forms, the communes' view, governance, and the
 * billing module's screens and API, which the agreements drive. One entry in the application's MODULES.
 */
export function registerAgreementsRoutes(app: FastifyInstance): void {
  registerOperatorAgreementRoutes(app);
  registerAgreementFormRoutes(app);
  registerCommuneAgreementRoutes(app);
  registerGovernanceRoutes(app);
}
