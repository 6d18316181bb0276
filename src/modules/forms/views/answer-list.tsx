import { fileSizeText, formatDate } from '../../../platform/views/format.ts';
import {
  type AnswerValue,
  type Answers,
  isAddressAnswer,
  isAppointmentAnswer,
  isFileAnswer,
  isPointAnswer,
} from '../answers.ts';
import { type FormDefinition, type InputField, isInput, pagesOf } from '../form-definition.ts';
import { visibility } from '../form-engine.ts';

// Built once: an Intl formatter is costly to make, and answers are formatted one by one on every review and request page.
const decimalFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 });
const decimal = (n: number) => decimalFormat.format(n);

/** An answer as a sentence fragment a person reads (the label of a choice, a date in words, an address on one line). */
export function formatAnswer(field: InputField, value: AnswerValue): string {
  if (isFileAnswer(value)) return `${value.name} (${fileSizeText(value.size)})`;
  if (isAddressAnswer(value)) return `${value.street}, ${value.postcode} ${value.city}`;
  if (isAppointmentAnswer(value)) return value.label;
  if (isPointAnswer(value)) return `latitude ${decimal(value.lat)}, longitude ${decimal(value.lon)}`;
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number')
    return `${decimal(value)}${field.type === 'number' && field.unit ? ` ${field.unit}` : ''}`;
  if (Array.isArray(value)) {
    const options = field.type === 'choices' ? field.options : [];
    return value.map((v) => options.find((o) => o.value === v)?.label ?? v).join(', ');
  }
  if (field.type === 'choice') return field.options.find((o) => o.value === value)?.label ?? value;
  if (field.type === 'date') return formatDate(`${value}T12:00:00Z`);
  return value;
}

export type AnswerListProps = {
  definition: FormDefinition;
  answers: Answers;
  /** On the review page: a link to change each page's answers. */
  editHref?: (page: number) => string;
  /** Where a file answer can be downloaded, if anywhere. */
  fileHref?: (fileId: string) => string | null;
  headingLevel?: 2 | 3;
};

/** Every visible answer, page by page (the review page, the request's page, the acknowledgement). */
export function AnswerList({ definition, answers, editHref, fileHref, headingLevel = 2 }: AnswerListProps) {
  const seen = visibility(definition, answers);
  const pages = pagesOf(definition);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      {pages.map((page) => {
        const fields = page.fields.filter(isInput).filter((f) => seen.get(f.key)?.visible);
        if (fields.length === 0) return null;
        return (
          <section class="answers" aria-labelledby={`page-${page.index}-titre`}>
            <div class="answers__header">
              <Heading id={`page-${page.index}-titre`} class="answers__title">
                {page.title}
              </Heading>
              {editHref ? (
                <a href={editHref(page.index)}>
                  Modifier<span class="visually-hidden"> : {page.title}</span>
                </a>
              ) : null}
            </div>
            <dl class="summary-list">
              {fields.map((field) => {
                const value = answers[field.key];
                const link = value !== undefined && isFileAnswer(value) ? fileHref?.(value.fileId) : null;
                return (
                  <div>
                    <dt>{field.label}</dt>
                    <dd class="answer">
                      {value === undefined ? (
                        <span class="muted">Non renseigné</span>
                      ) : link ? (
                        <a href={link}>{formatAnswer(field, value)}</a>
                      ) : (
                        formatAnswer(field, value)
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        );
      })}
    </>
  );
}
