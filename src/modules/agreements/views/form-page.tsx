import type { ComponentChildren } from 'preact';
import {
  type Choice,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  SubmitButton,
} from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import type { DateParts } from '../../../platform/http/form-fields.ts';

/** The operators' forms on a commune's agreement file, one page each (errors redraw the page, status 422). */

export type FormValues = Record<string, string | string[]>;

export type FormPageProps = {
  context: PageContext;
  commune: { name: string; slug: string };
  title: string;
  intro?: ComponentChildren;
  action: string;
  submitLabel: string;
  errors: FieldErrors;
  children: ComponentChildren;
};

export function FormPage({ context, commune, title, intro, action, submitLabel, errors, children }: FormPageProps) {
  return (
    <Layout
      context={context}
      title={`${title} : ${commune.name}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
        { label: 'Conventions', path: '/admin/conventions' },
        { label: commune.name, path: `/admin/conventions/${commune.slug}` },
      ]}
    >
      <h1>
        {title} : {commune.name}
      </h1>
      {intro ? <div class="lead-text">{intro}</div> : null}
      <ErrorSummary errors={errors} />
      <form method="post" action={href(context, action)} novalidate>
        <CsrfField token={context.csrfToken} />
        {children}
        <SubmitButton>{submitLabel}</SubmitButton>
      </form>
    </Layout>
  );
}

export const text = (values: FormValues, name: string) => String(values[name] ?? '');

export type DateValues = Record<string, DateParts>;

export const PARTY_CHOICES: Choice[] = [
  { value: 'commune', label: 'La commune' },
  { value: 'metropole', label: 'La Métropole' },
];

export const TOODEGO_CHOICES: Choice[] = [
  {
    value: 'partenaire',
    label: 'Partenaire',
    hint: 'Instance communale, e-services propres, GRU (annexe Toodego §4).',
  },
  { value: 'abonne', label: 'Abonné', hint: 'Catalogue de démarches clés en main, GRU.' },
  { value: 'connecte', label: 'Connecté', hint: 'Connecteurs vers la GRU de la commune.' },
];
