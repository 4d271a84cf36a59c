/**
 * The frame every hub page shares: the host's theme surface, a page header and a tab bar. Tabs are
 * data, so a new view (e.g. Setup) is one more entry in the list the page passes in.
 *
 * A tab, once opened, stays mounted (hidden while another is shown) for the life of the page, so what the
 * admin did there (identity, result, filters, expansions, typed values) is still there on coming back, as on
 * Azure DevOps' own settings pages. Tabs not opened yet are not rendered, so they read nothing.
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
  const [opened, setOpened] = React.useState<ReadonlySet<string>>(() => new Set([selected.id]));
  const select = React.useCallback((id: string) => {
    setSelectedTabId(id);
    setOpened((current) => (current.has(id) ? current : new Set(current).add(id)));
  }, []);
  return (
    <Surface background={SurfaceBackground.neutral}>
      <main className="flex-column flex-grow dbt-main">
        <Page className="flex-grow dbt-hub">
          <Header title={title} titleSize={TitleSize.Large} description={description} titleAriaLevel={1} />
          <TabBar selectedTabId={selected.id} onSelectedTabChanged={select} tabSize={TabSize.Tall}>
            {tabs.map((tab) => (
              <Tab key={tab.id} id={tab.id} name={tab.name} />
            ))}
          </TabBar>
          {tabs
            .filter((tab) => tab.id === selected.id || opened.has(tab.id))
            .map((tab) => (
              <div
                key={tab.id}
                className="page-content page-content-top flex-column flex-grow"
                role="tabpanel"
                aria-label={tab.name}
                data-tab={tab.id}
                hidden={tab.id !== selected.id}
              >
                {tab.render()}
              </div>
            ))}
        </Page>
      </main>
    </Surface>
  );
}
