/** The search box where the admin names the dbt Cloud service user or service principal. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField, TextFieldWidth } from "azure-devops-ui/TextField";

export interface IdentitySearchProps {
  value: string;
  onChange: (value: string) => void;
  busy: boolean;
  onSubmit: (query: string) => void;
}

export function IdentitySearch(props: IdentitySearchProps): JSX.Element {
  const { value, onChange, busy, onSubmit } = props;
  const trimmed = value.trim();
  return (
    <form
      className="flex-column rhythm-vertical-4 dbt-identity-search"
      role="search"
      aria-label="Identity to check"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed && !busy) onSubmit(trimmed);
      }}
    >
      <div className="flex-row flex-end rhythm-horizontal-8">
        <FormItem label="Service user or service principal" className="flex-grow">
          <TextField
            inputId="dbt-identity-query"
            value={value}
            onChange={(_, next) => onChange(next)}
            placeholder="svc-dbt@contoso.com"
            prefixIconProps={{ iconName: "Search" }}
            width={TextFieldWidth.auto}
            disabled={busy}
            ariaLabel="Service user or service principal"
          />
        </FormItem>
        <Button text="Check permissions" primary={true} type="submit" disabled={busy || trimmed.length === 0} className="dbt-check-button" />
      </div>
      <span className="secondary-text body-s">Sign-in name, email, display name or descriptor of the identity dbt Cloud connects as.</span>
    </form>
  );
}
