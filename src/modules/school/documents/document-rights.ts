import type { SpaceMember } from '../members.repo.ts';

export type DocumentSpace = { kind: 'personal' } | { kind: 'group'; groupId: string };
export type SpaceRights = { read: boolean; write: boolean; deleteAny: boolean; quotaBytes: number };

/** Each person's own space, and each class's or group's shared space (issue 22 §3). */
export const PERSONAL_QUOTA_BYTES = 20 * 1024 * 1024;
export const GROUP_QUOTA_BYTES = 100 * 1024 * 1024;

/**
 * What a member may do in a documents space. A personal space is its owner's alone (nobody else, the school's
 * managers included, sees it). A class's or group's space is read by its members, the parents of its pupils and the
 * school's managers; written by its members (pupils and teachers) and the managers, never by parents; its teachers
 * and the managers may remove any document, everyone else only their own.
 */
export function documentRights(
  viewer: Pick<SpaceMember, 'profile' | 'groupIds' | 'childGroupIds'>,
  space: DocumentSpace,
): SpaceRights {
  if (space.kind === 'personal') return { read: true, write: true, deleteAny: false, quotaBytes: PERSONAL_QUOTA_BYTES };
  const manager = viewer.profile === 'head' || viewer.profile === 'school_admin';
  const member = viewer.groupIds.includes(space.groupId) && viewer.profile !== 'parent';
  const parent = viewer.childGroupIds.includes(space.groupId);
  return {
    read: manager || member || parent,
    write: manager || member,
    deleteAny: manager || (member && viewer.profile === 'teacher'),
    quotaBytes: GROUP_QUOTA_BYTES,
  };
}

/** Whether a file of this size still fits in a space that already holds `usedBytes`. */
export function fitsQuota(usedBytes: number, size: number, quotaBytes: number): boolean {
  return usedBytes + size <= quotaBytes;
}
