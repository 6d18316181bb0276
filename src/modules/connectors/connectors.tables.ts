import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ConnectorProtocol = 'open311' | 'webhook';
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** A Connecté commune's system: where its requests go and how (one per commune). */
export interface ConnectorConfigTable {
  tenant_id: string;
  protocol: ConnectorProtocol;
  endpoint_url: string;
  /** Open311: the commune's service code the requests are filed under. */
  service_code: Generated<string>;
  /** Open311: the jurisdiction_id its server expects, when it serves several. */
  jurisdiction_id: Generated<string>;
  /** The API key (Open311) or the HMAC secret (webhook), sealed with the deployment's secret. */
  secret_sealed: string;
  /** The secret's last characters, so an administrator recognises which one is in force. */
  secret_hint: string;
  enabled: boolean;
  /** Open311 only: the platform fetches the updates (`GET servicerequestupdates.json`) for a system that cannot push. */
  poll_enabled: Generated<boolean>;
  /** When the last successful poll started: the next one asks for updates from there (minus an overlap). */
  last_polled_at: Timestamp | null;
  /** The last poll's failure in our words (cleared by a success), and when it happened. */
  last_poll_error: string | null;
  last_poll_failed_at: Timestamp | null;
  updated_at: Timestamp;
  updated_by_label: string;
}

/** One request handed to one commune's system: owned by the request's holder, as the request is. */
export interface ConnectorDeliveryTable {
  id: Generated<string>;
  tenant_id: string;
  commune_tenant_id: string;
  request_id: string;
  request_number: string;
  protocol: ConnectorProtocol;
  /** What is sent, frozen when the delivery is created: every attempt sends the same thing. */
  payload: ColumnType<DeliveryPayload, string, string>;
  state: DeliveryState;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  /** The commune's own reference (Open311 service_request_id, or the id its webhook answered). */
  commune_reference: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

/** A status update a commune's system sent back, kept once per update id. */
export interface ConnectorUpdateTable {
  id: Generated<string>;
  tenant_id: string;
  commune_tenant_id: string;
  delivery_id: string;
  update_id: string;
  status: string;
  description: Generated<string>;
  updated_at_source: Timestamp;
  received_at: Timestamp;
  applied: boolean;
}

/** A client of our Open311 server (a commune's tool, a mobile application), by the digest of its API key. */
export interface Open311ClientTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  key_digest: string;
  /** The key's last four characters, the only part a page shows (empty for keys issued before they were kept). */
  key_last4: Generated<string>;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A request our Open311 server took (its GET answers for these alone). */
export interface Open311RequestTable {
  request_id: string;
  /** The request's holder. */
  tenant_id: string;
  jurisdiction_tenant_id: string;
  number: string;
  service_code: string;
  service_name: string;
  created_at: Timestamp;
}

/** A relayed request as the commune's system receives it. */
export type DeliveryPayload = {
  eventId: string;
  number: string;
  submittedAt: string;
  service: { slug: string; title: string };
  commune: { inseeCode: string | null; name: string };
  email: string | null;
  location: { lat: number; lon: number } | null;
  description: string;
  /** Plain answers, by field key (files and points left out: they travel as a link and as lat/long). */
  attributes: Record<string, string>;
};

export type ConnectorsTables = {
  connector_config: ConnectorConfigTable;
  connector_delivery: ConnectorDeliveryTable;
  connector_update: ConnectorUpdateTable;
  open311_client: Open311ClientTable;
  open311_request: Open311RequestTable;
};

export type ConnectorConfigRow = Selectable<ConnectorConfigTable>;
export type ConnectorDeliveryRow = Selectable<ConnectorDeliveryTable>;
export type Open311ClientRow = Selectable<Open311ClientTable>;
