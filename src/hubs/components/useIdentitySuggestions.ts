/**
 * The suggestions behind the identity box: asked for a moment after the admin stops typing (one request per
 * pause, the previous one cancelled), kept until the next answer, and announced to screen readers.
 */
import * as React from "react";
import type { IdentitySuggestion } from "../data/auditSource";

/** Typing pause before asking, in ms. */
export const SUGGEST_DELAY_MS = 250;

export interface SuggestionList {
  suggestions: IdentitySuggestion[];
  open: boolean;
  /** For the live region: how many suggestions, or that none matched. */
  announcement: string;
  typed(text: string): void;
  close(): void;
  reopen(): void;
}

export function useIdentitySuggestions(suggest: ((text: string, signal: AbortSignal) => Promise<IdentitySuggestion[]>) | undefined): SuggestionList {
  const [suggestions, setSuggestions] = React.useState<IdentitySuggestion[]>([]);
  const [open, setOpen] = React.useState(false);
  const [announcement, setAnnouncement] = React.useState("");
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = React.useRef<AbortController | undefined>(undefined);

  const cancel = React.useCallback(() => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
    pending.current?.abort();
    pending.current = undefined;
  }, []);

  React.useEffect(() => cancel, [cancel]);

  const typed = React.useCallback(
    (text: string) => {
      cancel();
      if (!suggest) return;
      const query = text.trim();
      if (query === "") {
        setSuggestions([]);
        setOpen(false);
        setAnnouncement("");
        return;
      }
      timer.current = setTimeout(() => {
        timer.current = undefined;
        const abort = new AbortController();
        pending.current = abort;
        suggest(query, abort.signal).then(
          (found) => {
            if (abort.signal.aborted) return;
            setSuggestions(found);
            setOpen(found.length > 0);
            setAnnouncement(
              found.length === 0
                ? ""
                : `${found.length} ${found.length === 1 ? "suggestion" : "suggestions"}, use the up and down arrow keys to choose`,
            );
          },
          // Suggestions are a convenience: a failed search leaves the box as it is, and the check still works.
          () => undefined,
        );
      }, SUGGEST_DELAY_MS);
    },
    [suggest, cancel],
  );

  const close = React.useCallback(() => {
    cancel();
    setOpen(false);
  }, [cancel]);

  const reopen = React.useCallback(() => setOpen(true), []);

  return { suggestions, open, announcement, typed, close, reopen };
}
