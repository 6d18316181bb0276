import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/** Issue 23 §1–§2: a commune's own news, on its home page and, the latest ones, on the metropolis's. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE home_news (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
      published_at timestamptz NOT NULL,
      published_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX home_news_recent ON home_news (tenant_id, published_at DESC)`.execute(db);
  await sql`CREATE INDEX home_news_latest ON home_news (published_at DESC)`.execute(db);
  await enableTenantRowSecurity(db, 'home_news');
}
