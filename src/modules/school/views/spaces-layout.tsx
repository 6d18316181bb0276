import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { ErrorSummary, Notice } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';

export type SchoolRef = { uai: string; name: string };

/**
 * The frame of a page of a school's service (messaging, blogs, documents): breadcrumbs back to the school's portal
 * and the service's home, the page's title, an optional notice and error summary.
 */
export function SpacePage(props: {
  context: PageContext;
  school: SchoolRef;
  service?: { label: string; path: string };
  title: string;
  notice?: string | undefined;
  warning?: ComponentChildren;
  errors?: FieldErrors;
  children: ComponentChildren;
}) {
  const { school } = props;
  const crumbs = [
    { label: 'Accueil', path: '/' },
    { label: 'Écoles', path: '/ecole' },
    { label: school.name, path: `/ecole/${school.uai}` },
    ...(props.service ? [{ label: props.service.label, path: `/ecole/${school.uai}/${props.service.path}` }] : []),
  ];
  const errors = props.errors ?? {};
  return (
    <Layout
      context={props.context}
      title={`${props.title} – ${school.name}`}
      breadcrumbs={crumbs}
      hasErrors={Object.keys(errors).length > 0}
    >
      <h1>{props.title}</h1>
      <ErrorSummary errors={errors} />
      {props.warning ? <Notice kind="warning">{props.warning}</Notice> : null}
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      {props.children}
    </Layout>
  );
}
