/**
 * How dbt Cloud reaches Azure DevOps: the Entra app's service principal (dbt's recommendation) or a service user
 * (the older route). The checklist shows only the chosen route's steps.
 */
import * as React from "react";
import type { SetupRoute } from "../../core/setup/checklist";

const CHOICES: readonly { route: SetupRoute; label: string; help: string }[] = [
  {
    route: "servicePrincipal",
    label: "Service principal (recommended by dbt)",
    help: "dbt Cloud signs in as the Entra app itself, with its client ID and secret.",
  },
  {
    route: "serviceUser",
    label: "Service user",
    help: "dbt Cloud acts as a dedicated Azure DevOps user (the older route; dbt documents a migration).",
  },
];

export interface RouteChoiceProps {
  route: SetupRoute;
  disabled: boolean;
  onChange: (route: SetupRoute) => void;
}

export function RouteChoice({ route, disabled, onChange }: RouteChoiceProps): JSX.Element {
  return (
    <fieldset className="dbt-setup-route flex-column rhythm-vertical-8" data-testid="route-choice" data-route={route}>
      <legend className="body-m font-weight-semibold">How dbt Cloud signs in to Azure DevOps</legend>
      {CHOICES.map((choice) => (
        <label key={choice.route} className="flex-row flex-center rhythm-horizontal-8">
          <input
            type="radio"
            name="dbt-setup-route"
            value={choice.route}
            checked={route === choice.route}
            disabled={disabled}
            onChange={() => onChange(choice.route)}
          />
          <span>
            {choice.label} <span className="secondary-text">{choice.help}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
