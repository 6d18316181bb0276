/**
 * WCAG 2.1 contrast between two sRGB colours (#rrggbb). A commune's colour is refused when white text on it, or it
 * as text on white, falls under 4.5:1 (RGAA 3.2): the charter may change the look, never the legibility.
 */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [relativeLuminance(foreground), relativeLuminance(background)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}

export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export const MINIMUM_TEXT_CONTRAST = 4.5;

/** A darker shade of a colour, for hover states and borders (mixes towards black by `amount`). */
export function darken(hex: string, amount: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return `#${match
    .slice(1)
    .map((h) =>
      Math.round(Number.parseInt(h, 16) * (1 - amount))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** The metropolis's own colour, used everywhere a commune has not set its charter. */
export const METROPOLE_PRIMARY = '#0b4f9c';

/**
 * The surfaces the stylesheet (public/css/app.css) puts text of the commune's colour on: the page, the alternate
 * background, the information and warning boxes. White text goes on the colour and on its darker shade (header,
 * menu, buttons). A charter is accepted only if every one of these pairs reaches 4.5:1.
 */
export const THEME_SURFACES: ReadonlyArray<{ colour: string; label: string }> = [
  { colour: '#ffffff', label: 'le fond blanc' },
  { colour: '#f4f6f8', label: 'le fond gris clair' },
  { colour: '#e8eff8', label: "les encadrés d'information" },
  { colour: '#fff4d6', label: "les encadrés d'avertissement" },
];

/** The two shades a charter's colour gives the stylesheet. */
export function themeShades(primary: string): { primary: string; primaryDark: string } {
  const colour = primary.toLowerCase();
  return { primary: colour, primaryDark: darken(colour, 0.25) };
}

export type ContrastPair = { text: string; background: string; ratio: number; where: string };

/** Every text/background pair a charter's colour produces, with its contrast. */
export function themeContrastPairs(primary: string): ContrastPair[] {
  const { primary: colour, primaryDark } = themeShades(primary);
  const pairs: ContrastPair[] = [];
  for (const [shade, name] of [
    [colour, 'la couleur'],
    [primaryDark, 'sa teinte foncée (survol, menu)'],
  ] as const) {
    pairs.push({
      text: '#ffffff',
      background: shade,
      ratio: contrastRatio('#ffffff', shade),
      where: `texte blanc sur ${name}`,
    });
    for (const surface of THEME_SURFACES) {
      if (surface.colour === '#ffffff') continue;
      pairs.push({
        text: shade,
        background: surface.colour,
        ratio: contrastRatio(shade, surface.colour),
        where: `${name} en texte sur ${surface.label}`,
      });
    }
  }
  return pairs;
}

/** The stylesheet's custom properties for a charter's colour (the instance's /theme.css, a preview's scope). */
export function themeCustomProperties(primary: string): string {
  const { primary: colour, primaryDark } = themeShades(primary);
  return `--color-primary: ${colour};\n  --color-primary-dark: ${primaryDark};`;
}
