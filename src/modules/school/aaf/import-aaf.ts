import { createHash } from 'node:crypto';
import { recordAudit, type AuditActor } from '../../../platform/audit/audit.repo.ts';
import { type TenantTransaction, withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import {
  addMembership,
  endProfile,
  ensureGroup,
  findPersonByJointure,
  findProfile,
  findPupilsByJointure,
  insertPerson,
  listFedProfiles,
  listMemberships,
  listParentLinks,
  linkParent,
  type PersonFields,
  removeMembership,
  setProfile,
  updatePerson,
} from '../directory.repo.ts';
import type { Profile, RejectedLine, School } from '../school.tables.ts';
import { AafFormatError, type AafRecord, readAafRecords } from './aaf-reader.ts';

export type ImportKind = 'full' | 'delta';

export type ImportReport = {
  id: string;
  kind: ImportKind;
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  ignored: number;
  rejected: RejectedLine[];
};

/** Records written per transaction: big enough to be quick, small enough not to hold locks for long. */
const BATCH = 200;
/** The report keeps the first rejected lines; a file refused wholesale says so in its first ones. */
const MAX_REJECTED = 500;

type Counts = Omit<ImportReport, 'id' | 'kind'>;
type Outcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'ignored' | { reject: string };

/**
 * Imports an AAF feed into one school's directory, as it streams in. Idempotent: a person is found by the AAF join
 * identifier and only what changed is written, so the same file twice changes nothing the second time. A full
 * export also ends the fed profiles it no longer contains; a delta ends only those it deletes. What the school
 * entered by hand (its administrators, people and groups the feed lacks) is never touched by the feed.
 */
export async function importAaf(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id' | 'uai'>;
    kind: ImportKind;
    fileName: string;
    source: AsyncIterable<Buffer | string>;
    actor: AuditActor;
  },
): Promise<ImportReport | { error: string }> {
  const { school } = options;
  const counts: Counts = { created: 0, updated: 0, removed: 0, unchanged: 0, ignored: 0, rejected: [] };
  const seen = new Set<string>();
  const hash = createHash('sha256');
  const now = services.clock.now();
  const reject = (record: Pick<AafRecord, 'line' | 'identifier'>, reason: string) => {
    if (counts.rejected.length < MAX_REJECTED)
      counts.rejected.push({ line: record.line, identifier: record.identifier, reason });
  };
  const tally = (record: AafRecord, outcome: Outcome) => {
    if (typeof outcome === 'object') reject(record, outcome.reject);
    else counts[outcome] += 1;
  };
  async function* hashed(): AsyncGenerator<Buffer | string> {
    for await (const chunk of options.source) {
      hash.update(chunk);
      yield chunk;
    }
  }

  let batch: AafRecord[] = [];
  const flush = async () => {
    const records = batch;
    batch = [];
    await withTenant(services.db, school.tenant_id, async (trx) => {
      for (const record of records) tally(record, await applyRecord(trx, school, record, { seen, at: now }));
    });
  };
  try {
    for await (const record of readAafRecords(hashed())) {
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof AafFormatError) return { error: `${error.message} (ligne ${error.line})` };
    throw error;
  }

  return withTenant(services.db, school.tenant_id, async (trx) => {
    // Only a whole export that was read to its end may say who left.
    if (options.kind === 'full') {
      for (const profile of await listFedProfiles(trx, school.id)) {
        if (profile.jointure && seen.has(profile.jointure)) continue;
        await endProfile(trx, profile.id, now);
        counts.removed += 1;
      }
    }
    const row = await trx
      .insertInto('school_import')
      .values({
        tenant_id: trx.tenantId,
        school_id: school.id,
        kind: options.kind,
        file_name: options.fileName.slice(0, 200),
        sha256: hash.digest('hex'),
        created: counts.created,
        updated: counts.updated,
        removed: counts.removed,
        unchanged: counts.unchanged,
        ignored: counts.ignored,
        rejected: JSON.stringify(counts.rejected),
        imported_at: now,
        actor_label: options.actor.label,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.aaf_import',
      target: { type: 'school', id: school.id },
      details: {
        kind: options.kind,
        created: counts.created,
        updated: counts.updated,
        removed: counts.removed,
        rejected: counts.rejected.length,
      },
      at: now,
    });
    return { id: row.id, kind: options.kind, ...counts };
  });
}

const first = (record: AafRecord, name: string): string => record.attributes.get(name)?.[0]?.trim() ?? '';
const all = (record: AafRecord, name: string): readonly string[] => record.attributes.get(name) ?? [];

/** AAF dates are dd/mm/yyyy; an empty one is no date. */
function aafDate(value: string): string | null | undefined {
  if (!value) return null;
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** `UAI$code[$label]` values that concern this school, as [code, label]. */
function ofSchool(values: readonly string[], uai: string): Array<[string, string]> {
  return values
    .map((v) => v.split('$'))
    .filter((parts) => parts[0] === uai && parts[1])
    .map((parts) => [parts[1] ?? '', parts[2] || parts[1] || '']);
}

/** The profile a staff member's functions give in this school (the AAF function codes of the 1st degree). */
function staffProfile(record: AafRecord, uai: string): Profile {
  const functions = ofSchool(all(record, 'ENTPersonFonctions'), uai).map(([code]) => code);
  if (functions.includes('DIR')) return 'head';
  if (functions.includes('ENS') || functions.includes('DOC')) return 'teacher';
  return 'staff';
}

async function applyRecord(
  trx: TenantTransaction,
  school: Pick<School, 'id' | 'uai'>,
  record: AafRecord,
  context: { seen: Set<string>; at: Date },
): Promise<Outcome> {
  const jointure = first(record, 'ENTPersonJointure') || record.identifier;
  if (!jointure) return { reject: 'Identifiant AAF (ENTPersonJointure) absent.' };
  if (record.operation === 'delete') {
    const person = await findPersonByJointure(trx, jointure);
    const profile = person && (await findProfile(trx, school.id, person.id));
    if (!profile || !profile.active || profile.source !== 'aaf') return 'ignored';
    await endProfile(trx, profile.id, context.at);
    return 'removed';
  }
  if (!['Eleve', 'PersEducNat', 'PersRelEleve'].includes(record.category))
    return record.category ? { reject: `Catégorie de personne inconnue : « ${record.category} ».` } : 'ignored';

  const lastName = first(record, 'ENTPersonNom') || first(record, 'sn');
  const firstName = first(record, 'ENTPersonPrenom') || first(record, 'givenName');
  if (!lastName || !firstName) return { reject: 'Nom ou prénom absent.' };
  const birthDate = aafDate(first(record, 'ENTPersonDateNaissance'));
  if (birthDate === undefined)
    return {
      reject: `Date de naissance illisible : « ${first(record, 'ENTPersonDateNaissance')} » (jj/mm/aaaa attendu).`,
    };
  const email = first(record, 'ENTPersonMail') || first(record, 'mail') || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return { reject: `Adresse électronique illisible : « ${email} ».` };
  const fields: PersonFields = { lastName, firstName, birthDate, email: email?.toLowerCase() ?? null };

  let profile: Profile;
  let children: Array<{ id: string; relation: string }> = [];
  if (record.category === 'PersRelEleve') {
    const wanted = all(record, 'ENTPersRelEleveEleve').map((v) => v.split('$'));
    const pupils = await findPupilsByJointure(
      trx,
      school.id,
      wanted.map((parts) => parts[0] ?? ''),
    );
    if (pupils.length === 0) return 'ignored';
    children = pupils.map((p) => ({ id: p.id, relation: wanted.find((parts) => parts[0] === p.jointure)?.[1] ?? '' }));
    profile = 'parent';
  } else {
    const attached =
      all(record, 'ENTPersonStructRattach').includes(school.uai) ||
      ofSchool(all(record, 'ENTPersonFonctions'), school.uai).length > 0;
    if (!attached) return 'ignored';
    profile = record.category === 'Eleve' ? 'pupil' : staffProfile(record, school.uai);
  }
  context.seen.add(jointure);

  let outcome: Outcome = 'unchanged';
  let person = await findPersonByJointure(trx, jointure);
  if (!person) {
    person = await insertPerson(trx, { ...fields, jointure, source: 'aaf', at: context.at });
    outcome = 'created';
  } else if (
    person.last_name !== fields.lastName ||
    person.first_name !== fields.firstName ||
    person.birth_date !== fields.birthDate ||
    (person.email ?? null) !== fields.email
  ) {
    await updatePerson(trx, person.id, { ...fields, at: context.at });
    outcome = 'updated';
  }
  const mark = () => {
    if (outcome === 'unchanged') outcome = 'updated';
  };

  const current = await findProfile(trx, school.id, person.id);
  // A profile the school gave by hand (its administrator, for one) outranks the feed's.
  if (
    !current ||
    (current.source === 'aaf' && (current.profile !== profile || !current.active)) ||
    (current.source === 'manual' && !current.active)
  ) {
    await setProfile(trx, { schoolId: school.id, personId: person.id, profile, source: 'aaf' });
    if (current) mark();
  }

  if (record.category !== 'PersRelEleve') {
    const wanted = new Set<string>();
    for (const [code, label] of ofSchool(all(record, 'ENTPersonClasses'), school.uai))
      wanted.add(await ensureGroup(trx, { schoolId: school.id, kind: 'class', code, name: label, source: 'aaf' }));
    for (const [code, label] of ofSchool(all(record, 'ENTPersonGroupes'), school.uai))
      wanted.add(await ensureGroup(trx, { schoolId: school.id, kind: 'group', code, name: label, source: 'aaf' }));
    const memberships = await listMemberships(trx, school.id, person.id);
    for (const groupId of wanted) {
      if (memberships.some((m) => m.groupId === groupId)) continue;
      await addMembership(trx, groupId, person.id, 'aaf');
      mark();
    }
    for (const m of memberships) {
      if (m.source !== 'aaf' || wanted.has(m.groupId)) continue;
      await removeMembership(trx, m.groupId, person.id);
      mark();
    }
  } else {
    const links = await listParentLinks(trx, person.id);
    for (const child of children) {
      const existing = links.find((l) => l.childId === child.id);
      if (existing && existing.relation === child.relation) continue;
      await linkParent(trx, { parentId: person.id, childId: child.id, relation: child.relation, source: 'aaf' });
      mark();
    }
  }
  return outcome;
}
