/** The Setup tab as an entry of a hub page's tab list, wired to what the page was given at connection. */
import * as React from "react";
import type { OrganizationRef } from "../../core/setup/links";
import type { HubContext } from "../../sdk/init";
import type { HubTab } from "../components/HubShell";
import type { HubServices } from "../data/hubServices";
import { SetupView, type SetupDraftHolder } from "./SetupView";

/** One draft per connected page (its services object), so unsaved edits survive a visit to another tab. */
const drafts = new WeakMap<HubServices, SetupDraftHolder>();

function draftFor(services: HubServices): SetupDraftHolder {
  let draft = drafts.get(services);
  if (!draft) drafts.set(services, (draft = {}));
  return draft;
}

export function setupTab(context: HubContext, services: HubServices, level: "organization" | "project"): HubTab {
  const name = context.organization.name;
  // The host gives the organization's core URL at connection; dev.azure.com is where it lives otherwise.
  const organization: OrganizationRef = { name, url: services.organizationUrl ?? `https://dev.azure.com/${encodeURIComponent(name)}` };
  const project = level === "project" ? context.project : undefined;
  return {
    id: "setup",
    name: "Setup",
    render: () => (
      <SetupView
        organization={organization}
        projects={project ? [{ name: project.name }] : undefined}
        scopeLabel={project ? `the project ${project.name}` : `every project in ${name}`}
        store={services.setupSettings}
        facts={services.facts}
        hooks={services.hooks}
        tenant={services.tenant}
        migration={services.migration}
        memory={services.memory}
        userName={context.user.displayName}
        draft={draftFor(services)}
      />
    ),
  };
}
