const KEY_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * A UAI (formerly RNE) is seven digits and a check letter: the number modulo 23, as a letter of the alphabet without
 * I, O and Q. A mistyped digit is caught here rather than by the first AAF import that matches nothing.
 */
export function isValidUai(value: string): boolean {
  const match = /^(\d{7})([A-Z])$/.exec(value);
  if (!match) return false;
  return KEY_LETTERS[Number(match[1]) % 23] === match[2];
}
