/**
 * Why one cell is what it is: the deciding access control entry, the token it sits on, the group chain
 * from the audited identity to the entry's owner, and whether the bit was inherited or set explicitly.
 */
import * as React from "react";
import { Panel } from "azure-devops-ui/Panel";
import { useEscapeKey } from "./useEscapeKey";
import { Status, StatusSize } from "azure-devops-ui/Status";
import { NAMESPACES } from "../../core/permissions/catalogue";
import type { ReportIdentity } from "../../core/audit/report";
import { EFFECTIVE_LABELS, EFFECTIVE_STATUS } from "./labels";
import type { ReasonSelection } from "./PermissionMatrix";

export interface ReasonPanelProps {
  selection: ReasonSelection;
  identity: ReportIdentity;
  onDismiss: () => void;
}

export function ReasonPanel(props: ReasonPanelProps): JSX.Element {
  const { selection, identity, onDismiss } = props;
  const { permission, result, project, repository } = selection;
  const where = repository ? `${project.name} / ${repository.name}` : project.name;
  const ace = result.decidedBy;
  useEscapeKey(onDismiss);
  return (
    <Panel
      onDismiss={onDismiss}
      titleProps={{ text: `${permission.displayName}`, id: "dbt-reason-title" }}
      description={`${repository ? "Repository" : "Project"} ${where}`}
      ariaLabelledBy="dbt-reason-title"
    >
      <div className="dbt-reason flex-column rhythm-vertical-16" data-testid="reason-panel">
        <div className="flex-row flex-center rhythm-horizontal-8">
          <Status {...EFFECTIVE_STATUS[result.effective]} size={StatusSize.l} />
          <span className="title-s" data-effective={result.effective}>
            {EFFECTIVE_LABELS[result.effective]}
          </span>
        </div>
        <p className="dbt-reason-text">{result.reason}</p>
        <dl className="dbt-facts">
          <dt>Permission</dt>
          <dd>
            {NAMESPACES[permission.namespace].name} <code>{permission.key}</code> (bit {permission.bit})
          </dd>
          <dt>Why dbt Cloud needs it</dt>
          <dd>To {permission.why}.</dd>
          <dt>Checked for</dt>
          <dd>
            {identity.displayName} <span className="secondary-text">({identity.principalName})</span>
          </dd>
          <dt>Token checked</dt>
          <dd>
            <code className="dbt-token">{result.token}</code>
          </dd>
          {ace ? (
            <>
              <dt>Decided by</dt>
              <dd>
                {ace.effect === "allow" ? "Allow" : "Deny"} for <strong>{ace.name}</strong>
                <div className="secondary-text body-s dbt-descriptor">{ace.descriptor}</div>
              </dd>
              <dt>Through</dt>
              <dd data-testid="reason-path">{groupPath(identity.displayName, ace.via, ace.name)}</dd>
              <dt>Where it is set</dt>
              <dd>
                {ace.inherited ? "Inherited from " : "Set explicitly on "}
                <code className="dbt-token">{ace.token}</code>
              </dd>
            </>
          ) : (
            <>
              <dt>Decided by</dt>
              <dd>No access control entry allows or denies this bit for the identity or any of its groups.</dd>
            </>
          )}
          {result.verification !== undefined && (
            <>
              <dt>Azure DevOps</dt>
              <dd data-testid="reason-verification">
                {result.verification === "confirmed"
                  ? "Confirmed by Azure DevOps: its own evaluation gives the same answer."
                  : `Azure DevOps' own evaluation differs, and it is the one shown. From the ACLs and group memberships its APIs list, this tool found: ${EFFECTIVE_LABELS[
                      result.localEffective ?? "notSet"
                    ].toLowerCase()}.`}
              </dd>
            </>
          )}
          {result.inheritanceBrokenAt !== undefined && (
            <>
              <dt>Inheritance</dt>
              <dd>
                Turned off at <code className="dbt-token">{result.inheritanceBrokenAt}</code>, which cuts off settings made higher up.
              </dd>
            </>
          )}
        </dl>
      </div>
    </Panel>
  );
}

/** "svc-dbt → [Analytics]\Contributors → [contoso]\Engineering", or "directly" for the identity's own entry. */
function groupPath(identityName: string, via: readonly string[], ownerName: string): string {
  if (via.length === 0) return ownerName === identityName ? "Directly (an entry for the identity itself)" : ownerName;
  const chain = [identityName, ...via];
  if (chain[chain.length - 1] !== ownerName) chain.push(ownerName);
  return chain.join(" → ");
}
