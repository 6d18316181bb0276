import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail, insertAccount } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { queueEmail } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import { findProfile, insertPerson, setProfile } from './directory.repo.ts';
import type { School } from './school.tables.ts';

/**
 * The metropolis gives a school its administrator (usually its head): the platform account of that e-mail, created
 * without a password when there is none (the person chooses one through "mot de passe oublié", or signs in with
 * ProConnect when the address is academic), linked to a school profile marked as given by hand, which no AAF
 * import changes. The person is told by e-mail.
 */
export async function createSchoolAdministrator(
  services: Services,
  options: {
    school: School;
    communeBase: string;
    email: string;
    firstName: string;
    lastName: string;
    actor: AuditActor;
  },
): Promise<{ accountCreated: boolean }> {
  const at = services.clock.now();
  const email = options.email.trim().toLowerCase();
  const existing = await findAccountByEmail(services.db, email);
  const account =
    existing ??
    (await insertAccount(services.db, {
      email,
      displayName: `${options.firstName} ${options.lastName}`,
      passwordHash: null,
      at,
    }));
  await withTenant(services.db, options.school.tenant_id, async (trx) => {
    const person =
      (await trx
        .selectFrom('school_person')
        .select('id')
        .where('tenant_id', '=', trx.tenantId)
        .where('account_id', '=', account.id)
        .executeTakeFirst()) ??
      (await trx
        .selectFrom('school_person')
        .select('id')
        .where('tenant_id', '=', trx.tenantId)
        .where('account_id', 'is', null)
        .where('email', '=', email)
        .executeTakeFirst()) ??
      (await insertPerson(trx, {
        lastName: options.lastName,
        firstName: options.firstName,
        birthDate: null,
        email,
        jointure: null,
        source: 'manual',
        at,
      }));
    await trx
      .updateTable('school_person')
      .set({ account_id: account.id })
      .where('tenant_id', '=', trx.tenantId)
      .where('id', '=', person.id)
      .execute();
    const current = await findProfile(trx, options.school.id, person.id);
    if (current?.profile !== 'school_admin' || !current.active)
      await setProfile(trx, {
        schoolId: options.school.id,
        personId: person.id,
        profile: 'school_admin',
        source: 'manual',
      });
    const base = `${services.config.publicUrl}${options.communeBase}`;
    await queueEmail(trx, services.jobs, {
      to: email,
      tenantId: trx.tenantId,
      content: {
        subject: `Vous administrez l'espace numérique de ${options.school.name}`,
        greeting: `Bonjour ${options.firstName},`,
        paragraphs: [
          `La Métropole vous a confié l'administration de l'espace numérique de travail de ${options.school.name} (UAI ${options.school.uai}) : annuaire, import AAF, portail et actualités.`,
          existing
            ? 'Connectez-vous avec votre compte habituel.'
            : `Un compte a été créé à cette adresse : choisissez son mot de passe depuis la page « Mot de passe oublié » (${services.config.publicUrl}/mot-de-passe-oublie), ou connectez-vous avec ProConnect si cette adresse est votre adresse académique.`,
        ],
        action: { label: "Ouvrir l'administration de l'école", url: `${base}/ecole/${options.school.uai}/gestion` },
        signature: 'La Métropole de Lyon',
      },
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.administrator_created',
      target: { type: 'school', id: options.school.id },
      details: { email, accountCreated: !existing },
      at,
    });
  });
  return { accountCreated: !existing };
}
