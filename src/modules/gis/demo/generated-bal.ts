import type { BalAddress } from '../import-bal.ts';

/** The demo communes' real centres (WGS 84), around which their generated streets are laid. */
export const DEMO_BAL_COMMUNES = [
  { insee: '69091', name: 'Givors', lon: 4.7689, lat: 45.5906 },
  { insee: '69259', name: 'Vénissieux', lon: 4.8867, lat: 45.6975 },
  { insee: '69286', name: 'Rillieux-la-Pape', lon: 4.8983, lat: 45.8214 },
  { insee: '69123', name: 'Lyon', lon: 4.8357, lat: 45.764 },
  { insee: '69081', name: 'Écully', lon: 4.7775, lat: 45.7745 },
  { insee: '69096', name: 'Grigny', lon: 4.7903, lat: 45.6086 },
] as const;

const KINDS = ['Rue', 'Avenue', 'Chemin', 'Impasse', 'Allée', 'Boulevard', 'Place', 'Quai', 'Route', 'Cours'];
const NAMES = [
  'de la République',
  'Jean Jaurès',
  'Victor Hugo',
  'Pasteur',
  'Gambetta',
  'du Stade',
  "de l'Église",
  'des Lilas',
  'de la Mairie',
  'des Écoles',
  'Émile Zola',
  'Jules Ferry',
  'de la Gare',
  'du Moulin',
  'des Vignes',
  'Pierre Sémard',
  'Anatole France',
  'du Général de Gaulle',
  'de la Liberté',
  'Marcel Pagnol',
  'des Tilleuls',
  'du Rhône',
  'de Lyon',
  'Paul Bert',
  'Louis Pergaud',
  'des Acacias',
  'Georges Brassens',
  'de Verdun',
  'du Château',
  'Lamartine',
  'des Marronniers',
  'Henri Barbusse',
  'Voltaire',
  'de la Paix',
  'Aristide Briand',
  'du 8 Mai 1945',
  'des Cerisiers',
  'Antoine de Saint-Exupéry',
  'Frédéric Mistral',
  'Sadi Carnot',
];

/** The number of distinct street names the generator can make (kinds × names). */
export const STREET_NAME_COUNT = KINDS.length * NAMES.length;

/**
 * A Base Adresse Locale made up for a commune: `streets` streets (names common in France, kinds and names combined),
 * each with `numbers` odd and even numbers laid along a line leaving from near the commune's real centre. Fictitious
 * but plausible, so the geocoder answers out of the box; deterministic, so tests and benchmarks can count on it.
 */
export function generateBal(
  commune: { insee: string; name: string; lon: number; lat: number },
  options: { streets: number; numbers: number; updatedOn?: string },
): BalAddress[] {
  const addresses: BalAddress[] = [];
  const streets = Math.min(options.streets, STREET_NAME_COUNT);
  for (let i = 0; i < streets; i += 1) {
    // Every kind early on, and a new (kind, name) pair for each street up to STREET_NAME_COUNT.
    const name = `${KINDS[(i + Math.floor(i / NAMES.length)) % KINDS.length]} ${NAMES[i % NAMES.length]}`;
    const angle = i * 2.399963; // the golden angle spreads the streets evenly around the centre
    const start = 0.0015 + 0.0006 * (i % 23);
    const code = (i + 1).toString(16).padStart(4, '0');
    for (let k = 0; k < options.numbers; k += 1) {
      const number = k + 1;
      const along = start + 0.00012 * k;
      const side = number % 2 === 0 ? 0.00004 : -0.00004;
      addresses.push({
        cleInterop: `${commune.insee}_${code}_${String(number).padStart(5, '0')}`.toLowerCase(),
        communeInsee: commune.insee,
        communeName: commune.name,
        street: name,
        locality: null,
        number,
        suffix: null,
        position: 'entrée',
        lon: round(commune.lon + Math.cos(angle) * along * 1.4 - Math.sin(angle) * side),
        lat: round(commune.lat + Math.sin(angle) * along + Math.cos(angle) * side),
        updatedOn: options.updatedOn ?? '2026-01-15',
      });
    }
  }
  return addresses;
}

function round(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

/** The same addresses as a BAL 1.4 CSV file, as a commune would send it. */
export function balCsv(addresses: BalAddress[]): string {
  const header =
    'cle_interop;commune_insee;commune_nom;voie_nom;lieudit_complement_nom;numero;suffixe;position;x;y;long;lat;cad_parcelles;source;date_der_maj;certification_commune';
  const lines = addresses.map((a) =>
    [
      a.cleInterop,
      a.communeInsee,
      a.communeName,
      a.street,
      a.locality ?? '',
      a.number,
      a.suffix ?? '',
      a.position ?? '',
      '',
      '',
      a.lon,
      a.lat,
      '',
      `Commune de ${a.communeName}`,
      a.updatedOn ?? '',
      1,
    ].join(';'),
  );
  return `${header}\n${lines.join('\n')}\n`;
}
