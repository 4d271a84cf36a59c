/**
 * The frame every hub page shares: the host's theme surface, a page header and a tab bar. Tabs are
 * data, so a new view (e.g. Setup) is one more entry in the list the page passes in.
 */
import * as React from "react";
import { Header, TitleSize } from "azure-devops-ui/Header";
import { Page } from "azure-devops-ui/Page";
import { Surface, SurfaceBackground } from "azure-devops-ui/Surface";
import { Tab, TabBar, TabSize } from "azure-devops-ui/Tabs";

export interface HubTab {
  id: string;
  name: string;
  render: () => JSX.Element;
}

export interface HubShellProps {
  title: string;
  description: string;
  tabs: readonly HubTab[];
  initialTabId?: string;
}

export function HubShell(props: HubShellProps): JSX.Element {
  const { title, description, tabs } = props;
  if (tabs.length === 0) throw new Error("HubShell needs at least one tab");
  const [selectedTabId, setSelectedTabId] = React.useState(props.initialTabId ?? tabs[0].id);
  const selected = tabs.find((tab) => tab.id === selectedTabId) ?? tabs[0];
  return (
    <Surface background={SurfaceBackground.neutral}>
      <main className="flex-column flex-grow dbt-main">
        <Page className="flex-grow dbt-hub">
          <Header title={title} titleSize={TitleSize.Large} description={description} titleAriaLevel={1} />
          <TabBar selectedTabId={selected.id} onSelectedTabChanged={setSelectedTabId} tabSize={TabSize.Tall}>
            {tabs.map((tab) => (
              <Tab key={tab.id} id={tab.id} name={tab.name} />
            ))}
          </TabBar>
          <div className="page-content page-content-top flex-column flex-grow" role="tabpanel" aria-label={selected.name}>
            {selected.render()}
          </div>
        </Page>
      </main>
    </Surface>
  );
}
