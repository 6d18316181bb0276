import type { Profile } from './school.tables.ts';

/** What the school's portal may offer: its services (the seed's list) and links to outside services. */
export const SERVICES = {
  messaging: 'Messagerie',
  blog: 'Blogs',
  documents: 'Documents partagés',
  homework: 'Cahier de textes',
  attendance: 'Appel et absences',
  news: "Actualités de l'école",
  ccn: 'Classe culturelle numérique',
  link: 'Lien externe',
} as const;
export type ServiceKey = keyof typeof SERVICES;

/**
 * The services the school workspace runs itself (issue 22): a tile for one of them leads to its pages in the school,
 * with no address to give.
 */
export const OWN_SERVICE_PATHS: Partial<Record<ServiceKey, string>> = {
  messaging: 'messagerie',
  blog: 'blogs',
  documents: 'documents',
};

export const PROFILE_LABELS: Record<Profile, string> = {
  pupil: 'Élève',
  parent: 'Parent',
  teacher: 'Enseignant',
  staff: 'Personnel',
  head: "Directeur d'école",
  school_admin: "Administrateur de l'école",
};
export const PROFILES = Object.keys(PROFILE_LABELS) as Profile[];

/** Who may manage the school's directory, portal and imports: its head and its administrators. */
export function mayManageSchool(profile: Profile): boolean {
  return profile === 'head' || profile === 'school_admin';
}

/**
 * Whether a tile shows to someone: its profiles (none listed: every profile) and its groups (none listed: everyone;
 * else a member of one of them, or a parent of such a member). The school's managers see every tile, to check them.
 */
export function tileVisibleTo(
  tile: { profiles: readonly Profile[]; group_ids: readonly string[] },
  viewer: { profile: Profile; groupIds: readonly string[] },
): boolean {
  if (mayManageSchool(viewer.profile)) return true;
  if (tile.profiles.length > 0 && !tile.profiles.includes(viewer.profile)) return false;
  if (tile.group_ids.length > 0 && !tile.group_ids.some((g) => viewer.groupIds.includes(g))) return false;
  return true;
}
