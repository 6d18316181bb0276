import { href, type PageContext } from '../../../platform/views/page-context.ts';

export type GruSection = 'demandes' | 'statistiques' | 'exports' | 'circuits' | 'preferences';

const SECTIONS: Array<{ key: GruSection; label: string; path: string }> = [
  { key: 'demandes', label: 'Demandes', path: '/gru/demandes' },
  { key: 'statistiques', label: 'Statistiques', path: '/gru/statistiques' },
  { key: 'exports', label: 'Exports', path: '/gru/exports' },
  { key: 'circuits', label: 'Circuits', path: '/gru/circuits' },
  { key: 'preferences', label: 'Mes notifications', path: '/gru/preferences' },
];

/** The back-office's own menu, under the site's. */
export function GruNav({ context, current, onPage }: { context: PageContext; current: GruSection; onPage: boolean }) {
  return (
    <nav class="gru-nav" aria-label="Traitement des demandes">
      <ul class="gru-nav__list">
        {SECTIONS.map((s) => (
          <li>
            <a href={href(context, s.path)} aria-current={s.key === current ? (onPage ? 'page' : 'true') : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const GRU_CRUMBS = [
  { label: 'Accueil', path: '/' },
  { label: 'Demandes à traiter', path: '/gru/demandes' },
];
