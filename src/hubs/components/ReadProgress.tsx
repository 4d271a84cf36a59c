/** Visible progress while the organization is read, with a way out. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import type { ReadProgress as Progress } from "../data/auditSource";

export interface ReadProgressProps {
  progress: Progress;
  onCancel: () => void;
}

export function ReadProgress(props: ReadProgressProps): JSX.Element {
  const { progress, onCancel } = props;
  const hasCount = progress.total !== undefined && progress.total > 0 && progress.completed !== undefined;
  const percent = hasCount ? Math.min(100, Math.round(((progress.completed ?? 0) / (progress.total ?? 1)) * 100)) : undefined;
  return (
    <div className="flex-row flex-center rhythm-horizontal-16 dbt-progress" role="status" aria-live="polite">
      <Spinner size={SpinnerSize.medium} ariaLabel="Reading" />
      <div className="flex-column flex-grow rhythm-vertical-4">
        <span data-testid="progress-message">{progress.message}</span>
        {progress.requests !== undefined && (
          <span className="secondary-text body-s">
            {progress.requests} {progress.requests === 1 ? "request" : "requests"} sent
          </span>
        )}
        {hasCount && (
          <div
            className="dbt-progress-track"
            role="progressbar"
            aria-label="Read progress"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.completed}
          >
            <div className="dbt-progress-fill" style={{ width: `${percent}%` }} />
          </div>
        )}
      </div>
      <Button text="Cancel" iconProps={{ iconName: "Cancel" }} onClick={onCancel} />
    </div>
  );
}
