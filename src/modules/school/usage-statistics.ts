import { addDays, parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { PROFILE_LABELS, PROFILES, SERVICES, type ServiceKey } from './portal-rights.ts';
import type { School } from './school.tables.ts';
import { sumUsage } from './schools.repo.ts';

export type SchoolStatistics = {
  schools: Array<{
    uai: string;
    name: string;
    commune: string;
    byProfile: Array<{ label: string; connections: number; portal: number; services: number }>;
    byService: Array<{ label: string; count: number }>;
  }>;
};

/**
 * Usage of the given schools over the last days, per school and profile, and per service: only sums, from counters
 * that never held a person.
 */
export async function usageStatistics(
  services: Services,
  options: {
    schools: Array<Pick<School, 'id' | 'tenant_id' | 'uai' | 'name'>>;
    communeNames: Map<string, string>;
    days: number;
  },
): Promise<SchoolStatistics> {
  const to = parisDay(services.clock.now());
  const from = addDays(to, -(options.days - 1));
  const rows = await sumUsage(services.db, {
    tenantIds: [...new Set(options.schools.map((s) => s.tenant_id))],
    from,
    to,
  });
  return {
    schools: [...options.schools]
      .sort((a, b) => compareFrench(a.name, b.name))
      .map((school) => {
        const mine = rows.filter((r) => r.schoolId === school.id);
        const sum = (filter: (r: (typeof rows)[number]) => boolean) =>
          mine.filter(filter).reduce((n, r) => n + r.count, 0);
        const services = new Map<string, number>();
        for (const r of mine)
          if (r.kind === 'service') services.set(r.service, (services.get(r.service) ?? 0) + r.count);
        return {
          uai: school.uai,
          name: school.name,
          commune: options.communeNames.get(school.tenant_id) ?? '',
          byProfile: PROFILES.map((profile) => ({
            label: PROFILE_LABELS[profile],
            connections: sum((r) => r.profile === profile && r.kind === 'login'),
            portal: sum((r) => r.profile === profile && r.kind === 'portal'),
            services: sum((r) => r.profile === profile && r.kind === 'service'),
          })),
          byService: [...services]
            .map(([key, count]) => ({ label: SERVICES[key as ServiceKey] ?? key, count }))
            .sort((a, b) => b.count - a.count),
        };
      }),
  };
}
