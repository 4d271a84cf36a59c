/**
 * Copying text for the admin. The asynchronous Clipboard API is tried first; inside a cross-origin iframe
 * (how Azure DevOps frames an extension) the browser may refuse it unless the frame was allowed
 * `clipboard-write`, and older hosts may lack it, so the caller gets `false` and falls back to showing the
 * text selected in a read-only field.
 */

export interface ClipboardLike {
  writeText(text: string): Promise<void>;
}

export async function writeToClipboard(text: string, clipboard: ClipboardLike | undefined = defaultClipboard()): Promise<boolean> {
  if (!clipboard) return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    // NotAllowedError (permissions policy, no user activation) or a SecurityError: use the fallback.
    return false;
  }
}

/**
 * Selects the field's text and asks the browser to copy the selection (the older `execCommand("copy")`, which
 * permissions policy does not gate). True when the browser says it copied.
 */
export function copySelection(field: HTMLTextAreaElement): boolean {
  field.focus();
  field.select();
  try {
    return typeof document.execCommand === "function" && document.execCommand("copy");
  } catch {
    return false;
  }
}

function defaultClipboard(): ClipboardLike | undefined {
  return typeof navigator !== "undefined" && navigator.clipboard ? navigator.clipboard : undefined;
}
