import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type AgentRole = 'agent' | 'admin';

export interface AgentInvitationTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  display_name: string;
  role: AgentRole;
  /** sha256 of the one-time link's token: the link itself is only in the e-mail. */
  token_hash: string;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface AgentSuspensionTable {
  tenant_id: string;
  user_id: string;
  /** The roles the agent held, given back on reinstatement. */
  roles: AgentRole[];
  suspended_at: Timestamp;
  suspended_by: string | null;
}

export interface TenantsTables {
  agent_invitation: AgentInvitationTable;
  agent_suspension: AgentSuspensionTable;
}

export type AgentInvitation = Selectable<AgentInvitationTable>;
export type AgentSuspension = Selectable<AgentSuspensionTable>;
