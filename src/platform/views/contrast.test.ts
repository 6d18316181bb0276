import { describe, expect, it } from 'vitest';
import { contrastRatio, darken, METROPOLE_PRIMARY, MINIMUM_TEXT_CONTRAST } from './contrast.ts';

describe('contrast (T15, T17)', () => {
  it('computes the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // #767676 on white is the classic lightest grey that passes AA.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('keeps the metropolis colour legible under white text', () => {
    expect(contrastRatio(METROPOLE_PRIMARY, '#ffffff')).toBeGreaterThanOrEqual(MINIMUM_TEXT_CONTRAST);
  });

  it('darkens a colour towards black', () => {
    expect(darken('#ffffff', 0.5)).toBe('#808080');
    expect(darken('#0b4f9c', 0)).toBe('#0b4f9c');
  });
});
