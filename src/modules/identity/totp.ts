import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';
import { z } from 'zod';

/** Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s), the optional second factor of a local account. */
const PERIOD_SECONDS = 30;

/** The code field of a form asking for the authenticator's current code. */
export const ZTotpCodeForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Saisissez les 6 chiffres du code, sans espace'),
});

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, accountLabel: string): string {
  return new TOTP({
    issuer: 'GrandLyon Connect',
    label: accountLabel,
    secret: Secret.fromBase32(secret),
    period: PERIOD_SECONDS,
  }).toString();
}

/** The QR code of the setup URI, as an image URL (no inline SVG or style: the CSP allows `data:` images). */
export function totpQrCode(uri: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri, { border: 2 })).toString('base64')}`;
}

/** The time step a code belongs to (one step either side is accepted for clock drift), or null. */
export function matchTotp(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({
    token,
    secret: Secret.fromBase32(secret),
    timestamp: at.getTime(),
    period: PERIOD_SECONDS,
    window: 1,
  });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The code of the moment (tests, and nothing else: people read it from their authenticator). */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime(), period: PERIOD_SECONDS });
}
