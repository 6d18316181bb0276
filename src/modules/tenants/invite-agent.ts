import { createHash, randomBytes } from 'node:crypto';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail, listRoleGrants } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { tenantPath } from '../../platform/http/render.tsx';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { insertInvitation, revokeInvitationsOf } from './agents.repo.ts';
import type { AgentRole } from './tenants.tables.ts';

export const INVITATION_DAYS = 7;
export const AGENT_ROLE_LABELS: Record<AgentRole, string> = { agent: 'agent', admin: 'administrateur' };

export const invitationTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type InviteAgentOptions = {
  commune: ResolvedTenant;
  actor: AuditActor;
  email: string;
  displayName: string;
  role: AgentRole;
};

/**
 * Invites someone to a commune's back-office: a one-time link by e-mail, valid seven days, where they set a
 * password or sign in with ProConnect. A new invitation of the same address replaces the earlier one.
 */
export async function inviteAgent(
  services: Services,
  options: InviteAgentOptions,
): Promise<{ ok: true } | { ok: false; reason: 'already-member' }> {
  const { commune, actor } = options;
  const email = options.email.trim();
  const existing = await findAccountByEmail(services.db, email);
  if (existing && (await listRoleGrants(services.db, existing.id)).some((g) => g.tenantId === commune.id))
    return { ok: false, reason: 'already-member' };
  const now = services.clock.now();
  const token = randomBytes(32).toString('base64url');
  const link = `${services.config.publicUrl}${tenantPath(commune.slug, `/invitation/${token}`)}`;
  await withTenant(services.db, commune.id, async (trx) => {
    await revokeInvitationsOf(trx, email, now);
    const invitation = await insertInvitation(trx, {
      email,
      displayName: options.displayName.trim(),
      role: options.role,
      tokenHash: invitationTokenHash(token),
      invitedBy: actor.userId,
      at: now,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000),
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'tenant.agent.invite',
      target: { type: 'agent_invitation', id: invitation.id },
      details: { email, role: options.role },
      at: now,
    });
    await queueEmail(trx, services.jobs, {
      to: email,
      tenantId: commune.id,
      content: {
        subject: `Invitation à rejoindre les agents de ${commune.name}`,
        greeting: `Bonjour ${options.displayName.trim()},`,
        paragraphs: [
          `${actor.label} vous invite à traiter les demandes des usagers de ${commune.name} sur Communs, en tant que ${AGENT_ROLE_LABELS[options.role]}.`,
          `Ce lien est valable ${INVITATION_DAYS} jours et ne sert qu'une fois. Vous y choisirez un mot de passe, ou vous vous connecterez avec ProConnect.`,
        ],
        action: { label: "Accepter l'invitation", url: link },
        signature: commune.name,
      },
    });
  });
  return { ok: true };
}
