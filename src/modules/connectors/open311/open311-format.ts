import type { FastifyReply } from 'fastify';

/** GeoReport v2 answers in JSON, or in XML by the Spark convention (the JSON's mechanical mapping). */
export type Open311Format = 'json' | 'xml';

/** One of Open311's errors: an HTTP status and the list `[{ code, description }]` its clients read. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}

const escape = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (value && typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([key, inner]) =>
        Array.isArray(inner) ? `<${key}>${toXml(singular(key), inner)}</${key}>` : toXml(key, inner),
      )
      .join('')}</${name}>`;
  return `<${name}>${value === null || value === undefined ? '' : escape(String(value))}</${name}>`;
}

const singular = (plural: string) => (plural.endsWith('s') ? plural.slice(0, -1) : plural);

/** A list answered in the format asked: `[…]` in JSON, `<root><item>…</item></root>` in XML. */
export function sendList(reply: FastifyReply, format: Open311Format, root: string, items: unknown[], status = 200) {
  if (format === 'xml')
    return reply
      .status(status)
      .type('text/xml; charset=utf-8')
      .send(`<?xml version="1.0" encoding="utf-8"?>\n<${root}>${toXml(singular(root), items)}</${root}>`);
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(items));
}

/** An object answered as such (a service definition). */
export function sendObject(reply: FastifyReply, format: Open311Format, root: string, object: object) {
  if (format === 'xml')
    return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${toXml(root, object)}`);
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(object));
}

export function sendOpen311Error(reply: FastifyReply, format: Open311Format, error: Open311Error) {
  return sendList(reply, format, 'errors', [{ code: error.status, description: error.description }], error.status);
}
