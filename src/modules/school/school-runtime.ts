import { readFileSync } from 'node:fs';
import { moduleState } from '../../platform/app-module/module-state.ts';
import type { Services } from '../../platform/services.ts';
import { type SamlEntities, samlEntities } from './educonnect/saml.ts';

export type SchoolRuntime = {
  /** Our service provider and EduConnect, when the deployment configured the federation. */
  saml: SamlEntities | null;
  /**
   * The sessions already counted as a connection to a school today, so that a connection is counted once however
   * many pages follow. Kept in memory only and forgotten each day: the statistics never hold a person.
   */
  counted: { day: string; keys: Set<string> };
};

export const schoolRuntimeState = moduleState<SchoolRuntime>('school.runtime', (services: Services) => {
  const settings = services.config.eduConnect;
  const saml = settings
    ? samlEntities(
        {
          idpEntityId: settings.idpEntityId,
          idpSsoUrl: settings.idpSsoUrl,
          idpCertificate: readFileSync(settings.idpCertFile, 'utf8'),
          spPrivateKey: readFileSync(settings.spKeyFile, 'utf8'),
          spCertificate: readFileSync(settings.spCertFile, 'utf8'),
        },
        services.config.publicUrl,
      )
    : null;
  return { saml, counted: { day: '', keys: new Set() } };
});

/** True the first time a session is seen at a school today (then it counts as a connection). */
export function firstVisitToday(runtime: SchoolRuntime, day: string, sessionId: string, schoolId: string): boolean {
  if (runtime.counted.day !== day) runtime.counted = { day, keys: new Set() };
  const key = `${sessionId}:${schoolId}`;
  if (runtime.counted.keys.has(key)) return false;
  runtime.counted.keys.add(key);
  return true;
}
