/** Where allows are written: the organization, each project (default) or each repository. */
import * as React from "react";
import { RadioButton, RadioButtonGroup } from "azure-devops-ui/RadioButton";
import type { GrantScope } from "../../core/grant/model";
import { SCOPE_CHOICES } from "./grantLabels";

export interface ScopeChoiceProps {
  scopes: readonly GrantScope[];
  selected: GrantScope;
  disabled: boolean;
  onChange: (scope: GrantScope) => void;
}

export function ScopeChoice(props: ScopeChoiceProps): JSX.Element {
  const { scopes, selected, disabled, onChange } = props;
  return (
    <div className="flex-column rhythm-vertical-8">
      <RadioButtonGroup
        id="dbt-grant-scope"
        text="Grant at"
        selectedButtonId={buttonId(selected)}
        onSelect={(id) => {
          const scope = scopes.find((candidate) => buttonId(candidate) === id);
          if (scope) onChange(scope);
        }}
        className="dbt-grant-scope"
      >
        {scopes.map((scope) => (
          <RadioButton key={scope} id={buttonId(scope)} text={SCOPE_CHOICES[scope].label} disabled={disabled} />
        ))}
      </RadioButtonGroup>
      <span className="secondary-text body-s" data-testid="grant-scope-detail">
        {SCOPE_CHOICES[selected].detail} Project read comes from a membership of the project's Readers group wherever that works.
      </span>
    </div>
  );
}

/** Element ids are page-wide: prefixed so "project" cannot clash with anything else on the page. */
function buttonId(scope: GrantScope): string {
  return `dbt-grant-scope-${scope}`;
}
