import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Attachments and logos on local disk, addressed by their sha256 (the same bytes are stored once, and a file can be
 * checked against its row). Large deployments put an S3-compatible store behind the same three methods.
 */
export class FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; byteSize: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) {
      // The same bytes stored again: their time is renewed, so the sweep never takes a file being given a new row.
      const now = new Date();
      await utimes(target, now, now).catch(() => {});
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under its final name.
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    }
    return { sha256, byteSize: bytes.byteLength };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    return readFile(this.pathOf(sha256)).catch(() => undefined);
  }

  /** Every stored file with the time it was written (what the sweep weighs). */
  async list(): Promise<Array<{ sha256: string; writtenAt: Date }>> {
    const found: Array<{ sha256: string; writtenAt: Date }> = [];
    const prefixes = await readdir(this.root).catch(() => [] as string[]);
    for (const prefix of prefixes.filter((p) => /^[0-9a-f]{2}$/.test(p))) {
      for (const name of await readdir(path.join(this.root, prefix)).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const info = await stat(path.join(this.root, prefix, name)).catch(() => undefined);
        if (info) found.push({ sha256: name, writtenAt: info.mtime });
      }
    }
    return found;
  }

  /** Removes a file unless it was written (or stored again) after `unlessWrittenAfter`. */
  async remove(sha256: string, unlessWrittenAfter: Date): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return false;
    const info = await stat(this.pathOf(sha256)).catch(() => undefined);
    if (!info || info.mtime > unlessWrittenAfter) return false;
    await rm(this.pathOf(sha256), { force: true });
    return true;
  }
}

export type AcceptedType = { mediaType: string; label: string };

export const IMAGE_TYPES: AcceptedType[] = [
  { mediaType: 'image/png', label: 'PNG' },
  { mediaType: 'image/jpeg', label: 'JPEG' },
  { mediaType: 'image/webp', label: 'WebP' },
];

/**
 * The type of a file from its first bytes, never from its name or the browser's claim. Returns the accepted type it
 * is, or undefined when it is none of them.
 */
export async function detectAcceptedType(
  bytes: Uint8Array,
  accepted: AcceptedType[],
): Promise<AcceptedType | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  return detected ? accepted.find((a) => a.mediaType === detected.mime) : undefined;
}
