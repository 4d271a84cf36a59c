/**
 * Each project in scope: what its subscriptions look like to the caller. "Cannot see" (the caller lacks View
 * subscriptions there, and Azure DevOps then answers an empty list) is shown apart from "none" (seen, and
 * there is no dbt Cloud subscription), because the two call for different people to act.
 */
import * as React from "react";
import { Link } from "azure-devops-ui/Link";
import { Status, StatusSize, Statuses } from "azure-devops-ui/Status";
import type { ProjectHooksView } from "../../core/hooks/index";
import { pluralize } from "../components/labels";
import { VISIBILITY_LABELS } from "./hooksModel";
import { VISIBILITY_STATUS } from "./hookStatus";

/** What the caller knows about a project's dbt Cloud subscriptions: some, none, or cannot tell. */
export type ProjectHooksState = "some" | "none" | "cannotSee" | "unchecked";

export function projectHooksState(project: ProjectHooksView): ProjectHooksState {
  if (project.visibility !== "visible") return project.visibility;
  return project.dbtSubscriptions > 0 ? "some" : "none";
}

function describe(project: ProjectHooksView, state: ProjectHooksState): string {
  const repositories = pluralize(project.repositories, "repository", "repositories");
  switch (state) {
    case "cannotSee":
      return "Cannot see its subscriptions: you lack View subscriptions here, and Azure DevOps then lists none, so there may be some.";
    case "unchecked":
      return "No subscriptions came back and whether you may view them could not be checked: there may be some.";
    case "none":
      return project.missingDbtSubscription
        ? `None: no dbt Cloud subscription, though it has ${repositories}. If dbt Cloud uses one of them, its CI jobs never start.`
        : `None: no dbt Cloud subscription (${repositories}).`;
    case "some":
      return `${pluralize(project.dbtSubscriptions, "dbt Cloud subscription")}, ${project.otherSubscriptions} other (${repositories}).`;
  }
}

const STATE_STATUS: Record<ProjectHooksState, typeof Statuses.Success> = {
  some: VISIBILITY_STATUS.visible,
  none: Statuses.Information,
  cannotSee: VISIBILITY_STATUS.cannotSee,
  unchecked: VISIBILITY_STATUS.unchecked,
};

const STATE_LABELS: Record<ProjectHooksState, string> = {
  some: VISIBILITY_LABELS.visible,
  none: "None",
  cannotSee: VISIBILITY_LABELS.cannotSee,
  unchecked: VISIBILITY_LABELS.unchecked,
};

export function ProjectsVisibility(props: { projects: readonly ProjectHooksView[] }): JSX.Element {
  const { projects } = props;
  if (projects.length === 0) return <p className="secondary-text">No projects in scope.</p>;
  return (
    <ul className="dbt-hooks-projects" aria-label="Projects">
      {projects.map((project) => {
        const state = projectHooksState(project);
        return (
          <li
            key={project.id}
            className="flex-row flex-center flex-wrap dbt-hooks-project"
            data-project={project.name}
            data-visibility={project.visibility}
            data-hooks={state}
          >
            <Status {...STATE_STATUS[state]} size={StatusSize.m} />
            <span className="font-weight-semibold dbt-hooks-project-name">{project.name}</span>
            <span className="font-weight-semibold" data-testid="project-hooks-state">
              {STATE_LABELS[state]}
            </span>
            <span className="flex-grow secondary-text">{describe(project, state)}</span>
            <Link
              href={project.serviceHooksUrl}
              target="_blank"
              rel="noopener noreferrer"
              ariaLabel={`Service hooks of ${project.name} (opens in a new tab)`}
            >
              Service hooks
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
