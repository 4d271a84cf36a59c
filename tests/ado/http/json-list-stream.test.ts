import fc from "fast-check";
import { JsonListStream } from "../../../src/ado/http/json-list-stream";

const encoder = new TextEncoder();

/** The body fed in the given chunk sizes (cycled), as the network would split it. */
function streamed(text: string, chunkSizes: number[], keep = (item: unknown) => item): unknown {
  const bytes = encoder.encode(text);
  const stream = new JsonListStream(keep);
  for (let offset = 0, n = 0; offset < bytes.length; n++) {
    const size = Math.max(1, chunkSizes[n % chunkSizes.length]);
    stream.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return stream.end();
}

describe("JsonListStream", () => {
  it("gives what JSON.parse gives for any JSON, however the bytes are split", () => {
    const body = fc.oneof(
      fc.array(fc.jsonValue()),
      fc.record({ count: fc.nat(), value: fc.array(fc.jsonValue()) }),
      fc.record({ value: fc.array(fc.jsonValue()), other: fc.array(fc.jsonValue()), value2: fc.string() }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(body, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (value, sizes, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined) ?? "null";
        expect(streamed(text, sizes)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("hands each element of the list to keep, and keeps only what it returns", () => {
    const text = JSON.stringify({ count: 4, value: [{ id: "a", big: "x".repeat(50) }, { id: "b" }, { id: "c", nested: [[1], { value: [2] }] }, 7] });
    const seen: unknown[] = [];
    const result = streamed(text, [3], (item) => {
      seen.push(item);
      const id = (item as { id?: string }).id;
      return id === "b" ? undefined : (id ?? "number");
    });
    expect(seen).toHaveLength(4);
    expect(result).toEqual({ count: 4, value: ["a", "c", "number"] });
  });

  it("finds the list in a bare array and keeps multi-byte characters split across chunks whole", () => {
    const text = JSON.stringify([{ name: "Ünïcødé ✓ 日本" }, { name: 'quote " and \\ backslash' }]);
    expect(streamed(text, [1, 2])).toEqual(JSON.parse(text));
  });

  it("only takes the top-level value key for the list, not a nested one or a value string", () => {
    const text = JSON.stringify({ name: "value", inner: { value: [1, 2] }, value: [3, 4] });
    const kept: unknown[] = [];
    streamed(text, [5], (item) => kept.push(item));
    expect(kept).toEqual([3, 4]);
  });

  it("is null for an empty body and a SyntaxError for a cut or non-JSON one", () => {
    expect(streamed("  ", [4])).toBeNull();
    expect(() => streamed('{"value":[{"a":1},{"b"', [4])).toThrow(SyntaxError);
    expect(() => streamed("<html><body>Sign in</body></html>", [4])).toThrow(SyntaxError);
  });
});
