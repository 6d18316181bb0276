import { Layout } from '../../../platform/views/layout.tsx';
import { href, type PageContext } from '../../../platform/views/page-context.ts';
import { type AppointmentChoice, type FormDefinition, FormField, type FormPage } from '../../forms/index.ts';

export type PreviewProps = {
  context: PageContext;
  id: string;
  serviceTitle: string;
  definition: FormDefinition;
  pages: FormPage[];
  /** The free times of its appointment fields, as citizens are offered them. */
  appointments: Record<string, AppointmentChoice>;
  index: number;
};

/**
 * A page of the draft's form drawn by the forms module's own field views, the ones citizens get: what is shown here is
 * what they will see. Nothing is sent; page to page by links, so it works by keyboard and without JavaScript.
 */
export function PreviewPage(props: PreviewProps) {
  const { context, pages, index } = props;
  const page = pages[index] ?? pages[0] ?? { index: 0, title: props.serviceTitle, fields: [] };
  const base = `/admin/studio/${props.id}`;
  return (
    <Layout
      context={context}
      title={`Aperçu : ${page.title}`}
      breadcrumbs={[
        { label: 'Administration', path: '/admin' },
        { label: 'Studio', path: '/admin/studio' },
        { label: props.serviceTitle, path: base },
      ]}
    >
      <p class="notice notice--info">Aperçu du brouillon : rien n’est envoyé.</p>
      <p class="caption">
        {props.serviceTitle} — étape {index + 1} sur {pages.length}
      </p>
      <h1>{page.title}</h1>
      {page.condition ? <p class="muted">Cette page ne s’affiche que sous une condition.</p> : null}
      <form class="dynamic-form" action="#" novalidate>
        {page.fields.map((field) => (
          <FormField
            field={field}
            definition={props.definition}
            value={undefined}
            heldFile={undefined}
            error={undefined}
            prefilled={false}
            appointment={props.appointments[field.key]}
          />
        ))}
      </form>
      <nav aria-label="Pages de l’aperçu">
        <ul class="inline-list">
          {index > 0 ? (
            <li>
              <a href={href(context, `${base}/apercu?page=${index}`)}>Page précédente</a>
            </li>
          ) : null}
          {index + 1 < pages.length ? (
            <li>
              <a href={href(context, `${base}/apercu?page=${index + 2}`)}>Page suivante</a>
            </li>
          ) : null}
          <li>
            <a href={href(context, base)}>Retour au service</a>
          </li>
        </ul>
      </nav>
      <script type="module" src="/static/js/forms.js" />
    </Layout>
  );
}
