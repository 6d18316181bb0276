import type { AppModule } from '../../platform/app-module/app-module.ts';
import type { FormsTables } from './forms.tables.ts';

/** Form definitions as versioned data, and the engine that validates answers against them. */
export const formsModule: AppModule<FormsTables> = {
  name: 'forms',
};
