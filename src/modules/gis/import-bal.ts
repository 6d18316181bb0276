import { randomUUID } from 'node:crypto';
import { getLabel, validate, type ValidateType } from '@ban-team/validateur-bal';
import { fileTypeFromBuffer } from 'file-type';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { foldStreetName, streetSearchText } from './address-text.ts';
import { type AddressInput, insertBalImport, replaceCommuneAddresses, type StreetInput } from './geocoder.repo.ts';
import type { BalLineError, BalReport } from './gis.tables.ts';
import { postcodeOf } from './postcodes.ts';

/** The number a BAL gives a street's own line (a toponyme without an address). */
const TOPONYME_NUMBER = 99999;
/** Lines listed in a report; beyond, the report says how many more were refused. */
const MAX_REPORTED_LINES = 500;

/** One address line of a BAL, as the validator read it. */
export type BalAddress = {
  cleInterop: string;
  communeInsee: string;
  communeName: string;
  street: string;
  locality: string | null;
  number: number;
  suffix: string | null;
  position: string | null;
  lon: number;
  lat: number;
  updatedOn: string | null;
};

export type BalImportResult =
  { ok: true; importId: string; validRows: number; invalidRows: number } | { ok: false; fileErrors: string[] };

/**
 * Imports a Base Adresse Locale file (BAL 1.4, checked by the national validator): every valid line replaces the
 * register of its commune; invalid lines, and lines of communes the importer may not update, are refused and listed
 * with the validator's messages by line number. A file the validator cannot read as a BAL is refused whole.
 */
export async function importBal(
  services: Services,
  input: {
    tenantId: string;
    fileName: string;
    bytes: Buffer;
    actor: AuditActor;
    /** INSEE code → name of the communes this importer may update. */
    allowedCommunes: ReadonlyMap<string, string>;
  },
): Promise<BalImportResult> {
  const detected = await fileTypeFromBuffer(input.bytes);
  if (detected || input.bytes.includes(0))
    return {
      ok: false,
      fileErrors: [
        `Le fichier est de type ${detected?.ext ?? 'binaire'} : une Base Adresse Locale est un fichier CSV (texte, séparateur « ; »).`,
      ],
    };
  const validation = await validate(input.bytes, { profile: '1.4' });
  if (!('profilErrors' in validation) || !validation.parseOk)
    return {
      ok: false,
      fileErrors: ['Le fichier ne peut pas être lu comme un CSV (encodage ou séparateur illisible).'],
    };
  const fileErrors = blockingFileErrors(validation);
  if (fileErrors.length) return { ok: false, fileErrors };

  const lines: BalLineError[] = [];
  const accepted: BalAddress[] = [];
  const toponymes: BalAddress[] = [];
  for (const row of validation.rows) {
    // The validator counts data rows from 0; the file has its header on line 1.
    const line = row.line + 2;
    const key = row.rawValues.cle_interop ?? '';
    const blocking = row.errors.filter((e) => e.level === 'E');
    if (blocking.length) {
      lines.push({ line, key, messages: [...new Set(blocking.map((e) => getLabel(e.code)))] });
      continue;
    }
    const address = readAddress(row.parsedValues as Record<string, unknown>);
    if (!address) {
      lines.push({ line, key, messages: ['Coordonnées (long, lat) absentes : l’adresse ne peut pas être placée.'] });
      continue;
    }
    if (!input.allowedCommunes.has(address.communeInsee)) {
      lines.push({
        line,
        key,
        messages: [`La commune ${address.communeInsee} n’est pas une commune dont vous pouvez importer les adresses.`],
      });
      continue;
    }
    (address.number === TOPONYME_NUMBER ? toponymes : accepted).push(address);
  }

  const communes = [...new Set([...accepted, ...toponymes].map((a) => a.communeInsee))];
  const report: BalReport = {
    fileErrors: [],
    warnings: [...new Set(validation.profilErrors.filter((e) => e.level === 'W').map((e) => getLabel(e.code)))],
    lines: lines.slice(0, MAX_REPORTED_LINES),
    truncated: lines.length > MAX_REPORTED_LINES,
  };
  const importId = await withTenant(services.db, input.tenantId, async (trx) => {
    const id = await insertBalImport(trx, {
      communeInsee: communes.join(', ') || '—',
      communeName: communes.map((c) => input.allowedCommunes.get(c) ?? c).join(', ') || '—',
      fileName: input.fileName.slice(0, 200),
      at: services.clock.now(),
      byLabel: input.actor.label,
      validRows: accepted.length + toponymes.length,
      invalidRows: lines.length,
      report,
    });
    await storeBalAddresses(trx, [...toponymes, ...accepted], id);
    await recordAudit(trx, {
      actor: input.actor,
      tenantId: input.tenantId,
      action: 'gis.bal.import',
      target: { type: 'gis_bal_import', id },
      details: { communes, valid: accepted.length + toponymes.length, invalid: lines.length },
      at: services.clock.now(),
    });
    return id;
  });
  return { ok: true, importId, validRows: accepted.length + toponymes.length, invalidRows: lines.length };
}

/** Missing mandatory columns and unreadable files make the whole file unusable; warnings do not. */
function blockingFileErrors(validation: ValidateType): string[] {
  const errors = validation.profilErrors.filter(
    (e) => e.level === 'E' && (e.code.startsWith('field.') || e.code.startsWith('file.')),
  );
  return [...new Set(errors.map((e) => getLabel(e.code)))];
}

function readAddress(values: Record<string, unknown>): BalAddress | null {
  const lon = values.long;
  const lat = values.lat;
  if (typeof lon !== 'number' || typeof lat !== 'number') return null;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    cleInterop: String(values.cle_interop ?? randomUUID()),
    communeInsee: String(values.commune_insee ?? ''),
    communeName: text(values.commune_nom) ?? String(values.commune_insee ?? ''),
    street: text(values.voie_nom) ?? '',
    locality: text(values.lieudit_complement_nom),
    number: typeof values.numero === 'number' ? values.numero : TOPONYME_NUMBER,
    suffix: text(values.suffixe)?.toLowerCase() ?? null,
    position: text(values.position),
    lon,
    lat,
    updatedOn: text(values.date_der_maj),
  };
}

/**
 * Writes validated addresses: their communes' registers are replaced, each street placed at its toponyme's position
 * when the file gives one, else at the mean of its numbers.
 */
export async function storeBalAddresses(
  db: Parameters<typeof replaceCommuneAddresses>[0],
  addresses: BalAddress[],
  importId: string,
): Promise<void> {
  const streets = new Map<string, StreetInput & { n: number; placed: boolean }>();
  const rows: AddressInput[] = [];
  for (const a of addresses) {
    const folded = foldStreetName(a.street);
    if (!folded) continue;
    const key = `${a.communeInsee}|${folded}`;
    let street = streets.get(key);
    if (!street) {
      const postcode = postcodeOf(a.communeInsee);
      street = {
        communeInsee: a.communeInsee,
        communeName: a.communeName,
        postcode,
        name: a.street,
        folded,
        search: streetSearchText(a.street, a.communeName, postcode),
        lon: 0,
        lat: 0,
        n: 0,
        placed: false,
      };
      streets.set(key, street);
    }
    if (a.number === TOPONYME_NUMBER) {
      Object.assign(street, { lon: a.lon, lat: a.lat, placed: true });
      continue;
    }
    if (!street.placed) {
      street.lon = (street.lon * street.n + a.lon) / (street.n + 1);
      street.lat = (street.lat * street.n + a.lat) / (street.n + 1);
      street.n += 1;
    }
    rows.push({
      streetFolded: folded,
      communeInsee: a.communeInsee,
      cleInterop: a.cleInterop,
      number: a.number,
      suffix: a.suffix,
      locality: a.locality,
      lon: a.lon,
      lat: a.lat,
      position: a.position,
      updatedOn: a.updatedOn,
    });
  }
  const communes = [...new Set(addresses.map((a) => a.communeInsee))];
  await replaceCommuneAddresses(
    db,
    communes,
    [...streets.values()].map(({ n: _n, placed: _p, ...s }) => s),
    rows,
    importId,
  );
}
