/**
 * A list answer read as it arrives, one element at a time. Azure DevOps answers a list as a bare array
 * (`noArrayWrap=true`) or as `{"count": n, "value": [...]}`; at 100,000 repositories the list is about 76 MB of
 * JSON, and holding its bytes, its text and its parsed objects at once costs several hundred MB. Here each element
 * is parsed on its own and handed to `keep`, which returns what the caller needs of it (or undefined to drop it),
 * so only the kept values outlive their bytes.
 *
 * Everything outside the list (`count`, say) is kept as written and parsed at the end; a body with no list at all
 * (an error object, `null`) is parsed whole, as `JSON.parse` would. Works on bytes: every JSON structural
 * character is ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so a chunk can end anywhere.
 */

export type KeepListItem = (item: unknown) => unknown;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The bytes `value`, the key Azure DevOps wraps lists in. */
const VALUE_KEY = [0x76, 0x61, 0x6c, 0x75, 0x65];

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export class JsonListStream {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly items: unknown[] = [];
  /** The bytes outside the list's elements (the list itself written as `[]`). */
  private readonly frame: Uint8Array[] = [];
  /** The current element's bytes from earlier chunks. */
  private pending: Uint8Array[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The depth inside the list (elements sit there), 0 before it is found, -1 once it has ended. */
  private listDepth = 0;
  private inElement = false;
  /** The last string completed at depth 1 matched `value` (a key directly precedes its value). */
  private lastKeyIsValue = false;
  private keyMatch = 0;
  private sawContent = false;

  constructor(private readonly keep: KeepListItem) {}

  push(chunk: Uint8Array): void {
    let frameStart = this.inElement ? -1 : 0;
    let elementStart = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          if (this.depth === 1) this.lastKeyIsValue = this.keyMatch === VALUE_KEY.length;
        } else if (this.depth === 1) this.keyMatch = this.keyMatch >= 0 && VALUE_KEY[this.keyMatch] === byte ? this.keyMatch + 1 : -1;
        continue;
      }
      if (isWhitespace(byte)) continue;
      this.sawContent = true;
      const atElementLevel = this.listDepth > 0 && this.depth === this.listDepth;
      if (atElementLevel && (byte === COMMA || byte === CLOSE_ARRAY)) {
        if (this.inElement) {
          this.finishElement(chunk.subarray(elementStart, i));
          elementStart = -1;
          // The separators between elements are not kept: the frame writes the list as `[]`.
          frameStart = byte === COMMA ? i + 1 : i;
        }
        if (byte === CLOSE_ARRAY) {
          this.listDepth = -1;
          this.depth--;
        }
        continue;
      }
      if (atElementLevel && !this.inElement) {
        // An element begins: the frame so far is kept, the element's bytes are not.
        if (frameStart >= 0 && frameStart < i) this.frame.push(chunk.slice(frameStart, i));
        frameStart = -1;
        this.inElement = true;
        elementStart = i;
      }
      if (byte === QUOTE) {
        this.inString = true;
        this.keyMatch = 0;
      } else if (byte === OPEN_OBJECT) this.depth++;
      else if (byte === OPEN_ARRAY) {
        this.depth++;
        const isTheList = this.listDepth === 0 && (this.depth === 1 || (this.depth === 2 && this.lastKeyIsValue));
        if (isTheList) this.listDepth = this.depth;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) this.depth--;
    }
    if (this.inElement) this.pending.push(chunk.slice(elementStart));
    else if (frameStart >= 0 && frameStart < chunk.length) this.frame.push(chunk.slice(frameStart));
  }

  /** The parsed body with the kept elements in place of the list; null for an empty body. Throws SyntaxError. */
  end(): unknown {
    if (!this.sawContent) return null;
    if (this.inElement || this.inString || this.depth !== 0) throw new SyntaxError("Unexpected end of JSON input");
    const body = JSON.parse(this.frameText()) as unknown;
    if (this.listDepth === 0) return body;
    if (Array.isArray(body)) return this.items;
    (body as { value: unknown[] }).value = this.items;
    return body;
  }

  /** The first characters outside the list, for an error message about a body that is not JSON. */
  frameText(): string {
    return this.frame.map((part) => this.decoder.decode(part, { stream: true })).join("") + this.decoder.decode();
  }

  private finishElement(last: Uint8Array): void {
    const parts = [...this.pending, last];
    this.pending = [];
    this.inElement = false;
    const text = parts.length === 1 ? this.decoder.decode(parts[0]) : this.decoder.decode(concat(parts));
    const kept = this.keep(JSON.parse(text));
    if (kept !== undefined) this.items.push(kept);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
