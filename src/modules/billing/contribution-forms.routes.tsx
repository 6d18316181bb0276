import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { zDate, zEuros, zOptionalDate, zText, zWholeNumber, zYear } from '../../platform/http/form-fields.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';
import { registerAgreementFileForm } from '../agreements/index.ts';
import { populationFor } from './billing-plan.ts';
import { loadBillingData } from './load-billing-data.ts';
import { recordConnectorCost } from './record-connector-cost.ts';
import { setPopulationOverride } from './set-population-override.ts';
import { ConnectorForm, PopulationForm } from './views/contribution-forms.tsx';

/** The operators' forms for a commune's billing figures: pages of its agreement file, back to it when done. */
export function registerContributionFormRoutes(app: FastifyInstance): void {
  const { services } = app;

  registerAgreementFileForm(app, {
    path: 'connecteur',
    dates: ['activeFrom', 'activeUntil'],
    schema: z.object({
      label: zText('le nom du connecteur', 200),
      annualCost: zEuros('le coût annuel de maintenance'),
      priceYear: zYear("l'année du prix"),
      activeFrom: zDate('la date de mise en service'),
      activeUntil: zOptionalDate('la date de décommissionnement'),
    }),
    render: (context, commune, state) => ConnectorForm({ context, commune, ...state }),
    async submit(commune, data, actor) {
      if (data.activeUntil && data.activeUntil < data.activeFrom)
        return { ok: false, errors: { activeUntil: 'Le décommissionnement ne peut pas précéder la mise en service.' } };
      await recordConnectorCost(services, {
        commune,
        actor,
        label: data.label,
        annualCents: data.annualCost,
        priceYear: data.priceYear,
        activeFrom: data.activeFrom,
        activeUntil: data.activeUntil ?? null,
      });
      return { ok: true, done: 'connecteur' };
    },
  });

  registerAgreementFileForm(app, {
    path: 'population',
    dates: [],
    initial: () => ({ values: { year: String(yearOf(parisDay(services.clock.now()))) }, dates: {} }),
    schema: z.object({
      year: zYear(),
      population: zWholeNumber("le nombre d'habitants"),
      source: zText('la source', 300),
    }),
    render: async (context, commune, state) => {
      // The figure the platform uses this year, to say what an operator's figure would replace.
      const year = yearOf(parisDay(services.clock.now()));
      const population = populationFor(await withTenant(services.db, commune.id, loadBillingData), year);
      return PopulationForm({
        context,
        commune,
        current: `Pour ${year}, la plateforme retient ${population.value.toLocaleString('fr-FR')} habitants (${population.source}).`,
        ...state,
      });
    },
    async submit(commune, data, actor) {
      await setPopulationOverride(services, { commune, actor, ...data });
      return { ok: true, done: 'population' };
    },
  });
}
