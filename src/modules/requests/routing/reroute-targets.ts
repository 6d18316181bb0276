import type { Services } from '../../../platform/services.ts';
import { mayUse } from '../../../platform/tenancy/offers.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { compareFrench } from '../../../platform/views/format.ts';
import type { EServiceSettings, Office } from '../../catalogue/index.ts';
import { communeOffice, type RoutingDecision } from './route-request.ts';

/** Where an agent may send a request that is not their administration's: the value of the choice, and its label. */
export type RerouteTarget = {
  value: string;
  label: string;
  group: 'commune' | 'metropole' | 'relay';
};

/** The services of the metropolis this e-service names: its own office when the metropolis provides it, and its rules'. */
function metropolisOffices(provider: ResolvedTenant, settings: EServiceSettings): Office[] {
  const offices: Office[] = provider.kind === 'metropole' ? [settings.office] : [];
  if (settings.routing.mode === 'territorial') {
    for (const rule of settings.routing.rules) {
      if (rule.competence === 'metropole') offices.push(rule.office ?? settings.office);
    }
  }
  return offices.filter((office, index) => offices.findIndex((o) => o.name === office.name) === index);
}

/**
 * The administrations a request may be sent on to, the holder excepted: the member communes that process their
 * requests here, the metropolis's services this e-service knows, and, by e-mail, the communes that do not process
 * them here and whose address is known. A test instance's request stays among test data: only relays by e-mail,
 * which tell no production agent.
 */
export async function rerouteTargets(
  services: Services,
  context: { holder: ResolvedTenant; provider: ResolvedTenant; settings: EServiceSettings },
): Promise<RerouteTarget[]> {
  const { holder, provider, settings } = context;
  const tenants = await services.tenants.all();
  const communes = tenants
    .filter((t) => t.kind === 'commune' && !t.isTestInstance)
    .sort((a, b) => compareFrench(a.name, b.name));
  const targets: RerouteTarget[] = [];
  if (!holder.isTestInstance) {
    for (const commune of communes) {
      if (commune.id !== holder.id && mayUse(commune.offers, 'gru.process'))
        targets.push({ value: `commune:${commune.id}`, label: commune.name, group: 'commune' });
    }
    const metropole = tenants.find((t) => t.kind === 'metropole');
    metropolisOffices(provider, settings).forEach((office, index) => {
      if (metropole)
        targets.push({ value: `metropole:${index}`, label: `${metropole.name} — ${office.name}`, group: 'metropole' });
    });
  }
  for (const commune of communes) {
    if (commune.id === holder.production.id || mayUse(commune.offers, 'gru.process')) continue;
    // Without an address of its own or a reference contact, a commune cannot be written to.
    if (!commune.contact_email && !commune.insee_code) continue;
    const office = await communeOffice(
      relayContext(services, holder, settings),
      commune.insee_code ?? '',
      commune.name,
      commune,
    );
    if (office.relayTo)
      targets.push({
        value: `relais:${commune.id}`,
        label: `${commune.name} (${office.relayTo})`,
        group: 'relay',
      });
  }
  return targets;
}

const relayContext = (services: Services, owner: ResolvedTenant, settings: EServiceSettings) => ({
  db: services.db,
  tenants: services.tenants,
  owner,
  settings,
  answers: {},
});

/**
 * The routing decision an agent's choice makes, kept on the new request like a rule's: which administration, its
 * office, the channel, and why (the agent's words). Undefined: a choice that is not (or no longer) offered.
 */
export async function rerouteDecision(
  services: Services,
  context: {
    holder: ResolvedTenant;
    provider: ResolvedTenant;
    settings: EServiceSettings;
    previous: RoutingDecision;
    choice: string;
    explanation: string;
  },
): Promise<RoutingDecision | undefined> {
  const offered = await rerouteTargets(services, context);
  const target = offered.find((t) => t.value === context.choice);
  if (!target) return undefined;
  const [kind, key] = [
    target.value.slice(0, target.value.indexOf(':')),
    target.value.slice(target.value.indexOf(':') + 1),
  ];
  const base = {
    ruleId: 'reorientation',
    ruleLabel: 'Réorientée par un agent',
    explanation: context.explanation,
    commune: context.previous.commune,
  };
  if (kind === 'metropole') {
    const metropole = await services.tenants.metropole();
    const office = metropolisOffices(context.provider, context.settings)[Number(key)];
    if (!office) return undefined;
    return {
      ...base,
      holderTenantId: metropole.id,
      competent: { name: metropole.name, kind: 'metropole', tenantSlug: metropole.slug, office },
      channel: 'platform',
      relayTo: null,
    };
  }
  const commune = (await services.tenants.all()).find((t) => t.id === key && !t.isTestInstance);
  if (!commune) return undefined;
  const { relayTo, ...office } = await communeOffice(
    relayContext(services, context.holder, context.settings),
    commune.insee_code ?? '',
    commune.name,
    commune,
  );
  if (kind === 'commune') {
    return {
      ...base,
      holderTenantId: commune.id,
      competent: { name: commune.name, kind: 'commune', tenantSlug: commune.slug, office },
      channel: 'platform',
      relayTo: null,
    };
  }
  if (!relayTo) return undefined;
  return {
    ...base,
    holderTenantId: context.holder.id,
    competent: { name: commune.name, kind: 'commune', tenantSlug: commune.slug, office },
    channel: 'email-relay',
    relayTo,
  };
}
