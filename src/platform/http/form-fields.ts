import { z } from 'zod';
import { isCalendarDate } from '../paris-time.ts';

/**
 * Form inputs typed the French way: dates as day, month, year (DateField), amounts in euros, index values, whole
 * numbers, years, text. Each gives a French message naming what is expected.
 */

export type DateParts = { jour?: string; mois?: string; annee?: string };

/** Joins `<name>.jour`, `.mois`, `.annee` into `<name>` = 'YYYY-MM-DD' (or what was typed, for the message). */
export function joinDateParts(
  values: Record<string, string | string[]>,
  names: string[],
): Record<string, string | string[]> {
  const joined: Record<string, string | string[]> = { ...values };
  for (const name of names) {
    const part = (key: string) => String(values[`${name}.${key}`] ?? '').trim();
    const [day, month, year] = [part('jour'), part('mois'), part('annee')];
    if (!day && !month && !year) continue;
    joined[name] =
      /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)
        ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
        : `${year}-${month}-${day}`;
  }
  return joined;
}

/** The parts of a date field as typed, to redraw it. */
export function dateParts(values: Record<string, string | string[]>, name: string): DateParts {
  return {
    jour: String(values[`${name}.jour`] ?? ''),
    mois: String(values[`${name}.mois`] ?? ''),
    annee: String(values[`${name}.annee`] ?? ''),
  };
}

/** Parts of a stored date, to fill a date field. */
export function partsOf(date: string | null | undefined): DateParts {
  if (!date) return {};
  const [annee, mois, jour] = date.split('-');
  return { jour: String(Number(jour)), mois: String(Number(mois)), annee };
}

/** Contracts, notices and billing periods of the metropolis's shared services: nothing before 1990 nor after 2100. */
const EARLIEST = '1990-01-01';
const LATEST = '2100-12-31';

export const zDate = (what: string) =>
  z
    .string({ message: `Saisissez ${what}, par exemple 14 7 2026` })
    .refine(isCalendarDate, { message: `Saisissez ${what} sous la forme jour, mois, année, par exemple 14 7 2026` })
    // A typo in the year (0001, 20026) is refused here rather than stored as a contract date.
    .refine((date) => !isCalendarDate(date) || (date >= EARLIEST && date <= LATEST), {
      message: `Saisissez ${what} avec une année entre 1990 et 2100`,
    });

export const zOptionalDate = (what: string) => z.preprocess((v) => (v === '' ? undefined : v), zDate(what).optional());

/** "10 800", "10 800,50", "10800.5" € → cents. */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [units, decimals = ''] = cleaned.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

/** Amounts are stored as integer cents (PostgreSQL integer): far above any contribution, far below what overflows. */
const MAX_EUROS = 1_000_000;

export const zEuros = (what: string) =>
  z.string({ message: `Saisissez ${what}` }).transform((v, ctx) => {
    const cents = parseEuros(v);
    if (cents === null) {
      ctx.addIssue({ code: 'custom', message: `Saisissez ${what} en euros, par exemple 10 800 ou 10 800,50` });
      return z.NEVER;
    }
    if (cents > MAX_EUROS * 100) {
      ctx.addIssue({
        code: 'custom',
        message: `${what[0]?.toUpperCase()}${what.slice(1)} ne peut pas dépasser ${MAX_EUROS.toLocaleString('fr-FR')} €`,
      });
      return z.NEVER;
    }
    return cents;
  });

export const zOptionalEuros = (what: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), zEuros(what).optional());

export const zWholeNumber = (what: string, max = 10_000_000) =>
  z
    .string({ message: `Saisissez ${what}` })
    .transform((v) => v.replace(/[\s\u00a0\u202f]/g, ''))
    .pipe(z.string().regex(/^\d{1,9}$/, `Saisissez ${what} en chiffres, sans virgule`))
    .transform(Number)
    .pipe(
      z
        .number()
        .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} ne peut pas dépasser ${max.toLocaleString('fr-FR')}`),
    );

export const zYear = (what = "l'année") =>
  z
    .string({ message: `Saisissez ${what}` })
    .regex(/^\d{4}$/, `Saisissez ${what} sur quatre chiffres, par exemple 2027`)
    .transform(Number)
    .pipe(z.number().min(2020, `${what} doit être 2020 ou après`).max(2100, `${what} doit être avant 2100`));

export const zText = (what: string, max = 2000) =>
  z
    .string({ message: `Saisissez ${what}` })
    .trim()
    .min(1, `Saisissez ${what}`)
    .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} : ${max} caractères au plus`);

/** An index value typed the French way, "302,5" → 30250 (hundredths; two decimals at most). */
export function parseIndex(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [units, decimals = ''] = cleaned.split('.');
  const value = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  return value > 0 ? value : null;
}
