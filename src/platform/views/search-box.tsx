import type { ComponentChildren } from 'preact';
import { TextField } from './forms.tsx';
import { Icon, type IconName, themeIcon } from './icons.tsx';
import { href, type PageContext } from './page-context.ts';

/**
 * The catalogue's search, the first thing a visitor looking for a service needs: on the home pages, and on the pages
 * that found nothing (404). A plain GET form: it works without any script.
 */
export function SearchBox({
  context,
  label = 'Rechercher une démarche',
  value,
}: {
  context: PageContext;
  label?: string;
  value?: string;
}) {
  return (
    <form method="get" action={href(context, '/demarches')} class="hero-search" role="search" aria-label="Démarches">
      <TextField
        name="q"
        label={label}
        hint="Par exemple : état civil, éclairage, inscription scolaire."
        type="search"
        required={false}
        width="full"
        maxLength={200}
        value={value}
      />
      <button type="submit" class="button button--primary">
        <Icon name="search" />
        Rechercher
      </button>
    </form>
  );
}

/** A state with nothing to show (no request yet, nothing found): what happened, and what to do next. */
export function EmptyState({
  icon = 'inbox',
  title,
  children,
}: {
  icon?: IconName;
  title: string;
  children?: ComponentChildren;
}) {
  return (
    <div class="empty-state">
      <Icon name={icon} />
      <div>
        <p>
          <strong>{title}</strong>
        </p>
        {children}
      </div>
    </div>
  );
}

/** The catalogue's themes, each with its pictogram, as links to the catalogue filtered on it. */
export function ThemeLinks({ context, themes }: { context: PageContext; themes: string[] }) {
  return (
    <ul class="themes">
      {themes.map((theme) => (
        <li>
          <a href={href(context, `/demarches?theme=${encodeURIComponent(theme)}`)}>
            <Icon name={themeIcon(theme)} />
            {theme}
          </a>
        </li>
      ))}
    </ul>
  );
}
