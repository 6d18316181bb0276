import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Secrets the identity service must read back (client secrets, TOTP seeds, the provider's private keys) are stored
 * encrypted with AES-256-GCM under a key derived from the deployment's secret (SESSION_SECRET in production). A copy
 * of the database alone gives none of them.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(deploymentSecret: string, purpose = 'communs-identity-secrets') {
    this.key = Buffer.from(hkdfSync('sha256', deploymentSecret, 'communs', purpose, 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('sealed secret: unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A keyed hash (pairwise identifiers, browser bindings): stable for one deployment, meaningless outside it. */
  mac(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}

/** The stored form of a one-time token (e-mail links, cookies). */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
