import { z } from 'zod';

/**
 * What an e-service needs beyond its form, as zod-typed data (DESIGN invariant 4): the service that handles it and
 * how to reach it, its legal regime (what the acknowledgement must say, CRPA R112-11-1), and how its requests are
 * routed to the competent administration.
 */

/** A service in charge of requests, with the contact details the acknowledgement must give (e-mail or postal address, and phone). */
export const ZOffice = z
  .object({
    name: z.string().min(1).max(200),
    email: z.email().optional(),
    postalAddress: z.string().min(1).max(300).optional(),
    phone: z.string().min(1).max(30),
  })
  .strict()
  .refine((o) => o.email || o.postalAddress, {
    message: 'Une adresse électronique ou postale est obligatoire (CRPA R112-11-1)',
  });
export type Office = z.output<typeof ZOffice>;

/**
 * A *demande* says what silence means (L231-1: acceptance after two months by default; the exceptions mean
 * rejection) and after how long. A *signalement* or a *déclaration* gives rise to no implicit decision.
 */
export const ZLegalRegime = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('demande'),
      silence: z.enum(['acceptance', 'rejection']),
      delay: z
        .object({
          months: z.number().int().min(0).max(24).default(0),
          days: z.number().int().min(0).max(365).default(0),
        })
        .strict(),
      /** Appeal routes when silence means rejection; a sensible French default is used when absent. */
      appealRoutes: z.string().min(1).max(2000).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('signalement') }).strict(),
  z.object({ kind: z.literal('declaration') }).strict(),
]);
export type LegalRegime = z.output<typeof ZLegalRegime>;

/** One routing rule of a mutualised service: a set of categories and the level of government competent for them. */
export const ZRoutingRule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    label: z.string().min(1).max(200),
    /** Values of the category field this rule covers; empty: every category (a catch-all rule, put it last). */
    categories: z.array(z.string()).default([]),
    competence: z.enum(['metropole', 'commune']),
    /** For the metropolis's competence: which of its services handles it. */
    office: ZOffice.optional(),
  })
  .strict();
export type RoutingRule = z.output<typeof ZRoutingRule>;

export const ZRoutingPolicy = z.discriminatedUnion('mode', [
  /** The provider handles every request (the default). */
  z.object({ mode: z.literal('owner') }).strict(),
  /** The commune of the location × the category's competence. */
  z
    .object({
      mode: z.literal('territorial'),
      locationField: z.string(),
      categoryField: z.string(),
      rules: z.array(ZRoutingRule).min(1),
    })
    .strict(),
]);
export type RoutingPolicy = z.output<typeof ZRoutingPolicy>;

export const ZEServiceSettings = z
  .object({
    office: ZOffice,
    legal: ZLegalRegime,
    routing: ZRoutingPolicy.default({ mode: 'owner' }),
  })
  .strict();
export type EServiceSettings = z.output<typeof ZEServiceSettings>;
export type EServiceSettingsInput = z.input<typeof ZEServiceSettings>;

export const ACCESS_LABELS = {
  anonymous: 'Sans compte (une adresse électronique suffit)',
  account: 'Avec un compte',
  certified: 'Avec une identité certifiée par FranceConnect',
} as const;

export const LEGAL_KIND_LABELS = {
  demande: 'Demande',
  signalement: 'Signalement',
  declaration: 'Déclaration',
} as const;

// Settings change only with the e-service's updated_at, so the parsed form is kept per version of the row.
const parsedSettings = new Map<string, EServiceSettings>();

export function parseSettings(eservice: { id: string; settings: unknown; updated_at: Date }): EServiceSettings {
  const cacheKey = `${eservice.id}:${eservice.updated_at.getTime()}`;
  const cached = parsedSettings.get(cacheKey);
  if (cached) return cached;
  const parsed = ZEServiceSettings.parse(eservice.settings);
  if (parsedSettings.size > 5000) parsedSettings.clear();
  parsedSettings.set(cacheKey, parsed);
  return parsed;
}
