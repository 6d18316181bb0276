import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { blankToUndefined, formText, parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { displayAttribute } from './attribute-display.ts';
import { ATTRIBUTE_LABELS } from './oidc/claims.ts';
import { loadIdentityRecord } from './released-claims.ts';
import { DECLARABLE_ATTRIBUTES, type DeclarableAttribute, updateIdentity } from './update-identity.ts';
import { IdentityFormPage } from './views/account-forms.tsx';

const optional = (schema: z.ZodType<string>) => z.preprocess(blankToUndefined, schema.optional());
const trimmed = (max: number, label: string) => z.string().trim().max(max, `${label} : ${max} caractères au plus`);

/** The identity form, checked field by field, gives the record's attributes (null removes a declared one). */
const ZIdentityForm = z
  .object({
    given_name: optional(trimmed(100, 'Prénoms')),
    family_name: optional(trimmed(100, 'Nom de naissance')),
    preferred_username: optional(trimmed(100, 'Nom d’usage')),
    'birthdate.jour': z.string().trim().optional(),
    'birthdate.mois': z.string().trim().optional(),
    'birthdate.annee': z.string().trim().optional(),
    gender: optional(z.enum(['female', 'male'], { message: 'Choisissez Féminin ou Masculin' })),
    birthplace: optional(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[0-9][0-9AB][0-9]{3}$/, 'Le code INSEE de la commune compte 5 caractères, par exemple 69123'),
    ),
    birthcountry: optional(
      z
        .string()
        .trim()
        .regex(/^99[0-9]{3}$/, 'Le code INSEE du pays commence par 99, par exemple 99100 pour la France'),
    ),
    phone_number: optional(
      z
        .string()
        .trim()
        .transform((v) => v.replace(/[\s.-]/g, ''))
        .pipe(
          z
            .string()
            .regex(/^(\+33|0)[1-9]\d{8}$/, 'Saisissez un numéro français à 10 chiffres, par exemple 06 12 34 56 78'),
        ),
    ),
    street_address: optional(trimmed(200, 'Adresse')),
    postal_code: optional(
      z
        .string()
        .trim()
        .regex(/^\d{5}$/, 'Le code postal compte 5 chiffres, par exemple 69001'),
    ),
    locality: optional(trimmed(100, 'Commune')),
  })
  .superRefine((form, ctx) => {
    const parts = [form['birthdate.jour'], form['birthdate.mois'], form['birthdate.annee']];
    if (parts.some(Boolean)) {
      const [day, month, year] = parts.map(Number);
      const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
      const valid =
        year! >= 1900 && date.getUTCDate() === day && date.getUTCMonth() === month! - 1 && date.getTime() < Date.now();
      if (!valid)
        ctx.addIssue({
          code: 'custom',
          path: ['birthdate'],
          message: 'Saisissez une date de naissance réelle, par exemple 14 7 1990',
        });
    }
    const address = [form.street_address, form.postal_code, form.locality];
    if (address.some(Boolean) && !address.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: [form.street_address ? (form.postal_code ? 'locality' : 'postal_code') : 'street_address'],
        message: 'Une adresse complète a une voie, un code postal et une commune',
      });
    }
  })
  .transform((form): Partial<Record<DeclarableAttribute, string | null>> => ({
    given_name: form.given_name ?? null,
    family_name: form.family_name ?? null,
    preferred_username: form.preferred_username ?? null,
    birthdate: form['birthdate.annee']
      ? `${form['birthdate.annee']}-${form['birthdate.mois']!.padStart(2, '0')}-${form['birthdate.jour']!.padStart(2, '0')}`
      : null,
    gender: form.gender ?? null,
    birthplace: form.birthplace ?? null,
    birthcountry: form.birthcountry ?? null,
    phone_number: form.phone_number ? form.phone_number.replace(/^0/, '+33') : null,
    address:
      form.street_address && form.postal_code && form.locality
        ? JSON.stringify({
            street_address: form.street_address,
            postal_code: form.postal_code,
            locality: form.locality,
            country: 'France',
          })
        : null,
  }));

/** The identity form's values from the record (the address and birthdate are split into their fields). */
function formValuesOf(attributes: Partial<Record<string, { value: string }>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of DECLARABLE_ATTRIBUTES) {
    const value = attributes[name]?.value;
    if (value === undefined) continue;
    if (name === 'address') Object.assign(values, JSON.parse(value) as Record<string, string>);
    else if (name === 'birthdate') {
      const [annee, mois, jour] = value.split('-');
      Object.assign(values, {
        'birthdate.jour': String(Number(jour)),
        'birthdate.mois': String(Number(mois)),
        'birthdate.annee': annee ?? '',
      });
    } else values[name] = value;
  }
  return values;
}

/** The citizen's identity record as a form: what they declare, beside what FranceConnect certified. */
export function registerIdentityRecordRoutes(app: FastifyInstance): void {
  const { services } = app;

  const identityForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> | null,
    errors: Record<string, string>,
    status = 200,
  ) => {
    const user = requireUser(request);
    const record = await loadIdentityRecord(services.db, user.id);
    if (!record) throw notFound();
    const certified = DECLARABLE_ATTRIBUTES.flatMap((name) => {
      const stored = record.attributes[name];
      return stored?.provenance.source === 'franceconnect'
        ? [
            {
              name,
              label: ATTRIBUTE_LABELS[name],
              display: displayAttribute(record, name) ?? '',
              provenance: stored.provenance,
            },
          ]
        : [];
    });
    return sendPage(
      request,
      reply,
      (context) => IdentityFormPage({ context, values: values ?? formValuesOf(record.attributes), errors, certified }),
      status,
    );
  };

  app.get('/compte/identite', async (request, reply) => identityForm(request, reply, null, {}));

  app.post('/compte/identite', async (request, reply) => {
    const user = requireUser(request);
    const form = parseForm(ZIdentityForm, request.body);
    if (!form.ok) return identityForm(request, reply, formText(form.values), form.errors, 422);
    await updateIdentity(services, { userId: user.id, values: form.data, ip: request.ip, label: user.email });
    return redirectWithin(request, reply, '/compte?fait=identite');
  });
}
