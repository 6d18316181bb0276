import type { ComponentChildren } from 'preact';
import { CsrfField } from './forms.tsx';
import { initialOf } from './format.ts';
import { href, type PageContext } from './page-context.ts';

export type LayoutProps = {
  context: PageContext;
  /** The page's own title; the layout appends the instance's name. */
  title: string;
  /** Set when the page shows form errors: the title then starts with "Erreur – " (RGAA 11.10, DSFR). */
  hasErrors?: boolean;
  /** Breadcrumb trail, excluding the current page. */
  breadcrumbs?: Array<{ label: string; path: string }>;
  children: ComponentChildren;
};

type MenuItem = { label: string; path: string };

function menuItems(context: PageContext): MenuItem[] {
  const items: MenuItem[] = [
    { label: 'Accueil', path: '/' },
    { label: 'Démarches', path: '/demarches' },
  ];
  if (context.user) items.push({ label: 'Mes demandes', path: '/mes-demandes' });
  if (context.tenant.kind === 'metropole') items.push({ label: 'Communes', path: '/communes' });
  items.push({ label: 'Données ouvertes', path: '/donnees' });
  if (context.user?.isOperator && context.tenant.kind === 'metropole')
    items.push({ label: 'Administration', path: '/admin' });
  return items;
}

export function Layout({ context, title, hasErrors, breadcrumbs, children }: LayoutProps) {
  const { tenant, user } = context;
  const fullTitle = `${hasErrors ? 'Erreur – ' : ''}${title} – ${tenant.name} | Communs`;
  const current = context.currentPath;
  return (
    <html lang="fr" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link
          rel="preload"
          href="/static/vendor/source-sans-3-latin-400-normal.woff2"
          as="font"
          type="font/woff2"
          crossorigin="anonymous"
        />
        <link rel="stylesheet" href="/static/css/app.css" />
        <link rel="stylesheet" href={`${href(context, '/theme.css')}?v=${tenant.themeVersion}`} />
        <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml" />
        <script type="module" src="/static/js/app.js" />
      </head>
      <body data-map-tiles={context.mapTiles?.url} data-map-attribution={context.mapTiles?.attribution || undefined}>
        <a class="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          {tenant.isTestInstance ? (
            <p class="test-banner">
              <strong>Instance de test</strong> de {tenant.name.replace(/ \(test\)$/, '')} : rien de ce qui est fait ici
              n'est réel.
            </p>
          ) : null}
          <div class="container site-header__inner">
            <a class="brand" href={href(context, '/')}>
              {tenant.logoUrl ? (
                <img class="brand__logo" src={tenant.logoUrl} alt="" width={48} height={48} />
              ) : (
                // No logo yet: the instance's initial in its colour, rather than a generic picture.
                <span class="brand__mark" aria-hidden="true">
                  {initialOf(tenant.name)}
                </span>
              )}
              <span class="brand__text">
                <span class="brand__name">{tenant.name}</span>
                <span class="brand__tagline">
                  {tenant.kind === 'commune'
                    ? 'Services numériques, avec la Métropole de Lyon'
                    : 'Services numériques de la Métropole et des communes'}
                </span>
              </span>
            </a>
            <div class="account">
              <a
                class="help-link"
                href={href(context, `/aide/demande?page=${encodeURIComponent(context.pageUrl ?? current)}`)}
              >
                Besoin d'aide ?
              </a>
              {user ? (
                <>
                  {user.unreadNotifications === undefined ? null : (
                    <a
                      class="notifications-link"
                      href={href(context, '/notifications')}
                      aria-current={current === '/notifications' ? 'page' : undefined}
                    >
                      Notifications
                      {user.unreadNotifications > 0
                        ? ` (${user.unreadNotifications} non lue${user.unreadNotifications > 1 ? 's' : ''})`
                        : null}
                    </a>
                  )}
                  <a href={href(context, '/compte')} aria-current={current === '/compte' ? 'page' : undefined}>
                    <span class="visually-hidden">Mon compte : </span>
                    {user.displayName}
                  </a>
                  <form method="post" action={href(context, '/deconnexion')} class="inline-form">
                    <CsrfField token={context.csrfToken} />
                    <button type="submit" class="button button--link">
                      Se déconnecter
                    </button>
                  </form>
                </>
              ) : (
                <a href={href(context, '/connexion')} aria-current={current === '/connexion' ? 'page' : undefined}>
                  Se connecter
                </a>
              )}
            </div>
          </div>
          <nav class="main-nav" aria-label="Menu principal">
            <ul class="container main-nav__list">
              {menuItems(context).map((item) => (
                <li>
                  <a href={href(context, item.path)} aria-current={current === item.path ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
              {user?.processes?.map((space) => (
                <li>
                  <a
                    href={space.href}
                    aria-current={
                      current === '/gru/demandes' && space.href === `${tenant.base}/gru/demandes` ? 'page' : undefined
                    }
                  >
                    Demandes à traiter : {space.name}
                  </a>
                </li>
              ))}
              {user?.administers.map((space) => (
                <li>
                  <a
                    href={space.href}
                    aria-current={
                      current === '/admin' && space.href.endsWith(`${tenant.base}/admin`) ? 'page' : undefined
                    }
                  >
                    Administration : {space.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {context.notices?.map((notice) => (
          <div class="container notice notice--warning page-notice" role="region" aria-label="Annonce">
            <p>
              <strong>{notice.title}</strong> {notice.text} <a href={href(context, notice.href)}>En savoir plus</a>
            </p>
          </div>
        ))}
        {breadcrumbs && breadcrumbs.length > 0 ? (
          <nav class="container breadcrumbs" aria-label="Fil d'Ariane">
            <ol>
              {breadcrumbs.map((crumb) => (
                <li>
                  <a href={href(context, crumb.path)}>{crumb.label}</a>
                </li>
              ))}
              <li aria-current="page">{title}</li>
            </ol>
          </nav>
        ) : null}
        <main id="contenu" class="container main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p class="site-footer__identity">
              <strong>Communs</strong> — la plateforme par laquelle la Métropole de Lyon partage ses services numériques
              avec ses 58 communes.
            </p>
            <ul class="site-footer__links">
              <li>
                <a href={href(context, '/accessibilite')}>Accessibilité : partiellement conforme</a>
              </li>
              <li>
                <a href={href(context, '/plan-du-site')}>Plan du site</a>
              </li>
              <li>
                <a href={href(context, '/confidentialite')}>Données personnelles</a>
              </li>
              <li>
                <a href="/api/openapi.json">API (OpenAPI)</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
