import type { MessageTemplate, TEMPLATE_PLACEHOLDERS } from '../../workflows/index.ts';

export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** Fills a template's {placeholders} (the validator has refused unknown ones); plain text, never markup. */
export function renderTemplate(
  template: MessageTemplate,
  values: TemplateValues,
): { subject: string; paragraphs: string[] } {
  const fill = (text: string) =>
    text.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
      name in values ? values[name as keyof TemplateValues] : whole,
    );
  return {
    subject: fill(template.subject).replace(/\s+/g, ' ').trim(),
    paragraphs: fill(template.body)
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  };
}
