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
