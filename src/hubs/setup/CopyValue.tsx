/** A value to paste somewhere else (dbt Cloud, the Entra app), shown exactly as it must be typed, with a copy button. */
import * as React from "react";
import { ClipboardButton } from "azure-devops-ui/Clipboard";
import type { CopyValue as CopyValueData } from "../../core/setup/links";

export function CopyValue(props: { value: CopyValueData; onCopied: (label: string) => void }): JSX.Element {
  const { value, onCopied } = props;
  return (
    <div className="flex-row flex-center flex-wrap dbt-setup-value" data-value={value.id}>
      <span className="secondary-text dbt-setup-value-label">{value.label}</span>
      <code className="dbt-setup-code" data-testid={`value-${value.id}`}>
        {value.value}
      </code>
      <ClipboardButton
        getContent={() => value.value}
        ariaLabel={`Copy ${value.label}`}
        showCopiedTooltip={true}
        subtle={true}
        onCopy={() => onCopied(value.label)}
      />
    </div>
  );
}
