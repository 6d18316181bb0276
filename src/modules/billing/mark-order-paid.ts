import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { findOrder, setOrderPaid } from './billing.repo.ts';

/** An operator records that a commune paid an order (what a refund on the metropolis's breach is computed from). */
export async function markOrderPaid(
  services: Services,
  options: { tenantId: string; orderId: string; paidOn: string; actor: AuditActor },
): Promise<{ ok: true } | { ok: false; error: string } | { ok: false; notFound: true }> {
  const now = services.clock.now();
  return withTenant(services.db, options.tenantId, async (trx) => {
    const order = await findOrder(trx, options.orderId);
    if (!order) return { ok: false as const, notFound: true as const };
    if (order.kind === 'refund') return { ok: false as const, error: 'Un titre de remboursement ne se paie pas.' };
    if (options.paidOn > parisDay(now) || options.paidOn < order.issued_on) {
      return {
        ok: false as const,
        error: "La date de paiement doit être comprise entre l'émission du titre et aujourd'hui.",
      };
    }
    await setOrderPaid(trx, order.id, options.paidOn);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenantId,
      action: 'billing.order.paid',
      target: { type: 'revenue_order', id: order.id },
      details: { number: order.number, paidOn: options.paidOn, before: order.paid_on },
      at: now,
    });
    return { ok: true as const };
  });
}
