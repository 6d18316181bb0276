import type { ComponentChildren } from 'preact';

/**
 * A wide table's scrolling frame: a named region that takes keyboard focus, so that a keyboard user can scroll it
 * too (WCAG 2.1.1; axe "scrollable-region-focusable").
 */
export function TableRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrapper" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
