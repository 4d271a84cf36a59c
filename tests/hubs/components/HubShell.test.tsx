/**
 * @jest-environment jsdom
 *
 * The hub frame's tabs: a tab is rendered once opened and then kept (hidden) while another is shown, so what was
 * done on it is still there on coming back; a tab never opened is not rendered at all.
 */
import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { HubShell } from "../../../src/hubs/components/HubShell";

function Counter(props: { label: string }): JSX.Element {
  const [count, setCount] = React.useState(0);
  return <button onClick={() => setCount((n) => n + 1)}>{`${props.label} ${count}`}</button>;
}

test("a tab keeps its state across tab switches, and a tab not opened yet is not rendered", () => {
  render(
    <HubShell
      title="dbt Cloud"
      description="d"
      tabs={[
        { id: "setup", name: "Setup", render: () => <Counter label="setup" /> },
        { id: "permissions", name: "Permissions", render: () => <Counter label="permissions" /> },
        { id: "hooks", name: "Service hooks", render: () => <Counter label="hooks" /> },
      ]}
    />,
  );
  fireEvent.click(screen.getByText("setup 0"));
  fireEvent.click(screen.getByText("setup 1"));
  expect(screen.queryByText(/^permissions/)).toBeNull();

  fireEvent.click(screen.getByRole("tab", { name: "Permissions" }));
  fireEvent.click(screen.getByText("permissions 0"));
  const setupPanel = document.querySelector<HTMLElement>('[data-tab="setup"]')!;
  expect(setupPanel.hidden).toBe(true);
  expect(screen.queryByText(/^hooks/)).toBeNull();

  fireEvent.click(screen.getByRole("tab", { name: "Setup" }));
  expect(screen.getByText("setup 2")).toBeTruthy();
  expect(setupPanel.hidden).toBe(false);
  expect(document.querySelector<HTMLElement>('[data-tab="permissions"]')!.hidden).toBe(true);
  fireEvent.click(screen.getByRole("tab", { name: "Permissions" }));
  expect(screen.getByText("permissions 1")).toBeTruthy();
});
