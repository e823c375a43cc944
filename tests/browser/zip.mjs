// A minimal zip reader and writer, enough to build small docx files for the tests, a bureau's zip of
// submissions, and to read the exported xlsx back. Node's zlib does the deflating, the inflating and the CRC.
import { deflateRawSync, inflateRawSync, crc32 } from 'node:zlib';

let gbkTable;
/**
 * A name in GBK, as the zip tools of Chinese Windows write it (the table is the platform's own GBK decoder's,
 * reversed); null when a character has no GBK code, or when the bytes also read as UTF-8 (a reader takes them so).
 */
export function gbkBytes(name) {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const c = decoder.decode(Uint8Array.from([lead, trail]));
        if (c.length === 1 && c !== '\ufffd' && !gbkTable.has(c)) gbkTable.set(c, [lead, trail]);
      }
    }
  }
  const codes = [...name].map((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : gbkTable.get(c)));
  if (codes.some((code) => !code)) return null;
  const bytes = Buffer.from(codes.flat());
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    return bytes;
  }
}

/**
 * Builds a zip: { 'path': 'text' | Buffer }, its entries stored (uncompressed) unless `deflate` (and not
 * `stored(name)`); the names in UTF-8 and marked so, but those `gbkName(name, index)` picks in GBK and unmarked
 * (where `gbkBytes` gives them).
 */
export function zip(entries, { deflate = false, stored = () => false, gbkName = () => false } = {}) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [index, [name, content]] of Object.entries(entries).entries()) {
    const raw = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const deflated = deflate && !stored(name);
    const data = deflated ? deflateRawSync(raw) : raw;
    const legacy = gbkName(name, index) && gbkBytes(name);
    const nameBytes = legacy || Buffer.from(name, 'utf8');
    const crc = crc32(raw);
    const flags = legacy ? 0 : 0x0800; // UTF-8 names
    const method = deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Reads every entry of a zip into { path: Buffer }. */
export function unzip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + size);
    out[name] = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    at += 46 + nameLength + extra + comment;
  }
  return out;
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A Word document of paragraphs (strings) and tables (arrays of rows of cell texts). */
export function docx(blocks) {
  const p = (t) => `<w:p><w:r><w:t xml:space="preserve">${escape(t)}</w:t></w:r></w:p>`;
  const body = blocks
    .map((b) => (typeof b === 'string' ? p(b) : `<w:tbl>${b.map((row) => `<w:tr>${row.map((c) => `<w:tc>${p(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`))
    .join('');
  return zip({
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
  });
}
