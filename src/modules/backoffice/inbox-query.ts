import { z } from 'zod';
import { parseFormBody } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { InboxFilters, InboxSort } from '../requests/index.ts';

/**
 * The inbox's query string, as the filter form (GET) sends it, in French like the page. Bad values are reported
 * field by field and left out of the search, rather than failing the page.
 */
export type InboxQuery = InboxFilters & { sort: InboxSort; page: number };

export const DEFAULT_QUERY: InboxQuery = { state: 'open', assigned: 'any', sort: 'newest', page: 1 };

const STATES = { 'a-traiter': 'open', terminees: 'closed', toutes: 'all' } as const;
const ASSIGNED = { toutes: 'any', moi: 'me', personne: 'unassigned', autres: 'others', 'mes-roles': 'roles' } as const;
const SORTS = { recentes: 'newest', anciennes: 'oldest', activite: 'activity', numero: 'number' } as const;

const invert = <T extends Record<string, string>>(o: T) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k])) as { [K in keyof T as T[K]]: K };
const STATE_PARAM = invert(STATES);
const ASSIGNED_PARAM = invert(ASSIGNED);
const SORT_PARAM = invert(SORTS);

// Year 0 does not exist for PostgreSQL.
const DATE = /^(?!0000)\d{4}-\d{2}-\d{2}$/;
/** A day that exists: JavaScript rolls 2026-02-31 over to March 3, PostgreSQL refuses it. */
export function isDate(value: string): boolean {
  const day = new Date(`${value}T12:00:00Z`);
  return DATE.test(value) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

/** One parameter as read: its value, or why it was left out. */
type Param<T> = { value?: T | undefined; error?: string };

/** A parameter's first value, trimmed; an empty one is no filter at all. */
function firstText(raw: unknown): string | undefined {
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/** One parameter, checked on its own, so that one bad value does not cost the others. */
const param = <S extends z.ZodType>(schema: S) =>
  z
    .preprocess(firstText, schema.optional())
    .transform((value): Param<z.output<S>> => ({ value }))
    .catch((ctx): Param<z.output<S>> => ({ error: ctx.error.issues[0]?.message ?? 'Valeur invalide.' }));

/**
 * The inbox's query string: the search it asks for, and a French message for each filter it could not read. It never
 * fails: a bad filter is reported and left out; a bad page or sort silently gives the first page, newest first.
 */
export const ZInboxQuery = z
  .object({
    etat: param(z.enum(Object.keys(STATES) as [keyof typeof STATES])),
    statut: param(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'Statut inconnu.')),
    service: param(z.uuid('Démarche inconnue.')),
    du: param(z.string().refine(isDate, 'Date invalide : choisissez un jour, par exemple 2026-11-01.')),
    au: param(z.string().refine(isDate, 'Date invalide : choisissez un jour, par exemple 2026-11-30.')),
    attribution: param(z.enum(Object.keys(ASSIGNED) as [keyof typeof ASSIGNED])),
    commune: param(z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'Commune inconnue.')),
    q: param(z.string().max(100, 'Saisissez 100 caractères au plus.')),
    tri: param(z.enum(Object.keys(SORTS) as [keyof typeof SORTS])),
    page: param(z.coerce.number().int().min(1).max(10_000)),
  })
  .transform((p): { query: InboxQuery; errors: FieldErrors } => {
    const errors: FieldErrors = {};
    for (const [key, read] of Object.entries(p))
      if (read.error && key !== 'page' && key !== 'tri') errors[key] = read.error;
    const from = p.du.value;
    const to = p.au.value;
    if (from && to && from > to) errors.au = 'La date de fin précède la date de début.';
    const query: InboxQuery = {
      state: p.etat.value ? STATES[p.etat.value] : DEFAULT_QUERY.state,
      assigned: p.attribution.value ? ASSIGNED[p.attribution.value] : DEFAULT_QUERY.assigned,
      sort: p.tri.value ? SORTS[p.tri.value] : DEFAULT_QUERY.sort,
      page: p.page.value ?? 1,
      ...(p.statut.value ? { status: p.statut.value } : {}),
      ...(p.service.value ? { eserviceId: p.service.value } : {}),
      ...(from && !errors.au ? { from } : {}),
      ...(to && !errors.au ? { to } : {}),
      ...(p.commune.value ? { commune: p.commune.value } : {}),
      ...(p.q.value ? { text: p.q.value } : {}),
    };
    return { query, errors };
  });

/** A query string as a form field sends it (the hidden "filtres" of the inbox's forms), read like the page's. */
export const ZInboxQueryText = z
  .string()
  .catch('')
  .transform((text) => ZInboxQuery.parse(Object.fromEntries(new URLSearchParams(text))));

/** The listing a form was sent from: the inbox query it carries in its hidden field "filtres". */
export function filtersOf(body: unknown): InboxQuery {
  return parseFormBody(z.object({ filtres: ZInboxQueryText }), body).filtres.query;
}

/** The query string of an inbox query (links to pages, sorts, exports, saved views). */
export function inboxQueryString(query: InboxQuery, changes: Partial<InboxQuery> = {}): string {
  const q = { ...query, ...changes };
  const params = new URLSearchParams();
  if (q.state !== DEFAULT_QUERY.state) params.set('etat', STATE_PARAM[q.state]);
  if (q.status) params.set('statut', q.status);
  if (q.eserviceId) params.set('service', q.eserviceId);
  if (q.from) params.set('du', q.from);
  if (q.to) params.set('au', q.to);
  if (q.assigned !== DEFAULT_QUERY.assigned) params.set('attribution', ASSIGNED_PARAM[q.assigned]);
  if (q.commune) params.set('commune', q.commune);
  if (q.text) params.set('q', q.text);
  if (q.sort !== DEFAULT_QUERY.sort) params.set('tri', SORT_PARAM[q.sort]);
  if (q.page > 1) params.set('page', String(q.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A saved view keeps the filters and the sort, never the page. */
export function viewQuery(query: InboxQuery): Record<string, unknown> {
  const { page: _page, ...rest } = query;
  return rest;
}

/** A saved view's stored query, read back (a view saved by an older release keeps what still makes sense). */
export function queryOfView(stored: unknown): InboxQuery {
  const saved = stored as Partial<InboxQuery>;
  const params = new URLSearchParams(inboxQueryString({ ...DEFAULT_QUERY, ...saved, page: 1 }).slice(1));
  const roles = Array.isArray(saved.roles) ? saved.roles.filter((r) => r === 'agent' || r === 'admin') : undefined;
  return { ...ZInboxQuery.parse(Object.fromEntries(params)).query, ...(roles ? { roles } : {}) };
}

export const STATE_CHOICES = [
  { value: 'a-traiter', label: 'À traiter' },
  { value: 'terminees', label: 'Terminées' },
  { value: 'toutes', label: 'Toutes' },
];
export const ASSIGNED_CHOICES = [
  { value: 'toutes', label: 'Toutes' },
  { value: 'moi', label: 'Attribuées à moi' },
  { value: 'personne', label: 'Non attribuées' },
  { value: 'autres', label: 'Attribuées à un collègue' },
  { value: 'mes-roles', label: 'Confiées à mon rôle, à prendre' },
];
export const SORT_CHOICES = [
  { value: 'recentes', label: 'Les plus récentes' },
  { value: 'anciennes', label: 'Les plus anciennes' },
  { value: 'activite', label: 'Dernière activité' },
  { value: 'numero', label: 'Numéro' },
];
export const paramOf = {
  state: (s: InboxQuery['state']) => STATE_PARAM[s],
  assigned: (a: InboxQuery['assigned']) => ASSIGNED_PARAM[a],
  sort: (s: InboxSort) => SORT_PARAM[s],
};
