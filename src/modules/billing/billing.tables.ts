import type { ColumnType, Generated, Selectable } from 'kysely';
import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import type { ComputationStep } from './contribution-engine.ts';

type CalendarDate = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type OrderKind = 'annual' | 'complementary' | 'refund';
export type LineKind = 'contribution' | 'refund';

export interface SyntecIndexTable {
  id: Generated<string>;
  /** The month the value is for, 'YYYY-MM'. */
  month: string;
  /** 302,5 → 30250: index values have at most two decimals. */
  value_hundredths: number;
  published_on: CalendarDate;
  created_at: Timestamp;
  created_by_label: string;
}

export interface PopulationOverrideTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  population: number;
  source: string;
  created_at: Timestamp;
  created_by_label: string;
}

export interface ConnectorCostTable {
  id: Generated<string>;
  tenant_id: string;
  label: string;
  annual_cents: number;
  price_year: number;
  active_from: CalendarDate;
  active_until: CalendarDate | null;
  created_at: Timestamp;
  created_by_label: string;
}

export interface RevenueOrderTable {
  id: Generated<string>;
  tenant_id: string;
  year: number;
  number: string;
  kind: OrderKind;
  issued_on: CalendarDate;
  total_cents: number;
  schedule_id: string;
  paid_on: CalendarDate | null;
  created_at: Timestamp;
}

/** What an order line keeps of its computation: the steps shown to the commune, and the inputs they came from. */
export type LineComputation = {
  steps: ComputationStep[];
  population: number;
  populationSource: string;
  syntec: {
    reference: { month: string; hundredths: number } | null;
    current: { month: string; hundredths: number } | null;
  };
};

export interface RevenueOrderLineTable {
  id: Generated<string>;
  tenant_id: string;
  order_id: string;
  year: number;
  service: SharedService;
  offer: SubscriptionOffer;
  line_kind: LineKind;
  amount_cents: number;
  full_year_cents: number;
  converging: boolean;
  billed_from: CalendarDate;
  billed_to: CalendarDate;
  computation: Json<LineComputation>;
}

export interface BillingTables {
  syntec_index: SyntecIndexTable;
  population_override: PopulationOverrideTable;
  connector_cost: ConnectorCostTable;
  revenue_order: RevenueOrderTable;
  revenue_order_line: RevenueOrderLineTable;
}

export type SyntecIndexRow = Selectable<SyntecIndexTable>;
export type PopulationOverride = Selectable<PopulationOverrideTable>;
export type ConnectorCostRow = Selectable<ConnectorCostTable>;
export type RevenueOrder = Selectable<RevenueOrderTable>;
export type RevenueOrderLine = Selectable<RevenueOrderLineTable>;
