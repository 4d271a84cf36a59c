/**
 * Names, descriptions and error bodies come from the organization: in text written to a terminal (tables,
 * Markdown, progress on stderr, one-line errors) they must not be able to move the cursor, clear the screen,
 * set the window title, hide a link (OSC 8) or reorder what a line shows. Every such character is written as a
 * visible escape (`\x1b`, `\u202e`) instead: C0 and C1 controls, DEL, the Unicode line and paragraph
 * separators, and the bidirectional embeddings, overrides and isolates (https://www.unicode.org/reports/tr9/).
 * Our own colour codes are added after this, so they are not affected. JSON and JUnit escape on their own.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A copy of `value` with every string made terminal-safe (for data about to be rendered as text). */
export function withTerminalSafeStrings<T>(value: T): T {
  if (typeof value === "string") return terminalSafe(value) as T;
  if (Array.isArray(value)) return value.map((item) => withTerminalSafeStrings(item)) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = withTerminalSafeStrings(item);
    return copy as T;
  }
  return value;
}

/** Text of several lines made terminal-safe line by line (the line breaks stay). */
export function terminalSafeLines(text: string): string {
  return text.split("\n").map(terminalSafe).join("\n");
}

/**
 * JSON text (indented by two spaces) that is also safe to show in a terminal: JSON.stringify escapes C0
 * controls but leaves DEL, C1 controls, line separators and bidi characters raw; they become `\uXXXX` escapes,
 * which parse back to the same strings.
 */
export function terminalSafeJson(value: unknown): string {
  return escapeRawInJson(JSON.stringify(value, null, 2));
}

/** JSON text from JSON.stringify with the characters it leaves raw (see terminalSafeJson) escaped. */
export function escapeRawInJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
