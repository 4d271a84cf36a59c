/**
 * The search box where the admin names the dbt Cloud service user or service principal. While typing it
 * suggests users and service principals (display name, sign-in name and kind), as the Azure DevOps people
 * picker does, with the ARIA 1.2 combobox pattern: the input keeps focus, arrows move through the list,
 * Enter picks, Escape closes it. Anything typed can still be checked as is (a descriptor, an e-mail).
 *
 * azure-devops-ui's IdentityPicker is not used: it picks several identities as pills, from its own directory
 * types (users and groups, no service principals), and offers no free text to check as typed.
 */
import "./identitySearch.css";
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField, TextFieldWidth } from "azure-devops-ui/TextField";
import { getSafeId } from "azure-devops-ui/Util";
import type { IdentitySuggestion } from "../data/auditSource";
import { useIdentitySuggestions } from "./useIdentitySuggestions";

export interface IdentitySearchProps {
  value: string;
  onChange: (value: string) => void;
  busy: boolean;
  /** `query` is what to look up; `shown` is what the box shows (a picked suggestion is looked up by its descriptor). */
  onSubmit: (query: string, shown: string) => void;
  /** Suggestions while typing; without it the box is a plain search field. */
  suggest?: (text: string, signal: AbortSignal) => Promise<IdentitySuggestion[]>;
}

const LISTBOX_ID = "dbt-identity-suggestions";
const optionId = (index: number) => `${LISTBOX_ID}-${index}`;
const KIND_LABELS: Record<IdentitySuggestion["kind"], string> = { user: "User", servicePrincipal: "Service principal" };

/** What a picked suggestion puts in the box: a user's sign-in name, a service principal's display name. */
function labelOf(suggestion: IdentitySuggestion): string {
  return suggestion.kind === "user" && suggestion.principalName ? suggestion.principalName : suggestion.displayName;
}

export function IdentitySearch(props: IdentitySearchProps): JSX.Element {
  const { value, onChange, busy, onSubmit, suggest } = props;
  const trimmed = value.trim();
  const list = useIdentitySuggestions(suggest);
  const [active, setActive] = React.useState(-1);
  const [picked, setPicked] = React.useState<{ label: string; subjectDescriptor: string } | undefined>(undefined);
  const open = list.open && list.suggestions.length > 0 && !busy;

  // New suggestions: no option is active until an arrow key says so.
  React.useEffect(() => setActive(-1), [list.suggestions]);
  const close = () => {
    setActive(-1);
    list.close();
  };

  const pick = (suggestion: IdentitySuggestion) => {
    const label = labelOf(suggestion);
    setPicked({ label, subjectDescriptor: suggestion.subjectDescriptor });
    onChange(label);
    close();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const count = list.suggestions.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (count === 0) return;
      event.preventDefault();
      if (!open) list.reopen();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + count) % count);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      pick(list.suggestions[active]);
    } else if (event.key === "Escape" && open) {
      // Closes the list only; nothing else on the page reacts to this Escape.
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  return (
    <form
      className="flex-column rhythm-vertical-4 dbt-identity-search"
      role="search"
      aria-label="Identity to check"
      onSubmit={(event) => {
        event.preventDefault();
        if (!trimmed || busy) return;
        close();
        onSubmit(picked && picked.label === trimmed ? picked.subjectDescriptor : trimmed, trimmed);
      }}
    >
      {/* A grid: the suggestions open under the input, and the button stays beside it. */}
      <div className="dbt-identity-row">
        <FormItem label="Service user or service principal" className="dbt-identity-field">
          <TextField
            inputId="dbt-identity-query"
            value={value}
            onChange={(_, next) => {
              onChange(next);
              list.typed(next);
            }}
            onKeyDown={onKeyDown}
            onBlur={close}
            placeholder="svc-dbt@contoso.com"
            prefixIconProps={{ iconName: "Search" }}
            width={TextFieldWidth.auto}
            disabled={busy}
            ariaLabel="Service user or service principal"
            autoComplete={false}
            {...(suggest
              ? {
                  role: "combobox",
                  ariaAutoComplete: "list" as const,
                  ariaExpanded: open,
                  ariaControls: LISTBOX_ID,
                  ariaActiveDescendant: open && active >= 0 ? optionId(active) : undefined,
                }
              : {})}
          />
        </FormItem>
        <Button text="Check permissions" primary={true} type="submit" disabled={busy || trimmed.length === 0} className="dbt-check-button" />
        {suggest && (
          <ul
            // The TextField makes its aria ids "safe" (prefixed); the elements they name must carry the same ids.
            id={getSafeId(LISTBOX_ID)}
            role="listbox"
            aria-label="Suggested identities"
            className="dbt-identity-suggestions"
            hidden={!open}
            data-testid="identity-suggestions"
          >
            {open &&
              list.suggestions.map((suggestion, index) => (
                <li
                  key={suggestion.subjectDescriptor}
                  id={getSafeId(optionId(index))}
                  role="option"
                  aria-selected={index === active}
                  className={`dbt-identity-option flex-column${index === active ? " active" : ""}`}
                  data-kind={suggestion.kind}
                  // Keeps focus in the box, so the list stays a popup of the input.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => pick(suggestion)}
                >
                  <span className="flex-row rhythm-horizontal-8">
                    <span className="font-weight-semibold dbt-identity-option-name">{suggestion.displayName}</span>
                    <span className="dbt-identity-kind body-xs">{KIND_LABELS[suggestion.kind]}</span>
                  </span>
                  <span className="secondary-text body-s">{suggestion.principalName}</span>
                </li>
              ))}
          </ul>
        )}
      </div>
      <span className="secondary-text body-s">Sign-in name, email, display name or descriptor of the identity dbt Cloud connects as.</span>
      {suggest && (
        <span className="visually-hidden" role="status" aria-live="polite" data-testid="identity-suggestions-status">
          {list.announcement}
        </span>
      )}
    </form>
  );
}
