import type { Services } from '../../platform/services.ts';
import { SecretBox } from '../identity/index.ts';

// A purpose of its own: a connector's secret and an identity secret never share a key.
const PURPOSE = 'communs-connector-secrets';

/** A commune's API key or signing secret as stored: sealed under the deployment's secret, never in clear. */
export function sealSecret(services: Services, secret: string): string {
  return new SecretBox(services.cookieSecret, PURPOSE).seal(secret);
}

export function openSecret(services: Services, sealed: string): string {
  return new SecretBox(services.cookieSecret, PURPOSE).open(sealed);
}

/** The last four characters, the only part of a secret a page ever shows. */
export const secretHint = (secret: string) => secret.slice(-4);
