/** The Setup tab's "Migrate to a service principal" button and its panel; focus returns to the button when it closes. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import type { MigrationSource } from "../data/migrationSource";
import { MigrationPanel } from "./MigrationPanel";

export interface MigrationActionProps {
  source: MigrationSource;
  /** The service user checked on the Permissions tab, to start from. */
  defaultFrom?: string;
}

export function MigrationAction({ source, defaultFrom }: MigrationActionProps): JSX.Element {
  const [open, setOpen] = React.useState(false);
  const opener = React.useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(false);
    // The panel is gone on the next frame; give focus back to what opened it.
    setTimeout(() => opener.current?.querySelector("button")?.focus(), 0);
  };
  return (
    <div className="flex-column rhythm-vertical-8" ref={opener}>
      <span className="secondary-text body-s">
        dbt recommends moving from a service user to the app&apos;s service principal. Compare both and grant the service principal what it lacks.
      </span>
      <div className="flex-row">
        <Button text="Migrate to a service principal…" iconProps={{ iconName: "Switch" }} onClick={() => setOpen(true)} />
      </div>
      {open && <MigrationPanel source={source} defaultFrom={defaultFrom} onDismiss={close} />}
    </div>
  );
}
