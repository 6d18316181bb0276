import { recordAudit } from '../../../platform/audit/audit.repo.ts';
import { findAccountByEmail, findAccountById, insertAccount } from '../../../platform/auth/accounts.repo.ts';
import type { UserAccount } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import { findAccountsByPivot, markReauthenticated, updateIdentityAccount, writeAttribute } from '../identity.repo.ts';
import { PIVOT_ATTRIBUTES } from '../oidc/claims.ts';
import { startSession } from '../start-session.ts';
import { findLink, findLinkOfUser, insertLink, touchLink } from './federation.repo.ts';
import type { PartnerIdentity } from './finish-partner-login.ts';

export type SignInResult =
  | { kind: 'session'; sessionToken: string; returnPath: string | null }
  | { kind: 'linked' | 'reauthenticated'; returnPath: string | null }
  | {
      kind: 'refused';
      reason:
        'email_taken' | 'email_missing' | 'linked_elsewhere' | 'not_linked' | 'level_too_low' | 'incomplete_identity';
    };

const EIDAS_LEVELS = ['eidas1', 'eidas2', 'eidas3'];

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** FranceConnect's pivot identity as we store it (a birthplace is '' for people born abroad). */
function pivotOf(userinfo: Record<string, unknown>): Record<string, string> | null {
  const pivot: Record<string, string> = {};
  for (const name of PIVOT_ATTRIBUTES) pivot[name] = text(userinfo[name]);
  const required = PIVOT_ATTRIBUTES.filter((n) => n !== 'birthplace');
  if (required.some((n) => !pivot[n])) return null;
  if (pivot.birthcountry === '99100' && !pivot.birthplace) return null;
  return pivot;
}

/** FranceConnect's attributes become certified (who, when, at which level) and locked against edits. */
async function certify(
  trx: Executor,
  userId: string,
  pivot: Record<string, string>,
  email: string,
  acr: string,
  at: Date,
): Promise<void> {
  for (const [name, value] of Object.entries(pivot)) {
    await writeAttribute(trx, userId, { name, value, source: 'franceconnect', verifiedAt: at, acr }, at);
  }
  const account = await findAccountById(trx, userId);
  // The State's best practice: an e-mail FranceConnect gives is not re-verified.
  if (email && account && account.email.toLowerCase() === email.toLowerCase()) {
    await writeAttribute(
      trx,
      userId,
      { name: 'email', value: account.email, source: 'franceconnect', verifiedAt: at, acr },
      at,
    );
    await updateIdentityAccount(trx, userId, { email_verified_at: at });
  }
}

function displayNameOf(userinfo: Record<string, unknown>, familyKey: 'family_name' | 'usual_name'): string {
  const given = text(userinfo.given_name).split(/\s+/)[0] ?? '';
  const family = text(userinfo[familyKey]);
  const capitalised = family.charAt(0).toUpperCase() + family.slice(1).toLowerCase();
  return `${given} ${capitalised}`.trim() || 'Usager';
}

export type SignInOptions = {
  identity: PartnerIdentity;
  currentUserId: string | null;
  currentSessionId: string | null;
  ip: string;
  userAgent: string | null;
};

/**
 * A person came back from FranceConnect. Known identity: their account. Unknown: linked to the account
 * they are logged into (link from the account page), or automatically to the one account whose six declared pivot
 * fields match exactly, or a new account made from the pivot identity. Re-authentication only checks it is them.
 */
export async function signInWithFranceConnect(services: Services, options: SignInOptions): Promise<SignInResult> {
  const { identity } = options;
  const { request, userinfo } = identity;
  const now = services.clock.now();
  const acr = identity.acr ?? '';
  if (!EIDAS_LEVELS.includes(acr)) return { kind: 'refused', reason: 'level_too_low' };
  const pivot = pivotOf(userinfo);
  if (!pivot) return { kind: 'refused', reason: 'incomplete_identity' };
  const email = text(userinfo.email);
  const link = await findLink(services.db, 'franceconnect', '', identity.subject);

  if (request.intent === 'reauthenticate') {
    if (!link || link.userId !== options.currentUserId || !options.currentSessionId)
      return { kind: 'refused', reason: 'not_linked' };
    await markReauthenticated(services.db, options.currentSessionId, now);
    return { kind: 'reauthenticated', returnPath: request.returnPath };
  }

  if (request.intent === 'link') {
    const userId = options.currentUserId;
    if (!userId || userId !== request.userId) return { kind: 'refused', reason: 'not_linked' };
    if (link && link.userId !== userId) return { kind: 'refused', reason: 'linked_elsewhere' };
    if (await findLinkOfUser(services.db, userId, 'franceconnect'))
      return { kind: 'refused', reason: 'linked_elsewhere' };
    await services.db.transaction().execute(async (trx) => {
      await insertLink(trx, { partner: 'franceconnect', idpId: '', subject: identity.subject, userId, at: now });
      await certify(trx, userId, pivot, email, acr, now);
      await recordAudit(trx, {
        actor: { userId, label: userId, ip: options.ip },
        tenantId: null,
        action: 'identity.franceconnect.link',
        target: { type: 'user_account', id: userId },
        details: { acr },
        at: now,
      });
    });
    return { kind: 'linked', returnPath: request.returnPath };
  }

  let account: UserAccount | undefined;
  if (link) {
    account = await findAccountById(services.db, link.userId);
    await services.db.transaction().execute(async (trx) => {
      await touchLink(trx, 'franceconnect', '', identity.subject, now);
      if (account) await certify(trx, account.id, pivot, email, acr, now);
    });
  } else {
    const matches = await findAccountsByPivot(services.db, pivot);
    const candidate = matches.length === 1 ? await findAccountById(services.db, matches[0]!) : undefined;
    const candidateLinked = candidate ? await findLinkOfUser(services.db, candidate.id, 'franceconnect') : undefined;
    if (candidate && !candidateLinked) {
      account = candidate;
    } else {
      if (!email) return { kind: 'refused', reason: 'email_missing' };
      if (await findAccountByEmail(services.db, email)) return { kind: 'refused', reason: 'email_taken' };
    }
    account = await services.db.transaction().execute(async (trx) => {
      const target =
        account ??
        (await insertAccount(trx, {
          email,
          displayName: displayNameOf(userinfo, 'family_name'),
          passwordHash: null,
          at: now,
        }));
      if (!account) await updateIdentityAccount(trx, target.id, { created_via: 'franceconnect' });
      await insertLink(trx, {
        partner: 'franceconnect',
        idpId: '',
        subject: identity.subject,
        userId: target.id,
        at: now,
      });
      await certify(trx, target.id, pivot, email, acr, now);
      await recordAudit(trx, {
        actor: { userId: target.id, label: target.email, ip: options.ip },
        tenantId: null,
        action: account ? 'identity.franceconnect.link' : 'identity.account.create',
        target: { type: 'user_account', id: target.id },
        details: account ? { automatic: true, acr } : { via: 'franceconnect', acr },
        at: now,
      });
      return target;
    });
  }
  if (!account || account.disabled_at) return { kind: 'refused', reason: 'not_linked' };
  const session = await startSession(services, {
    account,
    ip: options.ip,
    userAgent: options.userAgent,
    acr,
    amr: identity.amr.length ? identity.amr : ['fc'],
    method: 'franceconnect',
    partner: { name: 'franceconnect', idToken: identity.idToken },
  });
  return { kind: 'session', sessionToken: session.sessionToken, returnPath: request.returnPath };
}

/**
 * An agent came back from ProConnect: matched on (idp_id, sub), or by e-mail the first time; an unknown agent
 * gets an account without any role. Tenant and roles always come from Communs, never from ProConnect.
 */
export async function signInWithProConnect(services: Services, options: SignInOptions): Promise<SignInResult> {
  const { identity } = options;
  const { userinfo, request } = identity;
  const now = services.clock.now();
  const idpId = text(userinfo.idp_id);
  const email = text(userinfo.email);
  const link = await findLink(services.db, 'proconnect', idpId, identity.subject);
  if (request.intent === 'reauthenticate') {
    if (!link || link.userId !== options.currentUserId || !options.currentSessionId)
      return { kind: 'refused', reason: 'not_linked' };
    await markReauthenticated(services.db, options.currentSessionId, now);
    return { kind: 'reauthenticated', returnPath: request.returnPath };
  }
  let account = link ? await findAccountById(services.db, link.userId) : undefined;
  if (link) {
    await touchLink(services.db, 'proconnect', idpId, identity.subject, now);
  } else {
    if (!email) return { kind: 'refused', reason: 'email_missing' };
    const byEmail = await findAccountByEmail(services.db, email);
    if (byEmail && (await findLinkOfUser(services.db, byEmail.id, 'proconnect')))
      return { kind: 'refused', reason: 'linked_elsewhere' };
    account = await services.db.transaction().execute(async (trx) => {
      const target =
        byEmail ??
        (await insertAccount(trx, {
          email,
          displayName: displayNameOf(userinfo, 'usual_name'),
          passwordHash: null,
          at: now,
        }));
      if (!byEmail) await updateIdentityAccount(trx, target.id, { created_via: 'proconnect', email_verified_at: now });
      await insertLink(trx, { partner: 'proconnect', idpId, subject: identity.subject, userId: target.id, at: now });
      await recordAudit(trx, {
        actor: { userId: target.id, label: target.email, ip: options.ip },
        tenantId: null,
        action: byEmail ? 'identity.proconnect.link' : 'identity.account.create',
        target: { type: 'user_account', id: target.id },
        details: { via: 'proconnect', idp_id: idpId, matchedBy: byEmail ? 'email' : 'new' },
        at: now,
      });
      return target;
    });
  }
  if (!account || account.disabled_at) return { kind: 'refused', reason: 'not_linked' };
  const session = await startSession(services, {
    account,
    ip: options.ip,
    userAgent: options.userAgent,
    acr: identity.acr ?? 'eidas1',
    amr: identity.amr.length ? identity.amr : ['pwd'],
    method: 'proconnect',
    partner: { name: 'proconnect', idToken: identity.idToken },
  });
  return { kind: 'session', sessionToken: session.sessionToken, returnPath: request.returnPath };
}
