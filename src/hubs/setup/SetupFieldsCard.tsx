/**
 * The values the checklist and its links are built from, with each field's validation message from the
 * core, and the Save button. There is deliberately no field for the client secret.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField, TextFieldWidth } from "azure-devops-ui/TextField";
import { SETUP_FIELDS } from "./setupLabels";
import type { SetupFieldId, SetupFields } from "./setupRecord";

export interface SetupFieldsCardProps {
  fields: SetupFields;
  errors: Partial<Record<SetupFieldId, string>>;
  onChange: (id: SetupFieldId, value: string) => void;
  disabled: boolean;
  /** Absent when the page has nowhere to save (no extension data service). */
  onSave?: () => void;
  canSave: boolean;
  /** One line about the saved state: "Saved", "Unsaved changes", "Saving…". */
  saveStatus: string;
}

export function SetupFieldsCard(props: SetupFieldsCardProps): JSX.Element {
  const { fields, errors, onChange, disabled, onSave, canSave, saveStatus } = props;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Card
      className="dbt-setup-fields-card"
      titleProps={{ text: "Your Entra app and dbt Cloud account", ariaLevel: 2 }}
      headerDescriptionProps={{
        text: "The checklist, its links and the values to copy are built from these. Nothing here is a secret.",
      }}
      contentProps={{ contentPadding: true }}
    >
      <form
        className="flex-column rhythm-vertical-16 flex-grow"
        aria-label="Setup values"
        onSubmit={(event) => {
          event.preventDefault();
          if (onSave && canSave) onSave();
        }}
      >
        <div className="dbt-setup-grid">
          {SETUP_FIELDS.map((field) => {
            const error = errors[field.id];
            return (
              <FormItem key={field.id} label={field.label} message={error ?? field.help} error={error !== undefined} className="dbt-setup-field">
                <TextField
                  inputId={`dbt-setup-${field.id}`}
                  value={fields[field.id]}
                  onChange={(_, value) => onChange(field.id, value)}
                  placeholder={field.placeholder}
                  ariaLabel={field.label}
                  ariaInvalid={error !== undefined}
                  width={TextFieldWidth.auto}
                  disabled={disabled}
                  spellCheck={false}
                />
              </FormItem>
            );
          })}
        </div>
        {onSave && (
          <div className="flex-row flex-center flex-wrap rhythm-horizontal-16">
            <Button text="Save" primary={true} type="submit" disabled={!canSave} iconProps={{ iconName: "Save" }} />
            <span className="secondary-text" data-testid="save-status" role="status">
              {saveStatus}
            </span>
            {hasErrors && <span className="secondary-text">Correct the fields marked in red to save.</span>}
          </div>
        )}
      </form>
    </Card>
  );
}
