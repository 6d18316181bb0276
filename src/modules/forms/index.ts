import type { AppModule } from '../../platform/app-module/app-module.ts';
import type { FormsTables } from './forms.tables.ts';

/** Form definitions as versioned data, and the engine that validates answers against them. */
export const formsModule: AppModule<FormsTables> = {
  name: 'forms',
};

// What the other modules use of forms.
export {
  type AddressAnswer,
  type Answers,
  type AnswerValue,
  type AppointmentAnswer,
  evaluateCondition,
  type FileAnswer,
  type FileUpload,
  isAddressAnswer,
  isAppointmentAnswer,
  isFileAnswer,
  isPointAnswer,
  type PointAnswer,
  type RawAnswers,
} from './answers.ts';
export {
  type AppointmentChoice,
  appointmentChoices,
  holdAppointments,
  renewAppointmentHolds,
} from './appointment-field.ts';
export { ACCEPTED_FILE_TYPES, checkPlainText, isEmailAddress, normaliseFrenchPhone } from './field-validation.ts';
export {
  type Condition,
  conditionFields,
  type Field,
  FILE_FAMILIES,
  type FieldType,
  type FormDefinition,
  type FormDefinitionInput,
  type FormPage,
  IDENTITY_ATTRIBUTES,
  type IdentityAttribute,
  inputFields,
  type InputField,
  isInput,
  MAX_FILE_BYTES,
  pagesOf,
  ZField,
  ZFormDefinition,
} from './form-definition.ts';
export { checkAnswers, fieldLabels, type PendingUpload, visibility, visiblePages } from './form-engine.ts';
export { type LoadedForm, loadFormVersion } from './form-versions.ts';
export { findFormVersion, insertPublishedFormVersion, nextFormVersion } from './forms.repo.ts';
export { communeOfAddress } from './french-communes.ts';
export { rawFromHtml, rawFromJson, unknownKeys } from './raw-input.ts';
export { AnswerList, formatAnswer } from './views/answer-list.tsx';
export { displayOf, type DisplayValue, FormField } from './views/form-fields.tsx';
