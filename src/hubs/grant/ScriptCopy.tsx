/**
 * "Copy az script": the plan as src/core's reviewed az script, for an admin who must hand the change to
 * someone else. When the host frame may not use the clipboard, the script is shown selected in a read-only
 * field so it can be copied by hand.
 */
import * as React from "react";
import { copySelection, writeToClipboard, type ClipboardLike } from "./clipboard";

export type CopyState = { status: "idle" } | { status: "copied"; lines: number } | { status: "fallback"; copied: boolean };

export interface ScriptCopy {
  state: CopyState;
  copy: () => Promise<void>;
  fieldRef: React.RefObject<HTMLTextAreaElement>;
}

export function useScriptCopy(script: string | undefined, clipboard?: ClipboardLike): ScriptCopy {
  const [state, setState] = React.useState<CopyState>({ status: "idle" });
  const fieldRef = React.useRef<HTMLTextAreaElement>(null);
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  // A different plan (another scope, a new read) is a different script: forget the last copy.
  React.useEffect(() => setState({ status: "idle" }), [script]);

  const copy = React.useCallback(async () => {
    if (script === undefined) return;
    const copied = await writeToClipboard(script, clipboard);
    if (!mounted.current) return;
    setState(copied ? { status: "copied", lines: script.split("\n").length } : { status: "fallback", copied: false });
  }, [script, clipboard]);

  // Once the fallback field is on screen: select the script, and try the browser's copy of the selection.
  React.useEffect(() => {
    if (state.status !== "fallback" || state.copied || !fieldRef.current) return;
    fieldRef.current.scrollIntoView?.({ block: "nearest" });
    if (copySelection(fieldRef.current)) setState({ status: "fallback", copied: true });
  }, [state]);

  return { state, copy, fieldRef };
}

export function ScriptCopyStatus(props: { script: string; copy: ScriptCopy }): JSX.Element | null {
  const { script, copy } = props;
  const { state } = copy;
  return (
    <div role="status" aria-live="polite" className="flex-column rhythm-vertical-8" data-testid="script-copy">
      {state.status === "copied" && <span data-testid="script-copied">Copied the az script ({state.lines} lines) to the clipboard.</span>}
      {state.status === "fallback" && (
        <>
          <span data-testid="script-fallback">
            {state.copied
              ? "Copied the az script. It is also shown below."
              : "This page may not use the clipboard here. The az script is selected below: press Ctrl+C (⌘C on a Mac) to copy it."}
          </span>
          <label htmlFor="dbt-grant-script" className="font-weight-semibold">
            az script
          </label>
          <textarea
            id="dbt-grant-script"
            ref={copy.fieldRef}
            className="dbt-grant-script dbt-token"
            readOnly={true}
            value={script}
            rows={Math.min(16, script.split("\n").length)}
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
          />
        </>
      )}
    </div>
  );
}
