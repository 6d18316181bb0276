import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { SESSION_COOKIE } from '../../platform/auth/session-cookie.ts';
import { countSessionsOfUser, deleteSessionsOfUser } from '../../platform/auth/sessions.repo.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { blankToUndefined, formText, parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { displayAttribute } from './attribute-display.ts';
import { changePassword } from './change-password.ts';
import { listConsentsInForce } from './consents.repo.ts';
import { deleteAccount } from './delete-account.ts';
import { exportPersonalData } from './export-personal-data.ts';
import { findLinkOfUser } from './federation/federation.repo.ts';
import { PARTNER_LABELS } from './federation/partners.ts';
import { findIdentityAccount, findSessionAuthentication } from './identity.repo.ts';
import { ATTRIBUTE_LABELS, type Attribute } from './oidc/claims.ts';
import { loadIdentityRecord } from './released-claims.ts';
import { requestEmailChange } from './request-email-change.ts';
import { revokeConsent } from './revoke-consent.ts';
import { disableTotp, enableTotp, pendingTotpSecret } from './set-up-totp.ts';
import { totpQrCode, totpUri } from './totp.ts';
import { unlinkFranceConnect } from './unlink-franceconnect.ts';
import { DECLARABLE_ATTRIBUTES, type DeclarableAttribute, updateIdentity } from './update-identity.ts';
import { AccountPage } from './views/account-page.tsx';
import {
  AccountDeletedPage,
  DeleteAccountPage,
  EmailChangePage,
  IdentityFormPage,
  PasswordChangePage,
  TotpPage,
} from './views/account-forms.tsx';

const ROLE_LABELS = {
  agent: 'Agent',
  admin: 'Administrateur de la commune',
  operator: 'Opérateur de la Métropole',
} as const;

const NOTICES: Record<string, string> = {
  sessions: 'Les autres appareils ont été déconnectés.',
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

const optional = (schema: z.ZodType<string>) => z.preprocess(blankToUndefined, schema.optional());
const trimmed = (max: number, label: string) => z.string().trim().max(max, `${label} : ${max} caractères au plus`);

const ZIdentityForm = z
  .object({
    given_name: optional(trimmed(100, 'Prénoms')),
    family_name: optional(trimmed(100, 'Nom de naissance')),
    preferred_username: optional(trimmed(100, 'Nom d’usage')),
    'birthdate.jour': z.string().trim().optional(),
    'birthdate.mois': z.string().trim().optional(),
    'birthdate.annee': z.string().trim().optional(),
    gender: optional(z.enum(['female', 'male'], { message: 'Choisissez Féminin ou Masculin' })),
    birthplace: optional(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[0-9][0-9AB][0-9]{3}$/, 'Le code INSEE de la commune compte 5 caractères, par exemple 69123'),
    ),
    birthcountry: optional(
      z
        .string()
        .trim()
        .regex(/^99[0-9]{3}$/, 'Le code INSEE du pays commence par 99, par exemple 99100 pour la France'),
    ),
    phone_number: optional(
      z
        .string()
        .trim()
        .transform((v) => v.replace(/[\s.-]/g, ''))
        .pipe(
          z
            .string()
            .regex(/^(\+33|0)[1-9]\d{8}$/, 'Saisissez un numéro français à 10 chiffres, par exemple 06 12 34 56 78'),
        ),
    ),
    street_address: optional(trimmed(200, 'Adresse')),
    postal_code: optional(
      z
        .string()
        .trim()
        .regex(/^\d{5}$/, 'Le code postal compte 5 chiffres, par exemple 69001'),
    ),
    locality: optional(trimmed(100, 'Commune')),
  })
  .superRefine((form, ctx) => {
    const parts = [form['birthdate.jour'], form['birthdate.mois'], form['birthdate.annee']];
    if (parts.some(Boolean)) {
      const [day, month, year] = parts.map(Number);
      const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
      const valid =
        year! >= 1900 && date.getUTCDate() === day && date.getUTCMonth() === month! - 1 && date.getTime() < Date.now();
      if (!valid)
        ctx.addIssue({
          code: 'custom',
          path: ['birthdate'],
          message: 'Saisissez une date de naissance réelle, par exemple 14 7 1990',
        });
    }
    const address = [form.street_address, form.postal_code, form.locality];
    if (address.some(Boolean) && !address.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: [form.street_address ? (form.postal_code ? 'locality' : 'postal_code') : 'street_address'],
        message: 'Une adresse complète a une voie, un code postal et une commune',
      });
    }
  });

/** The identity form's values from the record (the address and birthdate are split into their fields). */
function formValuesOf(attributes: Partial<Record<string, { value: string }>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of DECLARABLE_ATTRIBUTES) {
    const value = attributes[name]?.value;
    if (value === undefined) continue;
    if (name === 'address') Object.assign(values, JSON.parse(value) as Record<string, string>);
    else if (name === 'birthdate') {
      const [annee, mois, jour] = value.split('-');
      Object.assign(values, {
        'birthdate.jour': String(Number(jour)),
        'birthdate.mois': String(Number(mois)),
        'birthdate.annee': annee ?? '',
      });
    } else values[name] = value;
  }
  return values;
}

const ZPasswordChange = z.object({
  currentPassword: z.string().max(1024).optional(),
  newPassword: z.string().min(1, 'Choisissez un mot de passe'),
});
const ZEmailChange = z.object({
  newEmail: z
    .string()
    .trim()
    .min(1, 'Saisissez la nouvelle adresse')
    .pipe(z.email('Saisissez une adresse électronique valide, par exemple prenom.nom@example.org')),
  password: z.string().max(1024).optional(),
});
const ZCode = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Saisissez les 6 chiffres du code, sans espace'),
});
const ZSecret = z.object({ password: z.string().min(1, 'Saisissez votre mot de passe').max(1024) });
/** The password confirming a deletion: empty when none was typed, which the page answers with its own message. */
const ZDeletionForm = z.object({ password: z.string().catch('') });

/** The notice after a change (one of NOTICES; any other value is ignored). */
const ZAccountQuery = z.object({ fait: z.string().optional().catch(undefined) });

/** A service the citizen consented to, by its client id. */
const ZConsentParams = z.object({ clientId: z.string() });

/** The citizen's account: record, security, consents, data export and deletion. */
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
      }),
    );
  });

  app.post('/compte/autres-sessions', async (request, reply) => {
    const user = requireUser(request);
    await deleteSessionsOfUser(services.db, user.id, user.sessionId);
    return redirectWithin(request, reply, '/compte?fait=sessions');
  });

  const identityForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string> | null,
    errors: Record<string, string>,
    status = 200,
  ) => {
    const user = requireUser(request);
    const record = await loadIdentityRecord(services.db, user.id);
    if (!record) throw notFound();
    const certified = DECLARABLE_ATTRIBUTES.flatMap((name) => {
      const stored = record.attributes[name];
      return stored?.provenance.source === 'franceconnect'
        ? [
            {
              name,
              label: ATTRIBUTE_LABELS[name],
              display: displayAttribute(record, name) ?? '',
              provenance: stored.provenance,
            },
          ]
        : [];
    });
    return sendPage(
      request,
      reply,
      (context) => IdentityFormPage({ context, values: values ?? formValuesOf(record.attributes), errors, certified }),
      status,
    );
  };

  app.get('/compte/identite', async (request, reply) => identityForm(request, reply, null, {}));

  app.post('/compte/identite', async (request, reply) => {
    const user = requireUser(request);
    const form = parseForm(ZIdentityForm, request.body);
    if (!form.ok) return identityForm(request, reply, formText(form.values), form.errors, 422);
    const data = form.data;
    const birthdate = data['birthdate.annee']
      ? `${data['birthdate.annee']}-${data['birthdate.mois']!.padStart(2, '0')}-${data['birthdate.jour']!.padStart(2, '0')}`
      : null;
    const phone = data.phone_number ? data.phone_number.replace(/^0/, '+33') : null;
    const address =
      data.street_address && data.postal_code && data.locality
        ? JSON.stringify({
            street_address: data.street_address,
            postal_code: data.postal_code,
            locality: data.locality,
            country: 'France',
          })
        : null;
    const values: Partial<Record<DeclarableAttribute, string | null>> = {
      given_name: data.given_name ?? null,
      family_name: data.family_name ?? null,
      preferred_username: data.preferred_username ?? null,
      birthdate,
      gender: data.gender ?? null,
      birthplace: data.birthplace ?? null,
      birthcountry: data.birthcountry ?? null,
      phone_number: phone,
      address,
    };
    await updateIdentity(services, { userId: user.id, values, ip: request.ip, label: label(request) });
    return redirectWithin(request, reply, '/compte?fait=identite');
  });

  app.get('/compte/mot-de-passe', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    return sendPage(request, reply, (context) =>
      PasswordChangePage({ context, errors: {}, hasPassword: !!account?.password_hash }),
    );
  });

  app.post('/compte/mot-de-passe', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    const hasPassword = !!account?.password_hash;
    const form = parseForm(ZPasswordChange, request.body);
    const result = form.ok
      ? await changePassword(services, {
          user,
          currentPassword: form.data.currentPassword ?? '',
          newPassword: form.data.newPassword,
          ip: request.ip,
        })
      : { ok: false as const, errors: form.errors };
    if (!result.ok)
      return sendPage(
        request,
        reply,
        (context) => PasswordChangePage({ context, errors: result.errors, hasPassword }),
        422,
      );
    return redirectWithin(request, reply, '/compte?fait=mot-de-passe');
  });

  app.get('/compte/adresse-electronique', async (request, reply) => {
    const user = requireUser(request);
    const account = await findAccountById(services.db, user.id);
    return sendPage(request, reply, (context) =>
      EmailChangePage({ context, errors: {}, values: {}, hasPassword: !!account?.password_hash }),
    );
  });

  app.post(
    '/compte/adresse-electronique',
    { config: { rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const account = await findAccountById(services.db, user.id);
      const hasPassword = !!account?.password_hash;
      const form = parseForm(ZEmailChange, request.body);
      const result = form.ok
        ? await requestEmailChange(services, {
            user,
            newEmail: form.data.newEmail,
            password: form.data.password ?? '',
            basePath: request.basePath,
          })
        : { ok: false as const, errors: form.errors };
      if (!result.ok) {
        const newEmail = formText(form.values).newEmail ?? '';
        return sendPage(
          request,
          reply,
          (context) => EmailChangePage({ context, errors: result.errors, values: { newEmail }, hasPassword }),
          422,
        );
      }
      return redirectWithin(request, reply, '/compte?fait=adresse-envoyee');
    },
  );

  const totpPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string>,
    status = 200,
  ) => {
    const user = requireUser(request);
    const identity = await findIdentityAccount(services.db, user.id);
    const account = await findAccountById(services.db, user.id);
    const enabled = !!identity.totpEnabledAt;
    let setup: { secret: string; qrCode: string } | null = null;
    if (!enabled) {
      const secret = await pendingTotpSecret(services, user.id);
      setup = { secret, qrCode: totpQrCode(totpUri(secret, user.email)) };
    }
    return sendPage(
      request,
      reply,
      (context) => TotpPage({ context, errors, enabled, setup, hasPassword: !!account?.password_hash }),
      status,
    );
  };

  app.get('/compte/double-authentification', async (request, reply) => totpPage(request, reply, {}));

  app.post(
    '/compte/double-authentification',
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const form = parseForm(ZCode, request.body);
      if (!form.ok) return totpPage(request, reply, form.errors, 422);
      if (!(await enableTotp(services, { userId: user.id, code: form.data.code, ip: request.ip }))) {
        return totpPage(
          request,
          reply,
          { code: 'Ce code est incorrect. Vérifiez l’heure de votre téléphone et saisissez le code affiché.' },
          422,
        );
      }
      return redirectWithin(request, reply, '/compte?fait=double-authentification');
    },
  );

  app.post(
    '/compte/double-authentification/desactivation',
    { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = requireUser(request);
      const form = parseForm(ZSecret, request.body);
      if (!form.ok) return totpPage(request, reply, form.errors, 422);
      if (!(await disableTotp(services, { userId: user.id, password: form.data.password, ip: request.ip }))) {
        return totpPage(request, reply, { password: 'Incorrect : la double authentification reste activée.' }, 422);
      }
      return redirectWithin(request, reply, '/compte?fait=double-authentification-retiree');
    },
  );

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
    const data = await exportPersonalData(services, user.id);
    if (!data) throw notFound();
    return reply
      .header('content-disposition', 'attachment; filename="mes-donnees-grandlyon-connect.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
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
