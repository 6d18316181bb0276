import { createRequire } from 'node:module';
import { foldForSearch } from '../../platform/views/format.ts';

type CommuneRecord = { code: string; nom: string; type: string; codesPostaux?: string[] };

export type CommuneMatch = { inseeCode: string; name: string };

let index: Map<string, CommuneMatch[]> | null = null;

/** Every current French commune by postcode, from @etalab/decoupage-administratif (read once, on first use). */
function communesByPostcode(): Map<string, CommuneMatch[]> {
  if (index) return index;
  const require = createRequire(import.meta.url);
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as CommuneRecord[];
  const built = new Map<string, CommuneMatch[]>();
  for (const commune of communes) {
    if (commune.type !== 'commune-actuelle') continue;
    for (const postcode of commune.codesPostaux ?? []) {
      const list = built.get(postcode) ?? [];
      list.push({ inseeCode: commune.code, name: commune.nom });
      built.set(postcode, list);
    }
  }
  index = built;
  return built;
}

export type AddressCommune =
  | { ok: true; commune: CommuneMatch }
  | { ok: false; reason: 'unknown-postcode' }
  | { ok: false; reason: 'city-mismatch'; candidates: CommuneMatch[] };

/**
 * The commune of an address, from its postcode and the commune name typed by the citizen, without a geocoder:
 * "Lyon 3e" matches Lyon, "ecully" matches Écully. This is how an address gives the INSEE code routing needs.
 */
export function communeOfAddress(postcode: string, city: string): AddressCommune {
  const candidates = communesByPostcode().get(postcode);
  if (!candidates?.length) return { ok: false, reason: 'unknown-postcode' };
  const typed = foldForSearch(city)
    .replace(/\b(cedex|arrondissement|\d+(e|er|eme))\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const match =
    candidates.find((c) => foldForSearch(c.name) === typed) ??
    candidates.find((c) => typed.startsWith(`${foldForSearch(c.name)} `)) ??
    candidates.find(
      (c) => foldForSearch(c.name).replace(/^(le|la|les|l) /, '') === typed.replace(/^(le|la|les|l) /, ''),
    );
  return match ? { ok: true, commune: match } : { ok: false, reason: 'city-mismatch', candidates };
}
