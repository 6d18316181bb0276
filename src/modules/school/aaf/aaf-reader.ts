import { SaxesParser } from 'saxes';

/** One record of an AAF file: an addRequest (full export), modifyRequest or deleteRequest (delta). */
export type AafRecord = {
  /** Line of the record's opening tag, for the report. */
  line: number;
  operation: 'add' | 'modify' | 'delete';
  /** categoriePersonne (Eleve, PersEducNat, PersRelEleve), or '' for a structure or a record without one. */
  category: string;
  identifier: string;
  attributes: ReadonlyMap<string, readonly string[]>;
};

export class AafFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const OPERATIONS: Record<string, AafRecord['operation']> = {
  addRequest: 'add',
  modifyRequest: 'modify',
  deleteRequest: 'delete',
};

/**
 * Reads an AAF XML feed as it arrives, record by record: the parser holds one record at a time, never the file, so an
 * académie's export of several hundred megabytes reads in constant memory. A malformed file stops at the first
 * error with its line.
 */
export async function* readAafRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<AafRecord> {
  const parser = new SaxesParser({ position: true });
  const ready: AafRecord[] = [];
  let record: {
    line: number;
    operation: AafRecord['operation'];
    category: string;
    identifier: string;
    attributes: Map<string, string[]>;
  } | null = null;
  let rootSeen = false;
  let attrName: string | null = null;
  let inOperational = false;
  let inIdentifier = false;
  let text = '';
  let failure: AafFormatError | null = null;

  parser.on('error', (error) => {
    failure ??= new AafFormatError(parser.line, `XML illisible : ${error.message.split('\n')[0]}`);
  });
  parser.on('opentag', (tag) => {
    text = '';
    if (!rootSeen) {
      rootSeen = true;
      if (tag.name !== 'ficAlimMENESR')
        failure ??= new AafFormatError(
          parser.line,
          `Ce fichier n'est pas un flux AAF (élément racine « ${tag.name} »).`,
        );
      return;
    }
    const operation = OPERATIONS[tag.name];
    if (operation) {
      record = { line: parser.line, operation, category: '', identifier: '', attributes: new Map() };
    } else if (tag.name === 'operationalAttributes') inOperational = true;
    else if (tag.name === 'identifier') inIdentifier = true;
    else if (tag.name === 'attr' || tag.name === 'modification') {
      const name = tag.attributes['name'];
      attrName = typeof name === 'string' ? name : null;
      if (record && attrName && !inOperational && !record.attributes.has(attrName)) record.attributes.set(attrName, []);
    }
  });
  parser.on('text', (value) => {
    text += value;
  });
  parser.on('closetag', (tag) => {
    const value = text.trim();
    text = '';
    if (!record) return;
    if (tag.name === 'value' && attrName) {
      if (inOperational && attrName === 'categoriePersonne') record.category = value;
      else if (!inOperational && value) record.attributes.get(attrName)?.push(value);
    } else if (tag.name === 'id' && inIdentifier) record.identifier = value;
    else if (tag.name === 'operationalAttributes') inOperational = false;
    else if (tag.name === 'identifier') inIdentifier = false;
    else if (tag.name === 'attr' || tag.name === 'modification') attrName = null;
    else if (OPERATIONS[tag.name]) {
      ready.push(record);
      record = null;
    }
  });

  // A chunk may end inside a multi-byte character: the decoder keeps it for the next one.
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  parser.write(decoder.decode());
  parser.close();
  if (failure) throw failure;
  if (!rootSeen) throw new AafFormatError(1, 'Le fichier est vide.');
  yield* ready.splice(0);
}
