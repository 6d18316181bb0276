import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail, insertAccount } from '../../platform/auth/accounts.repo.ts';
import type { UserAccount } from '../../platform/db/schema.ts';
import type { Services } from '../../platform/services.ts';
import { findLiveToken, recordVerifiedEmail, useToken, writeAttribute } from './identity.repo.ts';
import { tokenDigest } from './secret-box.ts';

export type ConfirmSignUpResult =
  { ok: true; account: UserAccount } | { ok: false; reason: 'invalid_link' | 'email_taken' };

/** The e-mail link was followed: the account is created, its e-mail verified, the names as declared by the citizen. */
export async function confirmSignUp(
  services: Services,
  options: { token: string; ip: string },
): Promise<ConfirmSignUpResult> {
  const now = services.clock.now();
  const pending = await findLiveToken(services.db, tokenDigest(options.token), 'signup', now);
  if (!pending) return { ok: false, reason: 'invalid_link' };
  if (await findAccountByEmail(services.db, pending.email)) return { ok: false, reason: 'email_taken' };
  const givenName = String(pending.data.givenName ?? '');
  const familyName = String(pending.data.familyName ?? '');
  const account = await services.db.transaction().execute(async (trx) => {
    if (!(await useToken(trx, pending.id, now))) return null;
    const created = await insertAccount(trx, {
      email: pending.email,
      displayName: `${givenName} ${familyName}`.trim(),
      passwordHash: String(pending.data.passwordHash),
      at: now,
    });
    await recordVerifiedEmail(trx, created.id, created.email, now);
    if (givenName)
      await writeAttribute(
        trx,
        created.id,
        { name: 'given_name', value: givenName, source: 'self', verifiedAt: null, acr: null },
        now,
      );
    if (familyName)
      await writeAttribute(
        trx,
        created.id,
        { name: 'family_name', value: familyName, source: 'self', verifiedAt: null, acr: null },
        now,
      );
    await recordAudit(trx, {
      actor: { userId: created.id, label: created.email, ip: options.ip },
      tenantId: null,
      action: 'identity.account.create',
      target: { type: 'user_account', id: created.id },
      details: { via: 'sign-up' },
      at: now,
    });
    return created;
  });
  return account ? { ok: true, account } : { ok: false, reason: 'invalid_link' };
}
