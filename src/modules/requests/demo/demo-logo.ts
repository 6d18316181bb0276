import { deflateSync } from 'node:zlib';

/**
 * A plain square logo for demo tenants that have none (a coloured square with a white frame and bar), made as a PNG
 * so it goes through the same path as a real logo. Not anyone's real emblem.
 */
export function demoLogoPng(rgb: [number, number, number], size = 64): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const frame =
        x >= 6 && x < 10
          ? true
          : x >= size - 10 && x < size - 6
            ? true
            : y >= 6 && y < 10
              ? true
              : y >= size - 10 && y < size - 6;
      const inside = x >= 6 && x < size - 6 && y >= 6 && y < size - 6;
      const bar = y >= size / 2 - 4 && y < size / 2 + 4 && x >= 18 && x < size - 18;
      const white = (frame && inside) || bar;
      row.set(white ? [255, 255, 255] : rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
