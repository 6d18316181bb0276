import { renderToString } from 'preact-render-to-string';

/** A message as a module writes it; rendered here to plain text and HTML alike (every e-mail has both). */
export type EmailContent = {
  subject: string;
  /** "Bonjour Camille," */
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Who sends it, shown above the automatic-message notice (a commune's name, the metropolis…). */
  signature: string;
};

export function renderEmail(content: EmailContent): { subject: string; text: string; html: string } {
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label} : ${content.action.url}`, ''] : []),
    content.signature,
    '',
    '—',
    'Ce message vous est envoyé automatiquement, merci de ne pas y répondre.',
  ].join('\n');
  const html =
    '<!doctype html>' +
    renderToString(
      <html lang="fr">
        <head>
          <meta charset="utf-8" />
          <title>{content.subject}</title>
        </head>
        <body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1e1e1e; max-width: 40em;">
          <p>{content.greeting}</p>
          {content.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
          {content.action ? (
            <p>
              <a href={content.action.url} style="color: #0b4f9c; font-weight: bold;">
                {content.action.label}
              </a>
            </p>
          ) : null}
          <p>{content.signature}</p>
          <hr />
          <p style="font-size: 0.875em; color: #555;">
            Ce message vous est envoyé automatiquement, merci de ne pas y répondre.
          </p>
        </body>
      </html>,
    );
  return { subject: content.subject, text, html };
}
