/** What every page's layout needs to know, prepared by the handler (views never fetch anything). */
export type PageContext = {
  /** The instance the page belongs to. */
  tenant: {
    name: string;
    slug: string;
    kind: 'metropole' | 'commune';
    isTestInstance: boolean;
    /** '' for the metropolis or a commune reached by its own host name, '/c/<slug>' otherwise. */
    base: string;
    logoUrl: string | null;
    themeVersion: string;
  };
  user: {
    displayName: string;
    email: string;
    isOperator: boolean;
    /** Communes this user administers (links in the menu). */
    administers: Array<{ name: string; href: string }>;
    /** Tenants whose requests this user processes in the back-office (links in the menu). */
    processes?: Array<{ name: string; href: string }>;
    /** Tenants whose agents' map (GIS) this user may open (links in the site map). */
    maps?: Array<{ name: string; href: string }>;
    /** Their unread in-app notifications (the header's link), when a module keeps them. */
    unreadNotifications?: number;
  } | null;
  csrfToken: string;
  /** Path of the current page within its instance, for the menu's aria-current. */
  currentPath: string;
  /** The address of the page being shown within its instance, query left out (the help link carries it). */
  pageUrl?: string;
  /** Notices every page shows at its top (a maintenance under way), contributed by the modules. */
  notices?: readonly PageNotice[];
  /**
   * The point maps' background tiles (MAP_STYLE_URL), when configured: the layout hands them to the map script, so a
   * form field drawing a map needs no context of its own.
   */
  mapTiles?: { url: string; attribution: string } | null;
};

/** A notice shown on every page, with a link to read more. */
export type PageNotice = { title: string; text: string; href: string };

/** Joins an instance's base path and a path of the application. */
export function href(context: Pick<PageContext, 'tenant'>, path: string): string {
  return `${context.tenant.base}${path}`;
}
