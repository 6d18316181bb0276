import { createRequire } from 'node:module';

type CommuneRecord = { code: string; type: string; codesPostaux?: string[] };

let postcodes: Map<string, string> | null = null;

/**
 * A commune's postcode, which a Base Adresse Locale does not carry (the geocoder's answers do): its first postcode in
 * @etalab/decoupage-administratif. Communes with several (Lyon) get their first; the street is what locates.
 */
export function postcodeOf(inseeCode: string): string | null {
  if (!postcodes) {
    const require = createRequire(import.meta.url);
    const communes = require('@etalab/decoupage-administratif/data/communes.json') as CommuneRecord[];
    postcodes = new Map();
    for (const c of communes) {
      const first = c.codesPostaux?.[0];
      if (c.type === 'commune-actuelle' && first) postcodes.set(c.code, first);
    }
  }
  return postcodes.get(inseeCode) ?? null;
}
