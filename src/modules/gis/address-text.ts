import { foldForSearch } from '../../platform/views/format.ts';

/** Words that say nothing about which street is meant: left out of the prefix search, still counted by similarity. */
const STOP_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'sur']);
const SUFFIXES = ['bis', 'ter', 'quater', 'quinquies'];

/** What a person typed in an address box, taken apart: the house number and its suffix, and the rest, folded. */
export type AddressQuery = {
  number: number | null;
  suffix: string | null;
  /** The rest, lower-case without accents or punctuation ("rue de la republique givors"). */
  text: string;
  /** Its significant words, for the prefix search; the last one may be half-typed. */
  words: string[];
};

export function parseAddressQuery(raw: string): AddressQuery {
  let text = foldForSearch(raw.slice(0, 200));
  let number: number | null = null;
  let suffix: string | null = null;
  const leading = /^(\d{1,5})(?: ?(bis|ter|quater|quinquies|[a-z])\b)? ?/.exec(text);
  if (leading?.[1]) {
    number = Number(leading[1]);
    suffix = leading[2] ?? null;
    text = text.slice(leading[0].length).trim();
  }
  const words = text.split(' ').filter((w) => w.length > 0 && !STOP_WORDS.has(w) && !/^\d{1,4}$/.test(w));
  return { number: number && number > 0 ? number : null, suffix, text, words };
}

/** The folded name a street is compared by: "Rue de la République" and "RUE DE LA REPUBLIQUE" are one street. */
export function foldStreetName(name: string): string {
  return foldForSearch(name);
}

/** The text a street is searched by: its name, its commune, its postcode. */
export function streetSearchText(name: string, communeName: string, postcode: string | null): string {
  return [foldForSearch(name), foldForSearch(communeName), postcode ?? ''].join(' ').trim();
}

/** "3 bis" — the number and suffix as written on a door. */
export function houseNumber(number: number, suffix: string | null): string {
  return suffix ? `${number}${SUFFIXES.includes(suffix) ? ' ' : ''}${suffix}` : String(number);
}
