/**
 * The Permissions tab's "Grant missing permissions" command: enabled while the report on screen has a
 * missing permission (counted by src/core), it opens the grant panel for the report's identity.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { gapCells } from "../../core/grant/cells";
import type { GrantScope } from "../../core/grant/model";
import type { AuditReport } from "../../core/audit/report";
import type { GrantSource } from "../data/grantSource";
import type { ClipboardLike } from "./clipboard";
import { GrantPanel } from "./GrantPanel";

/** What a hub passes to offer grants: where they come from and which scopes it offers, widest first. */
export interface GrantOptions {
  source: GrantSource;
  scopes: readonly GrantScope[];
  clipboard?: ClipboardLike;
}

export const ORGANIZATION_GRANT_SCOPES: readonly GrantScope[] = ["org", "project", "repo"];
/** A project hub plans for its own project only, so the organization-wide roots are not offered. */
export const PROJECT_GRANT_SCOPES: readonly GrantScope[] = ["project", "repo"];

export interface GrantActionProps {
  report: AuditReport;
  grant: GrantOptions;
  scopeLabel: string;
  /** Re-reads and re-audits in place (the matrix stays on screen); resolves with the new report. */
  onVerified: (report: AuditReport) => void;
}

export function GrantAction(props: GrantActionProps): JSX.Element {
  const { report, grant, scopeLabel, onVerified } = props;
  const [open, setOpen] = React.useState(false);
  const button = React.useRef<Button>(null);
  const missing = React.useMemo(() => gapCells(report).size, [report]);
  const { displayName, principalName, descriptor } = report.identity;
  const identity = React.useMemo(() => ({ displayName, principalName, descriptor }), [displayName, principalName, descriptor]);
  return (
    <>
      <Button
        ref={button}
        text="Grant missing permissions"
        iconProps={{ iconName: "Permissions" }}
        primary={missing > 0}
        disabled={missing === 0}
        tooltipProps={missing === 0 ? { text: "Every required permission is allowed" } : undefined}
        onClick={() => setOpen(true)}
      />
      {open && (
        <GrantPanel
          source={grant.source}
          identity={identity}
          scopes={grant.scopes}
          scopeLabel={scopeLabel}
          onVerified={onVerified}
          clipboard={grant.clipboard}
          onDismiss={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
