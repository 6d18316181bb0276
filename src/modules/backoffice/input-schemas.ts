import { z } from 'zod';
import { isUuid } from '../../platform/db/uuid.ts';

/** The pieces the back-office's route schemas are built of. */

/** An id in a path, in the canonical form the database looks up: anything else names nothing (404). */
export const ZId = z.string().refine(isUuid);

/** The path of a page about one object: its id. */
export const ZIdParams = z.object({ id: ZId });

/** A text field; absent, it is empty (the use case says what is missing, in French). */
export const ZText = z.string().catch('');

/** A checkbox: ticked when it sends "oui" (an unticked box sends nothing). */
export const ZTicked = z.preprocess((value) => value === 'oui', z.boolean());
