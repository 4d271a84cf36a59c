/**
 * Cells no allow can fix (a deny decides them on the token the permission is checked on), each with the
 * evaluator's reason and the change an administrator would have to make by hand. The tool never removes a
 * deny, so these stay missing after applying.
 */
import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import type { BlockedItem } from "../../core/grant/model";
import { blockedTitle } from "./grantLabels";

export function BlockedList(props: { items: readonly BlockedItem[] }): JSX.Element | null {
  const { items } = props;
  if (items.length === 0) return null;
  return (
    <section className="flex-column rhythm-vertical-8" aria-labelledby="dbt-grant-blocked-title">
      <h3 id="dbt-grant-blocked-title" className="title-xs dbt-grant-heading">
        Blocked ({items.length}): a deny decides these, and this tool never removes a deny
      </h3>
      {items.map((item) => (
        <MessageCard key={`${item.cell.token}|${item.cell.permission}`} severity={MessageCardSeverity.Warning} className="dbt-grant-blocked">
          <div
            className="flex-column rhythm-vertical-4 dbt-wrap"
            data-testid="grant-blocked"
            data-project={item.cell.projectName}
            data-repository={item.cell.repositoryName}
            data-permission={item.cell.permission}
          >
            <strong>{blockedTitle(item)}</strong>
            <span data-testid="grant-blocked-reason">{item.reason}</span>
            <span>
              <span className="font-weight-semibold">By hand: </span>
              {item.manualFix}
            </span>
            {item.manualCommands.length > 0 && <code className="dbt-token dbt-grant-command">{item.manualCommands.join("\n")}</code>}
          </div>
        </MessageCard>
      ))}
    </section>
  );
}
