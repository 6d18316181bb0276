import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/audit.repo.ts';
import { DAY } from '../../../platform/clock.ts';
import type { Executor } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { SecretBox } from '../secret-box.ts';
import {
  deleteRetiredSigningKeys,
  insertSigningKey,
  listSigningKeys,
  type SigningKeyRow,
  switchSigningKey,
} from './signing-keys.repo.ts';

/**
 * ES256 signing keys with rotation: a key signs for 90 days; its successor is published in the JWKS 7 days before it
 * starts signing (relying parties that cache the JWKS already know it), and a retired key stays published 30 days
 * (tokens it signed can still be checked).
 */
export const KEY_ROTATION = { signForDays: 90, publishAheadDays: 7, keepRetiredDays: 30 } as const;

async function newKey(db: Executor, box: SecretBox, at: Date, activate: boolean): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  await insertSigningKey(db, {
    kid,
    sealedPrivateJwk: box.seal(JSON.stringify(privateJwk)),
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg: 'ES256', use: 'sig' }),
    at,
    activate,
  });
  return kid;
}

/** The first start of a deployment makes its first key. Two processes starting together may both make one: harmless. */
export async function ensureSigningKey(services: Services, box: SecretBox): Promise<void> {
  const keys = await listSigningKeys(services.db);
  if (!keys.some((k) => k.activatedAt && !k.retiredAt)) await newKey(services.db, box, services.clock.now(), true);
}

/** Keys in publication order: the signing key first (oidc-provider signs with the first key of an algorithm). */
async function orderedKeys(db: Executor): Promise<Array<SigningKeyRow & { sealed: string }>> {
  const keys = await listSigningKeys(db);
  const current = keys
    .filter((k) => k.activatedAt && !k.retiredAt)
    .sort((a, b) => b.activatedAt!.getTime() - a.activatedAt!.getTime());
  return [...current, ...keys.filter((k) => !current.includes(k))];
}

export async function loadSigningKeys(
  services: Services,
  box: SecretBox,
): Promise<{ keys: JWK[]; fingerprint: string }> {
  const ordered = await orderedKeys(services.db);
  return {
    keys: ordered.map((k) => JSON.parse(box.open(k.sealed)) as JWK),
    fingerprint: ordered.map((k) => k.kid).join(','),
  };
}

/** Changes whenever a key is published, switched or removed: web processes rebuild their provider then. */
export async function signingKeysFingerprint(db: Executor): Promise<string> {
  return (await orderedKeys(db)).map((k) => k.kid).join(',');
}

/** One step of the rotation schedule (a daily job): publish the successor, switch to it, forget old keys. */
export async function rotateSigningKeys(
  services: Services,
  box: SecretBox,
): Promise<{ published: boolean; switched: boolean; removed: number }> {
  const now = services.clock.now();
  const result = { published: false, switched: false, removed: 0 };
  await services.db.transaction().execute(async (trx) => {
    const keys = await listSigningKeys(trx);
    const current = keys.find((k) => k.activatedAt && !k.retiredAt);
    const pending = keys.find((k) => !k.activatedAt);
    if (!current) {
      await newKey(trx, box, now, true);
      result.switched = true;
      return;
    }
    const age = now.getTime() - current.activatedAt!.getTime();
    if (!pending && age >= (KEY_ROTATION.signForDays - KEY_ROTATION.publishAheadDays) * DAY) {
      const kid = await newKey(trx, box, now, false);
      result.published = true;
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: null,
        action: 'identity.signing-key.published',
        target: { type: 'oidc_signing_key', id: kid },
        at: now,
      });
    }
    if (
      pending &&
      age >= KEY_ROTATION.signForDays * DAY &&
      now.getTime() - pending.createdAt.getTime() >= KEY_ROTATION.publishAheadDays * DAY
    ) {
      await switchSigningKey(trx, { activate: pending.kid, retire: current.kid, at: now });
      result.switched = true;
      await recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        tenantId: null,
        action: 'identity.signing-key.activated',
        target: { type: 'oidc_signing_key', id: pending.kid },
        at: now,
      });
    }
    result.removed = await deleteRetiredSigningKeys(trx, new Date(now.getTime() - KEY_ROTATION.keepRetiredDays * DAY));
  });
  return result;
}
