// MongoDB wire protocol: message framing over TCP and OP_MSG / OP_QUERY / OP_REPLY encoding.
import { deserialize, serialize } from 'bson';
import type { Document } from './bson-values.js';

/** Opcode of OP_REPLY (legacy reply). */
export const OP_REPLY = 1;
/** Opcode of OP_QUERY (legacy query, used for the initial handshake). */
export const OP_QUERY = 2004;
/** Opcode of OP_COMPRESSED. */
export const OP_COMPRESSED = 2012;
/** Opcode of OP_MSG. */
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

/** Options used to deserialize client documents so BSON types are preserved exactly. */
export const DESERIALIZE_OPTIONS = { promoteValues: false, bsonRegExp: true } as const;

/** A parsed wire message. */
export interface WireMessage {
  /** The client's request id. */
  readonly requestId: number;
  /** The opcode. */
  readonly opCode: number;
  /** The command document (OP_MSG body merged with document sequences, or the OP_QUERY query). */
  readonly command: Document;
  /** For OP_QUERY: the full collection name (e.g. `admin.$cmd`). */
  readonly fullCollectionName?: string;
  /** For OP_MSG: the client does not expect a reply (moreToCome). */
  readonly moreToCome: boolean;
}

/** Accumulates TCP chunks and yields complete wire messages (handles partial and coalesced chunks). */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /**
   * Creates a framer.
   * @param maxMessageSize - Messages larger than this are rejected.
   */
  constructor(private readonly maxMessageSize = 48_000_000) {}

  /** Appends a chunk and returns every complete raw message now available. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Buffer[] = [];
    while (this.buffered >= 4) {
      let first = this.chunks[0] as Buffer;
      if (first.length < 4) {
        first = Buffer.concat(this.chunks, this.buffered);
        this.chunks = [first];
      }
      const len = first.readInt32LE(0);
      if (len < 16 || len > this.maxMessageSize) throw new Error(`invalid message length ${len}`);
      if (this.buffered < len) break;
      const buf = this.chunks.length === 1 ? first : Buffer.concat(this.chunks, this.buffered);
      out.push(buf.subarray(0, len));
      const rest = buf.subarray(len);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }
}

function readCString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated cstring');
  return [buf.toString('utf8', offset, end), end + 1];
}

/** Parses a complete raw message. Throws for unsupported opcodes. */
export function parseMessage(buf: Buffer): WireMessage {
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_MSG) {
    const flags = buf.readUInt32LE(16);
    const end = flags & CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
    let offset = 20;
    let body: Document | undefined;
    const sequences: Array<[string, Document[]]> = [];
    while (offset < end) {
      const kind = buf.readUInt8(offset);
      offset += 1;
      if (kind === 0) {
        const size = buf.readInt32LE(offset);
        body = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
        offset += size;
      } else if (kind === 1) {
        const size = buf.readInt32LE(offset);
        const sectionEnd = offset + size;
        const [identifier, docsStart] = readCString(buf, offset + 4);
        const docs: Document[] = [];
        let p = docsStart;
        while (p < sectionEnd) {
          const dsize = buf.readInt32LE(p);
          docs.push(deserialize(buf.subarray(p, p + dsize), DESERIALIZE_OPTIONS));
          p += dsize;
        }
        sequences.push([identifier, docs]);
        offset = sectionEnd;
      } else {
        throw new Error(`unsupported OP_MSG section kind ${kind}`);
      }
    }
    if (body === undefined) throw new Error('OP_MSG without body section');
    for (const [identifier, docs] of sequences) {
      const existing = body[identifier];
      body[identifier] = Array.isArray(existing) ? [...existing, ...docs] : docs;
    }
    return { requestId, opCode, command: body, moreToCome: (flags & MORE_TO_COME) !== 0 };
  }
  if (opCode === OP_QUERY) {
    const [fullCollectionName, afterName] = readCString(buf, 20);
    const offset = afterName + 8;
    const size = buf.readInt32LE(offset);
    let query = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
    if (query.$query !== undefined && typeof query.$query === 'object' && query.$query !== null) {
      query = query.$query as Document;
    }
    return { requestId, opCode, command: query, fullCollectionName, moreToCome: false };
  }
  throw new Error(`unsupported opcode ${opCode}`);
}

let nextResponseId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** Encodes an OP_MSG reply with a single body section. */
export function encodeOpMsg(responseTo: number, doc: Document): Buffer {
  const body = serialize(doc);
  const h = header(16 + 4 + 1 + body.length, responseTo, OP_MSG);
  const flags = Buffer.alloc(5);
  return Buffer.concat([h, flags, body]);
}

/** Encodes an OP_REPLY with a single document. */
export function encodeOpReply(responseTo: number, doc: Document): Buffer {
  const body = serialize(doc);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(0, 0);
  fields.writeBigInt64LE(0n, 4);
  fields.writeInt32LE(0, 12);
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
