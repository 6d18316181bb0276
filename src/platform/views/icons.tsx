import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { h } from 'preact';
import { foldForSearch } from './format.ts';

/**
 * The interface's icons: a small fixed set from the open-licence Lucide set (ISC, npm `lucide-static`), read once from
 * the package and inlined as SVG in the server's HTML — no icon font, no request, no CDN. Decorative by default
 * (`aria-hidden`): the text beside an icon always says what it means.
 */
export const ICON_NAMES = [
  'arrow-right',
  'baby',
  'bus',
  'calendar',
  'circle-check',
  'circle-help',
  'clock',
  'database',
  'file-text',
  'folder-open',
  'graduation-cap',
  'hourglass',
  'house',
  'id-card',
  'inbox',
  'landmark',
  'leaf',
  'lightbulb',
  'mail',
  'map-pin',
  'message-circle',
  'newspaper',
  'pencil',
  'phone',
  'recycle',
  'search',
  'trees',
  'triangle-alert',
  'users',
] as const;
export type IconName = (typeof ICON_NAMES)[number];

const require = createRequire(import.meta.url);
type IconNode = Array<[string, Record<string, string>]>;

/** Each icon's shapes (tag and attributes), from the package's own description of its icons: kept for the fixed set. */
const NODES: Record<IconName, IconNode> = (() => {
  const file = path.join(path.dirname(require.resolve('lucide-static/package.json')), 'icon-nodes.json');
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, IconNode>;
  return Object.fromEntries(ICON_NAMES.map((name) => [name, all[name] ?? []])) as Record<IconName, IconNode>;
})();

export function Icon({ name, size = 24, label }: { name: IconName; size?: number; label?: string }) {
  return (
    <svg
      class={`icon icon--${name}`}
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden={label ? undefined : 'true'}
      role={label ? 'img' : undefined}
      aria-label={label}
      focusable="false"
    >
      {NODES[name].map(([tag, attributes]) => h(tag, attributes))}
    </svg>
  );
}

/** The pictogram of a catalogue theme (themes are free text: matched on words, a folder when nothing fits). */
const THEME_ICONS: Array<[RegExp, IconName]> = [
  [/etat civil|citoyen|elections|papiers|identite/, 'id-card'],
  [/espace public|voirie|eclairage|travaux/, 'map-pin'],
  [/dechet|proprete|recycl/, 'recycle'],
  [/environnement|nature|jardin|vegetal|parc/, 'trees'],
  [/ecole|scolaire|education|periscolaire|cantine/, 'graduation-cap'],
  [/enfance|petite enfance|creche|famille/, 'baby'],
  [/transport|mobilite|stationnement|deplacement/, 'bus'],
  [/social|solidarite|senior|sante|handicap/, 'users'],
  [/logement|habitat|urbanisme/, 'house'],
  [/culture|sport|loisir|associat/, 'calendar'],
  [/energie|climat/, 'lightbulb'],
  [/donnees|open data/, 'database'],
];

export function themeIcon(theme: string): IconName {
  const folded = foldForSearch(theme);
  return THEME_ICONS.find(([pattern]) => pattern.test(folded))?.[1] ?? 'folder-open';
}
