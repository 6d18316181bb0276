import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {}

/**
 * PGlite takes no lock on its directory, and two processes writing one directory silently lose writes
 * (research/stack-style.md §4.3). So the process that opens the embedded database first holds this lock file;
 * another one refuses to start. A lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'communs.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && isAlive(holder)) {
        throw new DataDirLockedError(
          `Le répertoire de données ${dataDir} est déjà utilisé par le processus ${holder}.\n` +
            "En mode embarqué, un seul processus Communs peut ouvrir la base : arrêtez l'autre (il fait déjà serveur web et worker),\n" +
            'ou passez à PostgreSQL (DATABASE_URL=postgres://…) pour lancer plusieurs processus.',
        );
      }
      unlinkSync(file);
    }
  }
  throw new DataDirLockedError(`Impossible de verrouiller ${file}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
