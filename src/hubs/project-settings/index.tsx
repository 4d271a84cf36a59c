/** Entry of the Project settings hub (dist/project-settings.html). */
import * as React from "react";
import { startHub } from "../startHub";
import { ProjectSettingsPage } from "./ProjectSettingsPage";

startHub("project", (context, services) => <ProjectSettingsPage context={context} services={services} />);
