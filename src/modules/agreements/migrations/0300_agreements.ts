import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

const SERVICE = `service text NOT NULL CHECK (service IN ('toodego', 'laclasse', 'opendata', 'geonet'))`;
// The same pairs as the subscription table: Toodego has offers, the other services are subscribed or not.
const offerMatchesService = (column: string) =>
  `CHECK ((service = 'toodego' AND ${column} IN ('partenaire', 'abonne', 'connecte', 'none')) OR (service <> 'toodego' AND ${column} IN ('subscribed', 'none')))`;

/**
 * Framework agreements per commune (convention-cadre art. 2, 12, 13; annexes), their annexes as periods of a service
 * at an offer, amendments, notices, disputes, the checklist of a change of offer or of leaving, and governance meetings with their minutes
 * (annexe Toodego §5). Everything a commune owns is row-level secured; a meeting belongs to the metropolis and reaches
 * each commune through its recipient row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agreement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      reference text NOT NULL,
      commune_signed_on date NOT NULL,
      metropole_signed_on date NOT NULL,
      effective_on date NOT NULL,
      max_last_day date NOT NULL,
      last_day date NOT NULL,
      end_reason text NOT NULL DEFAULT 'max_duration'
        CHECK (end_reason IN ('max_duration', 'notice_commune', 'notice_metropole', 'breach_by_commune', 'breach_by_metropole')),
      ended_applied_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      CHECK (effective_on = greatest(commune_signed_on, metropole_signed_on)),
      CHECK (last_day <= max_last_day AND last_day >= effective_on - 1)
    )`.execute(db);
  await sql`CREATE INDEX agreement_tenant ON agreement (tenant_id, effective_on DESC)`.execute(db);

  await sql`
    CREATE TABLE agreement_amendment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agreement_id uuid NOT NULL REFERENCES agreement(id),
      number integer NOT NULL CHECK (number > 0),
      kind text NOT NULL CHECK (kind IN ('add_service', 'drop_service', 'change_offer')),
      ${sql.raw(SERVICE)},
      from_offer text NOT NULL,
      to_offer text NOT NULL,
      notice_received_on date,
      notice_late boolean NOT NULL DEFAULT false,
      commune_signed_on date,
      metropole_signed_on date,
      effective_on date NOT NULL,
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'applied', 'cancelled')),
      applied_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      UNIQUE (agreement_id, number),
      ${sql.raw(offerMatchesService('from_offer'))},
      ${sql.raw(offerMatchesService('to_offer'))}
    )`.execute(db);

  await sql`
    CREATE TABLE agreement_annex (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agreement_id uuid NOT NULL REFERENCES agreement(id),
      ${sql.raw(SERVICE)},
      offer text NOT NULL,
      starts_on date NOT NULL,
      last_day date NOT NULL,
      previously_billed_cents integer CHECK (previously_billed_cents >= 0),
      amendment_id uuid REFERENCES agreement_amendment(id),
      cancelled_at timestamptz,
      start_applied_at timestamptz,
      end_applied_at timestamptz,
      created_at timestamptz NOT NULL,
      ${sql.raw(offerMatchesService('offer'))},
      CHECK (offer <> 'none'),
      CHECK (last_day >= starts_on - 1)
    )`.execute(db);
  await sql`CREATE INDEX agreement_annex_tenant ON agreement_annex (tenant_id, service, starts_on)`.execute(db);

  await sql`
    CREATE TABLE agreement_notice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agreement_id uuid NOT NULL REFERENCES agreement(id),
      kind text NOT NULL CHECK (kind IN ('termination', 'formal_notice')),
      from_party text NOT NULL CHECK (from_party IN ('commune', 'metropole')),
      received_on date NOT NULL,
      deadline_on date NOT NULL,
      late boolean NOT NULL DEFAULT false,
      grounds text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'effective', 'remedied', 'unremedied', 'terminated')),
      resolved_on date,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX agreement_notice_tenant ON agreement_notice (tenant_id, received_on)`.execute(db);

  await sql`
    CREATE TABLE agreement_dispute (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agreement_id uuid NOT NULL REFERENCES agreement(id),
      from_party text NOT NULL CHECK (from_party IN ('commune', 'metropole')),
      received_on date NOT NULL,
      answer_due_on date NOT NULL,
      subject text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected', 'rejected_by_silence')),
      answered_on date,
      answer text,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX agreement_dispute_tenant ON agreement_dispute (tenant_id, received_on)`.execute(db);

  await sql`
    CREATE TABLE transition_task (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agreement_id uuid NOT NULL REFERENCES agreement(id),
      amendment_id uuid REFERENCES agreement_amendment(id),
      notice_id uuid REFERENCES agreement_notice(id),
      ${sql.raw(SERVICE)},
      from_offer text NOT NULL,
      to_offer text NOT NULL,
      due_on date NOT NULL,
      code text NOT NULL,
      label text NOT NULL,
      responsible text NOT NULL CHECK (responsible IN ('commune', 'metropole')),
      after_code text,
      source text NOT NULL,
      position integer NOT NULL,
      status text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'done', 'not_needed')),
      updated_at timestamptz,
      updated_by_label text,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX transition_task_tenant ON transition_task (tenant_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE governance_meeting (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('framework_steering', 'toodego_steering', 'toodego_project', 'bilateral', 'round_table')),
      title text NOT NULL,
      held_on date NOT NULL,
      minutes text NOT NULL,
      bilateral_tenant_id uuid REFERENCES tenant(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'awaiting_approval', 'approved', 'contested')),
      version integer NOT NULL DEFAULT 0,
      published_on date,
      approval_deadline_on date,
      approved_on date,
      approved_tacitly boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      CHECK ((kind = 'bilateral') = (bilateral_tenant_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX governance_meeting_pending ON governance_meeting (approval_deadline_on) WHERE status = 'awaiting_approval'`.execute(
    db,
  );

  await sql`
    CREATE TABLE governance_recipient (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      meeting_id uuid NOT NULL REFERENCES governance_meeting(id),
      response text NOT NULL DEFAULT 'pending' CHECK (response IN ('pending', 'approved', 'objected')),
      objection text,
      responded_at timestamptz,
      responded_by_label text,
      UNIQUE (meeting_id, tenant_id)
    )`.execute(db);
  await sql`CREATE INDEX governance_recipient_tenant ON governance_recipient (tenant_id)`.execute(db);

  for (const table of [
    'agreement',
    'agreement_amendment',
    'agreement_annex',
    'agreement_notice',
    'agreement_dispute',
    'transition_task',
    'governance_recipient',
  ]) {
    await enableTenantRowSecurity(db, table);
  }
}
