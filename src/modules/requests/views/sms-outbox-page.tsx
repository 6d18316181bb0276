import { Layout } from '../../../platform/views/layout.tsx';
import { formatDateTime } from '../../../platform/views/format.ts';
import type { PageContext } from '../../../platform/views/page-context.ts';
import type { SmsOutboxEntry } from '../delivery/sms-outbox.ts';

/** Operators read the SMS the platform would have sent, as they read the mail outbox (development). */
export function SmsOutboxPage({ context, entries }: { context: PageContext; entries: SmsOutboxEntry[] }) {
  return (
    <Layout
      context={context}
      title="SMS envoyés"
      breadcrumbs={[
        { label: 'Accueil', path: '/' },
        { label: 'Administration', path: '/admin' },
      ]}
    >
      <h1>SMS envoyés</h1>
      <p>Sans fournisseur d'envoi de SMS configuré, chaque SMS est conservé ici au lieu d'être envoyé.</p>
      {entries.length === 0 ? (
        <p>Aucun SMS.</p>
      ) : (
        <div class="table-wrapper">
          <table class="table">
            <caption class="visually-hidden">SMS, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Destinataire</th>
                <th scope="col">Texte</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{formatDateTime(new Date(e.writtenAt))}</td>
                  <td>{e.to}</td>
                  <td>{e.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
