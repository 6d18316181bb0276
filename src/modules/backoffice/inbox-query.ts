import { z } from 'zod';
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

const ZParams = z.object({
  etat: z.enum(Object.keys(STATES) as [keyof typeof STATES]).optional(),
  statut: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Statut inconnu.')
    .optional(),
  service: z.uuid('Démarche inconnue.').optional(),
  du: z.string().refine(isDate, 'Date invalide : choisissez un jour, par exemple 2026-11-01.').optional(),
  au: z.string().refine(isDate, 'Date invalide : choisissez un jour, par exemple 2026-11-30.').optional(),
  attribution: z.enum(Object.keys(ASSIGNED) as [keyof typeof ASSIGNED]).optional(),
  commune: z
    .string()
    .regex(/^[0-9][0-9AB][0-9]{3}$/, 'Commune inconnue.')
    .optional(),
  q: z.string().max(100, 'Saisissez 100 caractères au plus.').optional(),
  tri: z.enum(Object.keys(SORTS) as [keyof typeof SORTS]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

/** Reads the inbox's query string; empty fields are absent filters. */
export function parseInboxQuery(raw: unknown): { query: InboxQuery; errors: FieldErrors } {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim() !== '') values[key] = first.trim();
  }
  const errors: FieldErrors = {};
  const clean: Record<string, unknown> = {};
  // Field by field, so that one bad value does not cost the others.
  for (const [key, schema] of Object.entries(ZParams.shape)) {
    if (values[key] === undefined) continue;
    const parsed = (schema as z.ZodType).safeParse(values[key]);
    if (parsed.success) clean[key] = parsed.data;
    else if (key !== 'page' && key !== 'tri') errors[key] = parsed.error.issues[0]?.message ?? 'Valeur invalide.';
  }
  const p = clean as z.output<typeof ZParams>;
  if (p.du && p.au && p.du > p.au) errors.au = 'La date de fin précède la date de début.';
  const query: InboxQuery = {
    state: p.etat ? STATES[p.etat] : DEFAULT_QUERY.state,
    assigned: p.attribution ? ASSIGNED[p.attribution] : DEFAULT_QUERY.assigned,
    sort: p.tri ? SORTS[p.tri] : DEFAULT_QUERY.sort,
    page: p.page ?? 1,
    ...(p.statut ? { status: p.statut } : {}),
    ...(p.service ? { eserviceId: p.service } : {}),
    ...(p.du && !errors.au ? { from: p.du } : {}),
    ...(p.au && !errors.au ? { to: p.au } : {}),
    ...(p.commune ? { commune: p.commune } : {}),
    ...(p.q ? { text: p.q } : {}),
  };
  return { query, errors };
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
  return { ...parseInboxQuery(Object.fromEntries(params)).query, ...(roles ? { roles } : {}) };
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
