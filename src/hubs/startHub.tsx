/** Mounts a hub page: connect to the host, then render. Shared by both hub entries. */
import "azure-devops-ui/Core/override.css";
import "./hub.css";
import * as React from "react";
import * as ReactDOM from "react-dom";
import type { HubContext } from "../sdk/init";
import { connectHub, notifyHost, type HubLevel } from "./connect";
import type { HubServices } from "./data/hubServices";
import { HubRoot } from "./HubRoot";

export function startHub(level: HubLevel, renderPage: (context: HubContext, services: HubServices) => JSX.Element): void {
  const container = document.getElementById("root");
  if (!container) throw new Error('The hub page has no element with id "root"');
  const connect = () => connectHub(level);
  ReactDOM.render(<HubRoot connect={connect} renderPage={renderPage} notifyLoaded={notifyHost} />, container);
}
