import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notificationPreferencesForm } from '../../platform/app-module/app-module.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie.ts';
import { countSessionsOfUser, deleteSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { displayAttribute } from './attribute-display.ts';
import { listConsentsInForce } from './consents.repo.ts';
import { deleteAccount } from './delete-account.ts';
import { exportPersonalData, personalDataArchive } from './export-personal-data.ts';
import { findLinkOfUser } from './federation/federation.repo.ts';
import { PARTNER_LABELS } from './federation/partners.ts';
import { findIdentityAccount, findSessionAuthentication } from './identity.repo.ts';
import { ATTRIBUTE_LABELS, type Attribute } from './oidc/claims.ts';
import { loadIdentityRecord } from './released-claims.ts';
import { revokeConsent } from './revoke-consent.ts';
import { unlinkFranceConnect } from './unlink-franceconnect.ts';
import { AccountPage } from './views/account-page.tsx';
import { AccountDeletedPage, DeleteAccountPage } from './views/account-forms.tsx';

const ROLE_LABELS = {
  agent: 'Agent',
  admin: 'Administrateur de la commune',
  operator: 'Opérateur de la Métropole',
} as const;

const NOTICES: Record<string, string> = {
  sessions: 'Les autres appareils ont été déconnectés.',
  notifications: 'Vos préférences de notification sont enregistrées.',
  bienvenue: 'Votre compte est activé. Bienvenue !',
  identite: 'Vos informations sont enregistrées.',
  'mot-de-passe': 'Votre mot de passe est enregistré.',
  adresse: 'Votre nouvelle adresse électronique est confirmée.',
  'adresse-envoyee':
    'Un lien de confirmation a été envoyé à la nouvelle adresse (si elle n’est pas déjà utilisée par un autre compte).',
  'double-authentification': 'La double authentification est activée.',
  'double-authentification-retiree': 'La double authentification est désactivée.',
  autorisation: 'L’autorisation a été retirée : ce service n’a plus accès à votre compte.',
  'franceconnect-lie': 'Votre compte est lié à FranceConnect : votre identité est certifiée.',
  'franceconnect-delie':
    'FranceConnect est délié : vos informations sont conservées comme déclarées par vous, sans certification.',
};

/** Minutes during which a fresh login at FranceConnect or ProConnect counts as re-authentication for deletion. */
const REAUTHENTICATION_MINUTES = 10;

/** The password confirming a deletion: empty when none was typed, which the page answers with its own message. */
const ZDeletionForm = z.object({ password: z.string().catch('') });

/** The notice after a change (one of NOTICES; any other value is ignored). */
const ZAccountQuery = z.object({ fait: z.string().optional().catch(undefined) });

/** A service the citizen consented to, by its client id. */
const ZConsentParams = z.object({ clientId: z.string() });

/** The citizen's account page, their other sessions, consents and FranceConnect link, data export and deletion. */
export function registerAccountRoutes(app: FastifyInstance): void {
  const { services } = app;
  const label = (request: FastifyRequest) => request.user?.email ?? '';

  app.get('/compte', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    const record = await loadIdentityRecord(services.db, user.id);
    if (!account || !record) throw new Error('session without account');
    const identity = await findIdentityAccount(services.db, user.id);
    const roles: Array<{ tenantName: string; role: string; href: string | null }> = [];
    for (const grant of user.grants) {
      const tenant = await services.tenants.byId(grant.tenantId);
      if (!tenant) continue;
      const adminHref =
        grant.role === 'admin' ? tenantPath(tenant.slug, '/admin') : grant.role === 'operator' ? '/admin' : null;
      roles.push({ tenantName: tenant.name, role: ROLE_LABELS[grant.role], href: adminHref });
    }
    const shown: Attribute[] = [
      'given_name',
      'family_name',
      'preferred_username',
      'birthdate',
      'gender',
      'birthplace',
      'birthcountry',
      'phone_number',
      'address',
    ];
    const sessions = await countSessionsOfUser(services.db, user.id, services.clock.now());
    const franceConnectLink = await findLinkOfUser(services.db, user.id, 'franceconnect');
    const proConnectLink = await findLinkOfUser(services.db, user.id, 'proconnect');
    const consents = await listConsentsInForce(services.db, user.id);
    const { fait } = parseQuery(ZAccountQuery, request);
    const notificationPreferences = await notificationPreferencesForm(services, user.id, 'compte');
    return sendPage(request, reply, (context) =>
      AccountPage({
        context,
        account: {
          displayName: account.display_name,
          email: account.email,
          emailVerified: !!record.emailVerifiedAt,
          lastLoginAt: account.last_login_at,
          hasPassword: !!account.password_hash,
        },
        identity: shown.map((attribute) => ({
          label: ATTRIBUTE_LABELS[attribute],
          value: displayAttribute(record, attribute),
          provenance: record.attributes[attribute]?.provenance ?? null,
        })),
        certified: record.certified,
        security: {
          totpEnabled: !!identity.totpEnabledAt,
          franceConnect: services.config.identity.franceConnect
            ? franceConnectLink
              ? 'linked'
              : 'unlinked'
            : franceConnectLink
              ? 'linked'
              : null,
          proConnectLinked: !!proConnectLink,
        },
        consents: consents.map((c) => ({
          clientId: c.client_id,
          kind: c.client_id.startsWith('service:') ? ('service' as const) : ('portal' as const),
          name: c.consumer_name,
          attributes: c.attributes.map((a) => ATTRIBUTE_LABELS[a as Attribute] ?? a),
          grantedAt: c.granted_at,
        })),
        roles,
        otherSessions: Math.max(0, sessions - 1),
        notice: fait === undefined ? undefined : NOTICES[fait],
        notificationPreferences,
      }),
    );
  });

  app.post('/compte/autres-sessions', async (request, reply) => {
    const user = requireUser(request);
    await deleteSessionsOfUser(services.db, user.id, user.sessionId);
    return redirectWithin(request, reply, '/compte?fait=sessions');
  });

  app.post('/compte/autorisations/:clientId/retrait', async (request, reply) => {
    const user = requireUser(request);
    const { clientId } = parseParams(ZConsentParams, request);
    // Only the caller's own consents can be found: another's, or a made-up id, is simply not there.
    if (!(await revokeConsent(services, { userId: user.id, clientId, ip: request.ip, label: label(request) })))
      throw notFound();
    return redirectWithin(request, reply, '/compte?fait=autorisation');
  });

  app.post('/compte/franceconnect/retrait', async (request, reply) => {
    const user = requireUser(request);
    const result = await unlinkFranceConnect(services, { userId: user.id, ip: request.ip });
    if (!result.ok && result.reason === 'no_password') {
      throw new AppError(
        'conflict',
        'Définissez d’abord un mot de passe : sans FranceConnect ni mot de passe, vous ne pourriez plus vous connecter.',
      );
    }
    if (!result.ok) throw notFound();
    return redirectWithin(request, reply, '/compte?fait=franceconnect-delie');
  });

  app.get('/compte/donnees.json', async (request, reply) => {
    const user = requireUser(request);
    const exported = await exportPersonalData(services, user.id);
    if (!exported) throw notFound();
    return reply
      .header('content-disposition', 'attachment; filename="mes-donnees-grandlyon-connect.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(exported.data, null, 2));
  });

  app.get('/compte/donnees.zip', async (request, reply) => {
    const user = requireUser(request);
    const exported = await exportPersonalData(services, user.id);
    if (!exported) throw notFound();
    return reply
      .header('content-disposition', 'attachment; filename="mes-donnees-grandlyon-connect.zip"')
      .type('application/zip')
      .send(await personalDataArchive(services, exported));
  });

  /** How this person proves it is them before deleting: their password, or a fresh login at their partner. */
  const deletionMethod = async (request: FastifyRequest) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    if (account?.password_hash) return { kind: 'password' as const };
    const auth = await findSessionAuthentication(services.db, user.sessionId);
    const partner = auth?.partner ?? 'franceconnect';
    const recent =
      auth?.reauthenticatedAt &&
      services.clock.now().getTime() - auth.reauthenticatedAt.getTime() < REAUTHENTICATION_MINUTES * 60_000;
    return {
      kind: 'partner' as const,
      href: `${request.basePath}/${partner}/connexion?reauthentification=oui&retour=${encodeURIComponent('/compte/suppression')}`,
      label: PARTNER_LABELS[partner],
      done: !!recent,
    };
  };

  app.get('/compte/suppression', async (request, reply) => {
    const method = await deletionMethod(request);
    return sendPage(request, reply, (context) => DeleteAccountPage({ context, errors: {}, method }));
  });

  app.post(
    '/compte/suppression',
    { config: { rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const method = await deletionMethod(request);
      if (method.kind === 'password') {
        const account = await findAccountById(services.db, user.id);
        const form = parseForm(ZDeletionForm, request.body);
        const password = form.ok ? form.data.password : '';
        if (!(await verifyPassword(account?.password_hash ?? null, password))) {
          const errors = {
            password: password ? 'Le mot de passe est incorrect.' : 'Saisissez votre mot de passe pour confirmer.',
          };
          return sendPage(request, reply, (context) => DeleteAccountPage({ context, errors, method }), 422);
        }
      } else if (!method.done) {
        return sendPage(
          request,
          reply,
          (context) =>
            DeleteAccountPage({ context, errors: { _form: `Reconnectez-vous d’abord avec ${method.label}.` }, method }),
          422,
        );
      }
      await deleteAccount(services, {
        userId: user.id,
        reason: 'request',
        actor: { userId: user.id, label: user.id, ip: request.ip },
      });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return sendPage(request, reply, (context) => AccountDeletedPage({ context: { ...context, user: null } }));
    },
  );
}
