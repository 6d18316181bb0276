import type { Provider } from '../../catalogue/index.ts';
import { ProviderBadge } from '../../catalogue/index.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { Icon, type IconName } from '../../../platform/views/icons.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { EmptyState } from '../../../platform/views/search-box.tsx';

/** The pieces of the home pages: service tiles, themes, pending actions, news, contact details. */

export type ServiceTile = { title: string; summary: string; path: string; provider: Provider };
export type NewsItem = { kind: string; title: string; body: string; at: Date };
export type PendingItem = {
  kind: 'answer' | 'draft';
  title: string;
  href: string;
  number: string | null;
  updatedAt: Date;
};
export type Contact = { address: string; phone: string; email: string; openingHours: string };

export function SectionTitle({ id, icon, children }: { id: string; icon: IconName; children: string }) {
  return (
    <h2 id={id} class="section-title">
      <Icon name={icon} />
      {children}
    </h2>
  );
}

export function ServiceTiles({ tiles }: { tiles: ServiceTile[] }) {
  return (
    <ul class="tiles">
      {tiles.map((tile) => (
        <li>
          <article class="tile">
            <h3 class="tile__title">
              <a href={tile.path}>{tile.title}</a>
            </h3>
            <p>{tile.summary}</p>
            <ProviderBadge provider={tile.provider} />
          </article>
        </li>
      ))}
    </ul>
  );
}

/** A signed-in citizen's to-do: requests waiting for their answer, unfinished drafts; or what to do when none. */
export function PendingActions({
  context,
  actions,
  more,
}: {
  context: PageContext;
  actions: PendingItem[];
  more: boolean;
}) {
  if (actions.length === 0)
    return (
      <EmptyState icon="circle-check" title="Rien ne vous attend.">
        <p>
          Aucune demande n'attend votre réponse et vous n'avez pas de brouillon en cours.{' '}
          <a href={href(context, '/mes-demandes')}>Voir toutes mes demandes</a>
        </p>
      </EmptyState>
    );
  return (
    <>
      <ul class="pending">
        {actions.map((action) => (
          <li>
            {action.kind === 'answer' ? (
              <strong class="badge badge--action">
                <Icon name="message-circle" /> Votre réponse est attendue
              </strong>
            ) : (
              <span class="badge badge--draft">
                <Icon name="pencil" /> Brouillon
              </span>
            )}
            <a href={action.href}>
              {action.title}
              {action.number ? ` — n° ${action.number}` : ''}
            </a>
            <span class="muted">modifié le {formatDate(action.updatedAt)}</span>
          </li>
        ))}
      </ul>
      {more ? (
        <p>
          <a href={href(context, '/mes-demandes')}>Voir toutes mes demandes et mes brouillons</a>
        </p>
      ) : null}
    </>
  );
}

export function News({ context, items }: { context: PageContext; items: NewsItem[] }) {
  if (items.length === 0)
    return (
      <EmptyState icon="newspaper" title="Aucune actualité pour le moment.">
        <p>Les annonces de la Métropole et des communes paraîtront ici.</p>
      </EmptyState>
    );
  return (
    <>
      <ul class="news">
        {items.map((item) => (
          <li>
            <span class="badge badge--info">{item.kind}</span>{' '}
            <span class="muted">
              publiée le <time dateTime={item.at.toISOString()}>{formatDate(item.at)}</time>
            </span>
            <h3>{item.title}</h3>
            <p>{item.body.split(/\n{2,}/)[0]}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href={href(context, '/actualites')}>Toutes les actualités</a>
      </p>
    </>
  );
}

export function ContactDetails({ contact }: { contact: Contact }) {
  const rows: Array<[IconName, string, preact.ComponentChildren]> = [];
  if (contact.address) rows.push(['map-pin', 'Adresse', contact.address]);
  if (contact.phone)
    rows.push(['phone', 'Téléphone', <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>]);
  if (contact.email) rows.push(['mail', 'Courriel', <a href={`mailto:${contact.email}`}>{contact.email}</a>]);
  if (contact.openingHours) rows.push(['clock', "Horaires d'ouverture", contact.openingHours]);
  return (
    <dl>
      {rows.map(([icon, label, value]) => (
        <>
          <dt>
            <Icon name={icon} />
            {label}
          </dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}
