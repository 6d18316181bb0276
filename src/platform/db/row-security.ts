// Row-level security for a tenant-owned table, as the platform's first migration defined it: every module's
// migrations use this one definition.
export { enableTenantRowSecurity } from './migrations/0001_platform.ts';
