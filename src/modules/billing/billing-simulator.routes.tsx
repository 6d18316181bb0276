import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { parseQuery } from '../../platform/http/route-input.ts';
import { sendPage } from '../../platform/http/render.tsx';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { compareFrench, formatCents } from '../../platform/views/format.ts';
import { offerOn } from '../agreements/index.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';
import { parseEuros, parseIndex, zYear } from '../../platform/http/form-fields.ts';
import { populationFor } from './billing-plan.ts';
import { indexKnownOn, ROUNDING_RULE } from './contribution-engine.ts';
import { loadBillingData, loadSyntecSeries } from './load-billing-data.ts';
import { simulateContributions } from './simulate-contributions.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';
import { SimulatorPage, type SimulatorValues } from './views/simulator-page.tsx';

const SIMULATED_YEARS = 6;

/**
 * The simulator's form fields, as typed (a GET form: they are the page's address). Checked by parseSimulation with a
 * message per field; here only kept to a sensible length, and a field given twice is ignored.
 */
const typed = z
  .string()
  .transform((v) => v.slice(0, 100))
  .optional()
  .catch(undefined);
const ZSimulatorQuery = z.object({
  commune: typed,
  service: typed,
  offer: typed,
  population: typed,
  startYear: typed,
  syntec: typed,
  growth: typed,
  previouslyBilled: typed,
  newOffer: typed,
  changeYear: typed,
});
const ZToodegoOffer = z.enum(['partenaire', 'abonne', 'connecte']);

/** The simulator's hypotheses, checked with French messages naming each field. */
function parseSimulation(values: SimulatorValues, firstYear: number) {
  const errors: FieldErrors = {};
  const service = z.enum(['toodego', 'laclasse']).safeParse(values.service);
  if (!service.success) errors.service = 'Choisissez le service : Toodego ou laclasse.com';
  const offer = ZToodegoOffer.safeParse(values.offer);
  if (service.data === 'toodego' && !offer.success)
    errors.offer = "Choisissez l'offre Toodego : Partenaire, Abonné ou Connecté";
  const population = (values.population ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d{1,7}$/.test(population))
    errors.population = "Saisissez la population en nombre entier d'habitants, par exemple 20800";
  const startYear = zYear('la première année').safeParse(values.startYear ?? '');
  if (!startYear.success || startYear.data < firstYear)
    errors.startYear = `Saisissez une année à partir de ${firstYear}, par exemple ${firstYear + 1}`;
  const syntec = values.syntec ? parseIndex(values.syntec) : undefined;
  if (syntec === null) errors.syntec = "Saisissez l'indice Syntec, par exemple 310,5";
  const growth = values.growth ? Number(values.growth.replace(',', '.')) : 0;
  if (!Number.isFinite(growth) || growth < -20 || growth > 50)
    errors.growth = "Saisissez l'évolution en %, entre -20 et 50, par exemple 2,5";
  const previouslyBilled = values.previouslyBilled ? parseEuros(values.previouslyBilled) : undefined;
  if (previouslyBilled === null) errors.previouslyBilled = 'Saisissez le montant en euros, par exemple 10 800';
  let offerChange: { to: 'partenaire' | 'abonne' | 'connecte'; year: number } | undefined;
  if (values.newOffer) {
    const to = ZToodegoOffer.safeParse(values.newOffer);
    const year = Number(values.changeYear);
    if (service.data !== 'toodego' || !to.success) errors.newOffer = "Un changement d'offre ne concerne que Toodego";
    else if (to.data === offer.data) errors.newOffer = "Choisissez une offre différente de l'offre de départ";
    else if (
      !startYear.success ||
      !/^\d{4}$/.test(values.changeYear ?? '') ||
      year < startYear.data ||
      year >= startYear.data + SIMULATED_YEARS
    ) {
      errors.changeYear = `Saisissez l'année du changement parmi les années simulées`;
    } else offerChange = { to: to.data, year };
  } else if (values.changeYear) errors.newOffer = "Choisissez la nouvelle offre, ou videz l'année du changement";
  if (Object.keys(errors).length || !service.success || !startYear.success) return { ok: false as const, errors };
  return {
    ok: true as const,
    hypotheses: {
      service: service.data,
      offer: service.data === 'toodego' ? (offer.data as 'partenaire') : ('subscribed' as const),
      population: Number(population),
      startYear: startYear.data,
      ...(syntec ? { syntecTry: syntec } : {}),
      growthBasisPoints: Math.round(growth * 100),
      ...(previouslyBilled !== undefined && previouslyBilled !== null
        ? { previouslyBilledCents: previouslyBilled }
        : {}),
      ...(offerChange ? { offerChange } : {}),
    },
  };
}

const ZStep = z.object({
  kind: z.enum(['tariff', 'revision', 'transition', 'offer_change', 'pro_rata', 'connector', 'total']),
  label: z.string(),
  detail: z.string(),
  amountCents: z.number().int(),
  source: z.string(),
});
const ZIndex = z
  .object({ month: z.string(), value: z.number(), publishedOn: z.string(), simulated: z.boolean() })
  .nullable();

/** The simulator page for operators and its public JSON twin `GET /api/contributions/simulate`. */
export function registerSimulatorRoutes(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  app.get('/admin/facturation/simulateur', async (request, reply) => {
    requireOperator(request);
    const today = parisDay(services.clock.now());
    const values: SimulatorValues = parseQuery(ZSimulatorQuery, request);
    const communes = (await services.tenants.all())
      .filter((t) => t.kind === 'commune' && !t.isTestInstance)
      .sort((a, b) => compareFrench(a.name, b.name));
    const commune = communes.find((c) => c.slug === values.commune);
    if (commune && !values.service) {
      // Start from the commune's file: its population for the year, its Toodego offer, what it paid before.
      const data = await withTenant(services.db, commune.id, (trx) => loadBillingData(trx));
      const offer = offerOn(data.annexes, 'toodego', today);
      const previous = data.annexes.find(
        (a) => a.service === 'toodego' && a.previously_billed_cents !== null,
      )?.previously_billed_cents;
      Object.assign(values, {
        service: offer === 'none' ? 'laclasse' : 'toodego',
        offer: offer === 'none' ? '' : offer,
        population: String(populationFor(data, yearOf(today)).value),
        startYear: String(yearOf(today)),
        previouslyBilled: previous ? (previous / 100).toFixed(2).replace('.', ',') : '',
      });
    }
    values.startYear ??= String(yearOf(today));
    const submitted = !!values.service;
    const parsed = submitted ? parseSimulation(values, TARIFF_SCHEDULE_2026.firstBillingYear) : null;
    const results =
      parsed?.ok === true
        ? simulateContributions({
            schedule: TARIFF_SCHEDULE_2026,
            years: SIMULATED_YEARS,
            syntecSeries: await loadSyntecSeries(services.db),
            ...parsed.hypotheses,
          })
        : null;
    return sendPage(
      request,
      reply,
      (context) =>
        SimulatorPage({
          context,
          values,
          errors: parsed && !parsed.ok ? parsed.errors : {},
          communes: communes.map((c) => ({ value: c.slug, label: c.name })),
          results,
          apiExample: `/api/contributions/simulate?service=toodego&offer=partenaire&population=20800&year=${TARIFF_SCHEDULE_2026.referenceYear}`,
        }),
      parsed && !parsed.ok ? 422 : 200,
    );
  });

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/contributions/simulate',
      operationId: 'simulateContribution',
      summary: "Contribution annuelle d'une commune à un service partagé",
      description:
        "Calcule la contribution d'une commune (convention-cadre art. 10 ; annexes Toodego §10 et laclasse.com §6) : montant en centimes d'euro et étapes du calcul. " +
        `Révision par l'indice Syntec connu au 1er janvier de l'année (indices saisis par la Métropole). ${ROUNDING_RULE}`,
      tag: 'Contributions',
      access: 'public',
      query: z
        .object({
          service: z
            .enum(['toodego', 'laclasse'], { message: 'Indiquez le service : toodego ou laclasse' })
            .describe('Service partagé payant'),
          offer: z
            .enum(['partenaire', 'abonne', 'connecte'], { message: "L'offre est partenaire, abonne ou connecte" })
            .optional()
            .describe('Offre Toodego (obligatoire pour toodego)'),
          population: z.coerce
            .number({ message: "Indiquez la population en nombre entier d'habitants" })
            .int("Indiquez la population en nombre entier d'habitants")
            .min(0, 'La population ne peut pas être négative')
            .max(3_000_000, 'La population ne peut pas dépasser 3 000 000')
            .describe("Nombre d'habitants au 31 décembre de l'année précédente"),
          year: z.coerce
            .number({ message: "Indiquez l'année de facturation, par exemple 2027" })
            .int("Indiquez l'année de facturation, par exemple 2027")
            .min(
              TARIFF_SCHEDULE_2026.firstBillingYear,
              `L'année de facturation commence en ${TARIFF_SCHEDULE_2026.firstBillingYear}`,
            )
            .max(2100, "L'année doit être avant 2100")
            .describe('Année de facturation'),
          syntec: z.coerce
            .number({ message: "L'indice Syntec est un nombre, par exemple 310.5" })
            .positive("L'indice Syntec est positif")
            .max(9999, "L'indice Syntec est inférieur à 10 000")
            .optional()
            .describe("Valeur de l'indice Syntec à essayer pour l'année (sinon l'indice connu au 1er janvier)"),
          previouslyBilled: z.coerce
            .number({ message: 'Le montant facturé avant la convention est un nombre entier de centimes' })
            .int('Le montant facturé avant la convention est un nombre entier de centimes')
            .min(0, 'Le montant ne peut pas être négatif')
            .max(100_000_000, 'Le montant est trop élevé')
            .optional()
            .describe('Montant annuel facturé avant la convention, en centimes (dispositif transitoire, art. 10.2)'),
        })
        .superRefine(
          (q, ctx) => {
            if (q.service === 'toodego' && !q.offer)
              ctx.addIssue({
                code: 'custom',
                path: ['offer'],
                message: "Indiquez l'offre Toodego : partenaire, abonne ou connecte",
              });
          },
          // Checked even when other parameters are wrong, so that the 422 lists every invalid one at once.
          { when: () => true },
        ),
      responses: {
        200: {
          description: 'Le montant dû et son calcul',
          schema: z.object({
            service: z.enum(['toodego', 'laclasse']),
            offer: z.enum(['partenaire', 'abonne', 'connecte', 'subscribed']),
            year: z.number().int(),
            population: z.number().int(),
            amountCents: z.number().int().describe("Montant dû pour l'année, en centimes d'euro"),
            amount: z.string().describe('Le même montant, écrit en euros'),
            targetCents: z.number().int().describe('Contribution-cible révisée, en centimes'),
            steps: z.array(ZStep),
            syntec: z.object({ reference: ZIndex, current: ZIndex }),
            roundingRule: z.string(),
            tariffSchedule: z.string(),
          }),
        },
        422: { description: 'Paramètres invalides (RFC 9457, champ errors)' },
      },
    },
    async (_request, _reply, { query }) => {
      const [result] = simulateContributions({
        schedule: TARIFF_SCHEDULE_2026,
        service: query.service,
        offer: query.service === 'toodego' ? (query.offer ?? 'partenaire') : 'subscribed',
        population: query.population,
        startYear: query.year,
        years: 1,
        syntecSeries: await loadSyntecSeries(services.db),
        ...(query.syntec !== undefined ? { syntecTry: Math.round(query.syntec * 100) } : {}),
        growthBasisPoints: 0,
        ...(query.previouslyBilled !== undefined ? { previouslyBilledCents: query.previouslyBilled } : {}),
      });
      if (!result) throw new Error('no simulated year');
      const index = (v: typeof result.syntecUsed) =>
        v ? { month: v.month, value: v.hundredths / 100, publishedOn: v.publishedOn, simulated: !!v.simulated } : null;
      const reference = indexKnownOn(
        await loadSyntecSeries(services.db),
        `${TARIFF_SCHEDULE_2026.referenceYear}-01-01`,
      );
      return {
        service: query.service,
        offer: result.offer as 'partenaire',
        year: result.year,
        population: result.population,
        amountCents: result.amountCents,
        amount: formatCents(result.amountCents),
        targetCents: result.targetCents,
        steps: result.steps,
        syntec: { reference: index(reference), current: index(result.syntecUsed) },
        roundingRule: ROUNDING_RULE,
        tariffSchedule: TARIFF_SCHEDULE_2026.label,
      };
    },
  );
}
