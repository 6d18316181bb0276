import type { ComponentChildren } from 'preact';
import { Layout } from '../../../platform/views/layout.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import type { Link } from '../ogc.ts';

/** The HTML face of an OGC API document: its title, what it says, and its links. */
export function OgcPage(props: { context: PageContext; title: string; links: Link[]; children?: ComponentChildren }) {
  return (
    <Layout
      context={props.context}
      title={props.title}
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Données ouvertes', path: '/donnees' },
      ]}
    >
      <h1>{props.title}</h1>
      {props.children}
      {props.links.length ? (
        <>
          <h2>Liens</h2>
          <ul>
            {props.links.map((link) => (
              <li>
                <a href={link.href} type={link.type}>
                  {link.title ?? link.rel}
                </a>{' '}
                ({link.rel}, {link.type})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

export function PropertiesTable(props: {
  caption: string;
  rows: Array<{ id: string | number; href?: string; properties: Record<string, unknown> }>;
}) {
  const columns = [...new Set(props.rows.flatMap((r) => Object.keys(r.properties)))].slice(0, 20);
  return (
    <div class="table-wrapper" role="region" aria-label={props.caption} tabIndex={0}>
      <table class="table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Identifiant</th>
            {columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row">{row.href ? <a href={row.href}>{row.id}</a> : row.id}</th>
              {columns.map((c) => (
                <td>{format(row.properties[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
