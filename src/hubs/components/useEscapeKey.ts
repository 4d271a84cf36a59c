/**
 * Escape for an open panel or dialog, wherever the keyboard focus is inside it. azure-devops-ui's Button swallows
 * Escape (it blurs itself and stops the event), so a panel's own Escape handling never hears it while a footer
 * button has the focus, which is exactly where it is after "Apply…" or in a confirmation. Listening on the
 * document in the capture phase hears it first; the panel then steps back or closes, and focus returns to the
 * control that opened it (the Callout restores it on close).
 */
import * as React from "react";

export function useEscapeKey(onEscape: () => void, active = true): void {
  const latest = React.useRef(onEscape);
  latest.current = onEscape;
  React.useEffect(() => {
    if (!active) return undefined;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current();
    };
    document.addEventListener("keydown", listener, true);
    return () => document.removeEventListener("keydown", listener, true);
  }, [active]);
}
