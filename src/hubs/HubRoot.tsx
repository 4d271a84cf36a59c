/**
 * Connects to the Azure DevOps host, then renders the page. While connecting it shows a spinner; if
 * the host never answers (the page was opened on its own) it says so instead of staying blank.
 */
import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { Surface, SurfaceBackground } from "azure-devops-ui/Surface";
import type { HubContext } from "../sdk/init";

export interface HubRootProps<S> {
  /** Completes the host handshake and builds what the page needs. */
  connect: () => Promise<{ context: HubContext; services: S }>;
  renderPage: (context: HubContext, services: S) => JSX.Element;
  /** Tells the host the page is ready (stops its loading indicator) or failed. */
  notifyLoaded?: (error?: Error) => void;
}

type RootState<S> = { phase: "connecting" } | { phase: "ready"; context: HubContext; services: S } | { phase: "failed"; message: string };

export function HubRoot<S>(props: HubRootProps<S>): JSX.Element {
  const { connect, renderPage, notifyLoaded } = props;
  const [state, setState] = React.useState<RootState<S>>({ phase: "connecting" });
  React.useEffect(() => {
    let active = true;
    connect().then(
      ({ context, services }) => {
        if (!active) return;
        setState({ phase: "ready", context, services });
        notifyLoaded?.();
      },
      (error: unknown) => {
        if (!active) return;
        const failure = error instanceof Error ? error : new Error(String(error));
        setState({ phase: "failed", message: failure.message });
        notifyLoaded?.(failure);
      },
    );
    return () => {
      active = false;
    };
  }, [connect, notifyLoaded]);

  if (state.phase === "ready") return renderPage(state.context, state.services);
  return (
    <Surface background={SurfaceBackground.neutral}>
      <main className="flex-column flex-grow flex-center justify-center dbt-root-status">
        {state.phase === "connecting" ? (
          <Spinner size={SpinnerSize.large} label="Connecting to Azure DevOps…" />
        ) : (
          <div className="dbt-root-error">
            <MessageCard severity={MessageCardSeverity.Error}>
              <span data-testid="root-error">{state.message}</span>
            </MessageCard>
          </div>
        )}
      </main>
    </Surface>
  );
}
