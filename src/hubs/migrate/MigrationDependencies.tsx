/**
 * What still depends on the service user after the service principal has every permission: dbt Cloud's service
 * hook subscriptions it created (Azure DevOps disables them once it loses access), its own permission entries and
 * direct group memberships (left in place for review). Its personal access tokens are not read.
 */
import * as React from "react";
import type { MigrationState } from "../../flows";
import { EVENT_LABELS } from "./eventLabels";

export function MigrationDependencies({ state }: { state: MigrationState }): JSX.Element {
  const { hooksAtRisk, dependencies } = state;
  return (
    <section className="flex-column rhythm-vertical-8" aria-labelledby="dbt-migrate-deps-title" data-testid="migrate-dependencies">
      <h3 id="dbt-migrate-deps-title" className="title-xs dbt-grant-heading">
        Still depending on the service user
      </h3>
      {hooksAtRisk.length > 0 ? (
        <>
          <p className="dbt-grant-summary">
            dbt Cloud&apos;s service hook subscriptions it created stop once it is removed: reconnect these repositories in dbt Cloud after switching
            to the service principal.
          </p>
          <ul className="dbt-migrate-list" data-testid="migrate-hooks-at-risk">
            {hooksAtRisk.map((hook) => (
              <li key={hook.id} data-subscription={hook.id}>
                {hook.project ?? "Every project"} / {hook.repository ?? "any repository"}: {EVENT_LABELS[hook.eventType] ?? hook.eventType}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="dbt-grant-summary">No dbt Cloud service hook subscription was created by it.</p>
      )}
      {dependencies.ownEntries.length > 0 && (
        <ul className="dbt-migrate-list" data-testid="migrate-own-entries" aria-label="Its own permission entries">
          {dependencies.ownEntries.map((entry) => (
            <li key={`${entry.namespaceName}|${entry.token}`}>
              Own entry on {entry.repository ? `${entry.project} / ${entry.repository}` : (entry.project ?? "the whole organization")} (
              {entry.namespaceName}){entry.allows.length > 0 ? `: allows ${entry.allows.length}` : ""}
              {entry.denies.length > 0 ? `, denies ${entry.denies.length}` : ""} of the permissions dbt Cloud needs
            </li>
          ))}
        </ul>
      )}
      {dependencies.memberships.length > 0 && (
        <ul className="dbt-migrate-list" data-testid="migrate-memberships" aria-label="Groups it was added to">
          {dependencies.memberships.map((membership) => (
            <li key={membership.group}>Member of {membership.group}</li>
          ))}
        </ul>
      )}
      <p className="secondary-text body-s">Personal access tokens of the service user are not read here; revoke them when you remove it.</p>
    </section>
  );
}
