/** Entry of the Organization settings hub (dist/org-settings.html). */
import * as React from "react";
import { startHub } from "../startHub";
import { OrgSettingsPage } from "./OrgSettingsPage";

startHub("organization", (context, services) => <OrgSettingsPage context={context} services={services} />);
