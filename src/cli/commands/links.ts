/**
 * `dbt-ado links`: the Setup tab's deep links and values to paste, for people working in a terminal. A pure
 * rendering of the core's buildLinks: it needs no credentials and never calls Azure DevOps.
 */
import { parseOrganization } from "../../ado";
import { OWNER_LABELS, OWNER_ORDER } from "../../core/setup/checklist";
import { buildLinks, organizationBaseUrl, type LinkSet, type LinksInputField, type OrganizationRef, type SetupRoute } from "../../core/setup/links";
import { UsageError, type CommandSpec } from "../args";
import type { Command, CommandContext } from "../command";
import { EXIT, type ExitCode } from "../io";
import { ORG_FLAG } from "./shared-flags";

export const LINKS_FORMATS = ["table", "json"] as const;
type LinksFormat = (typeof LINKS_FORMATS)[number];

/** The route as spelled on the command line, and as the core names it. */
export const LINKS_ROUTES = ["service-principal", "service-user"] as const;
const ROUTE_OF_FLAG: Record<(typeof LINKS_ROUTES)[number], SetupRoute> = {
  "service-principal": "servicePrincipal",
  "service-user": "serviceUser",
};

export const linksSpec: CommandSpec = {
  words: ["links"],
  summary: "Print the deep links and exact values for setting up dbt Cloud with Azure DevOps (no credentials needed).",
  flags: [
    ORG_FLAG,
    {
      name: "access-url",
      type: "string",
      valueName: "<host>",
      description: "dbt Cloud access URL, e.g. abc123.us1.dbt.com: adds both redirect URIs.",
    },
    {
      name: "account-id",
      type: "string",
      valueName: "<n>",
      description: "dbt Cloud account id (with --access-url): adds dbt Cloud's Account settings and Integrations pages.",
    },
    {
      name: "app-id",
      type: "string",
      valueName: "<guid>",
      description: "The Entra app's Application (client) ID: adds its Overview, Authentication, API permissions and Certificates & secrets pages.",
    },
    {
      name: "tenant-id",
      type: "string",
      valueName: "<guid>",
      description: "The Entra app's Directory (tenant) ID: opens the Entra pages in that tenant.",
    },
    {
      name: "route",
      type: "string",
      valueName: "<service-principal|service-user>",
      choices: LINKS_ROUTES,
      description:
        "Only what this route uses: service-principal (dbt's recommendation: no MFA or service-user redirect URI) or " +
        "service-user (the older route). Default: both.",
    },
    { name: "format", type: "string", valueName: "<table|json>", choices: LINKS_FORMATS, description: "Output format (default: table)." },
  ],
  notes: [
    "No credentials are needed: links only builds URLs from the values given and never calls Azure DevOps.",
    "",
    "Exit codes: 0 the links were printed; 2 usage error or an invalid value (one line on stderr).",
  ],
};

const FLAG_OF_FIELD: Partial<Record<LinksInputField, string>> = {
  organization: "--org",
  applicationId: "--app-id",
  tenantId: "--tenant-id",
  accessUrl: "--access-url",
  accountId: "--account-id",
};

async function execute({ flags, io }: CommandContext): Promise<ExitCode> {
  const org = parseOrganization(flags.string("org")!);
  const organization: OrganizationRef = { name: org.name, url: org.url };
  const routeFlag = flags.string("route");
  const set = buildLinks({
    organization,
    applicationId: flags.string("app-id"),
    tenantId: flags.string("tenant-id"),
    accessUrl: flags.string("access-url"),
    accountId: flags.string("account-id"),
    route: routeFlag === undefined ? undefined : ROUTE_OF_FLAG[routeFlag as keyof typeof ROUTE_OF_FLAG],
  });
  const problems = set.problems.map((problem) => `${FLAG_OF_FIELD[problem.field] ?? problem.field}: ${problem.message}`);
  // dbt Cloud's account pages live on the access URL's host: an account id alone would silently add nothing.
  if (problems.length === 0 && flags.string("account-id") !== undefined && flags.string("access-url") === undefined) {
    problems.push("--account-id: needs --access-url (dbt Cloud's account pages are on that host).");
  }
  if (problems.length > 0) throw new UsageError(problems.join(" "), "links");
  const format = (flags.string("format") ?? "table") as LinksFormat;
  io.stdout.write(format === "json" ? renderLinksJson(organization, set) : renderLinksTable(organization, set, hints(flags.string.bind(flags))));
  return EXIT.ok;
}

/** What the output leaves out for a flag that was not given, and which flag adds it. */
function hints(given: (name: string) => string | undefined): string[] {
  const lines: string[] = [];
  if (given("app-id") === undefined) {
    lines.push("--app-id <guid>      adds the Entra app's Overview, Authentication, API permissions and Certificates & secrets pages");
  }
  if (given("tenant-id") === undefined) lines.push("--tenant-id <guid>   opens the Entra pages in the app's tenant");
  if (given("access-url") === undefined) lines.push("--access-url <host>  adds both redirect URIs (and, with --account-id, dbt Cloud's pages)");
  else if (given("account-id") === undefined) lines.push("--account-id <n>     adds dbt Cloud's Account settings and Integrations pages");
  return lines;
}

export function renderLinksJson(organization: OrganizationRef, set: LinkSet): string {
  const body = {
    organization: { name: organization.name, url: organizationBaseUrl(organization) },
    links: set.links,
    values: set.values,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function renderLinksTable(organization: OrganizationRef, set: LinkSet, notShown: readonly string[] = []): string {
  const lines: string[] = [`Setup links for ${organization.name} (${organizationBaseUrl(organization)})`];
  for (const owner of OWNER_ORDER) {
    const links = set.links.filter((link) => link.owner === owner);
    if (links.length === 0) continue;
    lines.push("", OWNER_LABELS[owner]);
    for (const link of links) lines.push(`  ${link.label}`, `    ${link.url}`);
  }
  if (set.values.length > 0) {
    // Values go last and one per line, so each can be copied exactly as printed.
    const width = Math.max(...set.values.map((value) => value.label.length));
    lines.push("", "Values to paste");
    for (const value of set.values) lines.push(`  ${value.label.padEnd(width)}  ${value.value}`);
  }
  if (notShown.length > 0) lines.push("", "Not shown; add:", ...notShown.map((hint) => `  ${hint}`));
  return `${lines.join("\n")}\n`;
}

export const linksCommand: Command = { spec: linksSpec, execute };
