import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { agentAccessManager } from '../../platform/tenancy/offers.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { acceptInvitation, findLiveInvitation } from './accept-invitation.ts';
import { type AgentManager, requireAgentManager } from './agent-access.ts';
import { listPendingInvitations, listSuspensions } from './agents.repo.ts';
import { type AgentChange, changeAgentAccess } from './change-agent-access.ts';
import { AGENT_ROLE_LABELS, inviteAgent } from './invite-agent.ts';
import { AgentsPage } from './views/agents-page.tsx';
import { InvitationPage } from './views/invitation-page.tsx';

const ZRole = z.enum(['agent', 'admin'], { message: 'Choisissez le rôle : agent ou administrateur' });

const ZInviteForm = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'Saisissez le prénom et le nom de la personne invitée')
    .max(200, 'Le nom compte 200 caractères au plus'),
  email: z.string().trim().pipe(z.email('Saisissez une adresse électronique valide, par exemple agent@mairie.fr')),
  role: ZRole,
});

const ZRoleForm = z.object({ role: ZRole });
const ZAgentParams = z.object({ userId: z.uuid() });
const ZInvitationParams = z.object({ id: z.uuid() });
const ZTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const ZNoticeQuery = z.object({
  fait: z
    .enum(['invitation', 'role', 'suspension', 'retablissement', 'retrait', 'annulation'])
    .optional()
    .catch(undefined),
});
const ZAcceptForm = z.object({ password: z.string().max(1024).optional() });

const NOTICES = {
  invitation: "L'invitation est envoyée.",
  role: 'Le rôle est changé.',
  suspension: "L'agent est suspendu : il n'a plus accès au back-office de la commune.",
  retablissement: "L'agent est rétabli dans ses rôles.",
  retrait: "L'agent est retiré : il n'a plus aucun rôle dans la commune.",
  annulation: "L'invitation est annulée : son lien ne fonctionne plus.",
} as const;

const REFUSED = {
  'not-found': "Cet agent ne fait pas partie de la commune, ou cette invitation n'est plus en attente.",
  self: 'Vous ne pouvez pas changer vos propres accès : demandez-le à un autre administrateur.',
};

/** The commune's agents and roles (its administrators, or the operators for an Abonné commune) and the invitation link. */
export function registerAgentRoutes(app: FastifyInstance): void {
  const { services } = app;

  const showAgents = async (
    request: FastifyRequest,
    reply: FastifyReply,
    manager: AgentManager,
    invite: { values: { displayName: string; email: string; role: string }; errors: FieldErrors },
    status = 200,
  ) => {
    const now = services.clock.now();
    const { members, suspended, invitations } = await withTenant(services.db, manager.communeId, async (trx) => ({
      members: await listTenantMembers(trx, manager.communeId),
      suspended: await listSuspensions(trx),
      invitations: await listPendingInvitations(trx, now),
    }));
    const notice = parseQuery(ZNoticeQuery, request).fait;
    return sendPage(
      request,
      reply,
      (context) =>
        AgentsPage({
          context,
          communeName: manager.communeName,
          managedByOperators: agentAccessManager(request.tenant.offers) === 'metropole',
          agents: members
            .filter((m) => m.roles.includes('agent') || m.roles.includes('admin'))
            .map((m) => ({
              userId: m.userId,
              displayName: m.displayName,
              email: m.email,
              role: m.roles.includes('admin') ? ('admin' as const) : ('agent' as const),
              lastLoginAt: m.lastLoginAt,
              isSelf: m.userId === manager.user.id,
            })),
          suspended: suspended.map((s) => ({
            userId: s.user_id,
            displayName: s.display_name,
            email: s.email,
            roles: s.roles.map((r) => AGENT_ROLE_LABELS[r]).join(', '),
            since: s.suspended_at,
          })),
          invitations: invitations.map((i) => ({
            id: i.id,
            displayName: i.display_name,
            email: i.email,
            role: AGENT_ROLE_LABELS[i.role],
            expiresAt: i.expires_at,
          })),
          invite,
          notice: status === 200 && notice ? NOTICES[notice] : null,
        }),
      status,
    );
  };

  app.get('/admin/agents', async (request, reply) => {
    const manager = requireAgentManager(request);
    return showAgents(request, reply, manager, { values: { displayName: '', email: '', role: 'agent' }, errors: {} });
  });

  app.post('/admin/agents/invitations', async (request, reply) => {
    const manager = requireAgentManager(request);
    const form = parseForm(ZInviteForm, request.body);
    const sent = formText(form.values);
    const values = { displayName: sent.displayName ?? '', email: sent.email ?? '', role: sent.role ?? '' };
    if (!form.ok) return showAgents(request, reply, manager, { values, errors: form.errors }, 422);
    // requireAgentManager refused a test instance: the tenant is the production commune.
    const result = await inviteAgent(services, { commune: request.tenant, actor: manager.actor, ...form.data });
    if (!result.ok)
      return showAgents(
        request,
        reply,
        manager,
        { values, errors: { email: 'Cette personne fait déjà partie des agents de la commune (ou est suspendue).' } },
        422,
      );
    return redirectWithin(request, reply, '/admin/agents?fait=invitation');
  });

  const agentAction = (
    path: string,
    notice: keyof typeof NOTICES,
    changeOf: (request: FastifyRequest) => { targetId: string; change: AgentChange },
  ) =>
    app.post(path, async (request, reply) => {
      const manager = requireAgentManager(request);
      const { targetId, change } = changeOf(request);
      const result = await changeAgentAccess(services, {
        communeId: manager.communeId,
        actor: manager.actor,
        targetId,
        change,
      });
      if (!result.ok) throw notFound(REFUSED[result.reason]);
      return redirectWithin(request, reply, `/admin/agents?fait=${notice}`);
    });

  agentAction('/admin/agents/:userId/role', 'role', (request) => {
    const { userId } = parseParams(ZAgentParams, request);
    const form = parseForm(ZRoleForm, request.body);
    // The select offers only valid roles: anything else is a forged request, answered like an unknown page.
    if (!form.ok) throw notFound('Ce rôle n’existe pas.');
    return { targetId: userId, change: { kind: 'role', role: form.data.role } };
  });
  agentAction('/admin/agents/:userId/suspension', 'suspension', (request) => ({
    targetId: parseParams(ZAgentParams, request).userId,
    change: { kind: 'suspend' },
  }));
  agentAction('/admin/agents/:userId/retablissement', 'retablissement', (request) => ({
    targetId: parseParams(ZAgentParams, request).userId,
    change: { kind: 'reinstate' },
  }));
  agentAction('/admin/agents/:userId/retrait', 'retrait', (request) => ({
    targetId: parseParams(ZAgentParams, request).userId,
    change: { kind: 'remove' },
  }));
  agentAction('/admin/agents/invitations/:id/annulation', 'annulation', (request) => ({
    targetId: parseParams(ZInvitationParams, request).id,
    change: { kind: 'cancel-invitation' },
  }));

  const invalidInvitation = () =>
    notFound(
      "Cette invitation n'est plus valable (déjà utilisée, annulée, remplacée ou expirée) : demandez-en une nouvelle.",
    );

  const showInvitation = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors, status = 200) => {
    const { token } = parseParams(ZTokenParams, request);
    const invitation = await findLiveInvitation(services, request.tenant, token);
    if (!invitation) throw invalidInvitation();
    const path = `/invitation/${token}`;
    const user = request.user;
    return sendPage(
      request,
      reply,
      (context) =>
        InvitationPage({
          context,
          communeName: request.tenant.name,
          invitation: {
            email: invitation.email,
            displayName: invitation.display_name,
            role: AGENT_ROLE_LABELS[invitation.role],
          },
          visitor: !user
            ? 'anonymous'
            : user.email.toLowerCase() === invitation.email.toLowerCase()
              ? 'invited'
              : 'other',
          accountExists: invitation.accountExists,
          loginHref: `${request.basePath}/connexion?retour=${encodeURIComponent(path)}`,
          proConnectHref: services.config.identity.proConnect
            ? `${request.basePath}/proconnect/connexion?retour=${encodeURIComponent(path)}`
            : null,
          actionPath: path,
          errors,
        }),
      status,
    );
  };

  app.get('/invitation/:token', async (request, reply) => showInvitation(request, reply, {}));

  app.post('/invitation/:token', { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const { token } = parseParams(ZTokenParams, request);
    const form = parseForm(ZAcceptForm, request.body);
    const result = await acceptInvitation(services, {
      commune: request.tenant,
      token,
      user: request.user,
      ...(form.ok && !request.user ? { newAccount: { password: form.data.password ?? '' } } : {}),
      ip: request.ip,
    });
    if (result.ok)
      return result.created
        ? redirectWithin(request, reply, `/connexion?retour=${encodeURIComponent('/gru/demandes')}`)
        : redirectWithin(request, reply, '/gru/demandes');
    if (result.reason === 'password') return showInvitation(request, reply, { password: result.message }, 422);
    if (result.reason === 'invalid') throw invalidInvitation();
    return showInvitation(request, reply, {}, 409);
  });
}
