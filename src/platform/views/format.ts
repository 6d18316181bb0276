/** French formatting, always in Paris time whatever the server's zone. */
const numberFormat = new Intl.NumberFormat('fr-FR');
const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});
const collator = new Intl.Collator('fr', { sensitivity: 'base' });

export const formatNumber = (n: number) => numberFormat.format(n);
/** An amount in euro cents, in euros: "10 800,00 €". */
export const formatCents = (cents: number) => euroFormat.format(cents / 100);
export const formatDate = (d: Date | string) => dateFormat.format(typeof d === 'string' ? new Date(d) : d);
export const formatDateTime = (d: Date) => dateTimeFormat.format(d);
export const compareFrench = (a: string, b: string) => collator.compare(a, b);

/** "Écully" matches "ecully": comparison without case or accents, for filters typed by people. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "1 commune partenaire", "3 communes partenaires", "0 commune partenaire" (French: 0 and 1 take the singular). */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${formatNumber(count)} ${Math.abs(count) < 2 ? singular : pluralForm}`;
}

/** A file's size as people read it beside its name: "12 Ko" (never "0 Ko"). */
export function fileSizeText(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} Ko`;
}

/** The letter that stands for an administration without a logo: "Métropole de Lyon" → "L", "Ville de Bron" → "B". */
export function initialOf(name: string): string {
  return name.replace(/^(Métropole de |Ville de )/, '').charAt(0);
}
