/**
 * The grant panel's commands. Apply is offered only once the caller check allows it, and asks for a
 * confirmation (focus moves to it, Back returns); while writing, nothing can close the panel.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { pluralize } from "../components/labels";

export interface GrantFooterProps {
  /** Set while asking to confirm: what is about to be written, where, as whom. */
  confirm?: { changes: number; organization: string; caller?: string };
  applying: boolean;
  /** The number of changes Apply would write; Apply is not offered when absent. */
  offerApply?: number;
  /** "Try again" after a failed read, "Retry" after a failed or incomplete apply. */
  retry?: string;
  offerScript: boolean;
  onApply: () => void;
  onConfirm: () => void;
  onBack: () => void;
  onRetry: () => void;
  onCopyScript: () => void;
  onClose: () => void;
}

export function GrantFooter(props: GrantFooterProps): JSX.Element {
  const { confirm, applying, offerApply, retry, offerScript } = props;
  // Back (or Escape) from the confirmation returns focus to Apply, the control that asked for it.
  const applyHolder = React.useRef<HTMLSpanElement>(null);
  const wasConfirming = React.useRef(false);
  React.useEffect(() => {
    if (wasConfirming.current && !confirm) applyHolder.current?.querySelector("button")?.focus();
    wasConfirming.current = confirm !== undefined;
  }, [confirm]);
  return (
    <div className="flex-row flex-center flex-grow flex-wrap rhythm-horizontal-8 dbt-grant-footer">
      {confirm ? (
        <>
          <span className="flex-grow dbt-wrap" id="dbt-grant-confirm-text" data-testid="grant-confirm">
            Write {pluralize(confirm.changes, "change")} to {confirm.organization}
            {confirm.caller ? ` as ${confirm.caller}` : ""}? Only allow bits and group memberships are added.
          </span>
          <Button
            text={`Confirm: apply ${pluralize(confirm.changes, "change")}`}
            primary={true}
            autoFocus={true}
            ariaDescribedBy="dbt-grant-confirm-text"
            onClick={props.onConfirm}
          />
          <Button text="Back" onClick={props.onBack} />
        </>
      ) : (
        <>
          {applying && <span className="flex-grow secondary-text">Writing the changes; the panel can be closed once they are done.</span>}
          {offerApply !== undefined && (
            <span ref={applyHolder} className="flex-row">
              <Button text={`Apply ${pluralize(offerApply, "change")}…`} primary={true} onClick={props.onApply} />
            </span>
          )}
          {retry && <Button text={retry} primary={true} iconProps={{ iconName: "Refresh" }} onClick={props.onRetry} />}
          {offerScript && !applying && <Button text="Copy az script" iconProps={{ iconName: "Copy" }} onClick={props.onCopyScript} />}
          <Button text="Close" disabled={applying} onClick={props.onClose} />
        </>
      )}
    </div>
  );
}
