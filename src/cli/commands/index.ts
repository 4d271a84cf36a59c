/** Every `dbt-ado` command, in the order help lists them. New commands (grant, hooks, links) are added here. */
import type { Command } from "../command";
import { auditCommand } from "./audit";
import { grantCommand } from "./grant";
import { hooksCommands } from "./hooks";
import { linksCommand } from "./links";
import { migrateCommand } from "./migrate";

export const COMMANDS: readonly Command[] = [auditCommand, grantCommand, ...hooksCommands, linksCommand, migrateCommand];
