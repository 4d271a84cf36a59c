import { azMembershipAdd, azPermissionUpdate, azSubject, renderAzScript, shellQuote } from "../../../src/core/grant/az-script";
import { planGrants } from "../../../src/core/grant/planner";
import { ANALYTICS, GIT, NOW, P1, R1, SVC, acl, gitToken, org, projectToken } from "./support/org";

const ORG = "https://dev.azure.com/contoso";
const GIT_NS = "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87";
const HOOKS_NS = "cb594ebe-87dd-4fc9-ac2c-6a10a4c92046";
const PROJECT_NS = "52d39943-cb85-4d7f-8fa8-c6baac873819";

const commandLines = (script: string) => script.split("\n").filter((line) => line.startsWith("az "));

describe("az script", () => {
  it("one command per change, with namespace ids, tokens, bits and identity filled in", () => {
    const script = renderAzScript(planGrants(org(), { now: NOW }));
    expect(commandLines(script)).toEqual([
      `az devops security group membership add --organization ${ORG} --group-id ${ANALYTICS.readers.subjectDescriptor} --member-id svc-dbt@contoso.com`,
      `az devops security permission update --organization ${ORG} --namespace-id ${HOOKS_NS} --subject svc-dbt@contoso.com --token PublisherSecurity/${P1} --allow-bit 7`,
      `az devops security permission update --organization ${ORG} --namespace-id ${GIT_NS} --subject svc-dbt@contoso.com --token repoV2/${P1} --allow-bit 4`,
    ]);
  });

  it("is a bash script that stops on the first error, with each command preceded by its reason", () => {
    const plan = planGrants(org(), { now: NOW });
    const lines = renderAzScript(plan).split("\n");
    expect(lines[0]).toBe("#!/usr/bin/env bash");
    expect(lines).toContain("set -euo pipefail");
    expect(lines.indexOf("set -euo pipefail")).toBeLessThan(lines.findIndex((line) => line.startsWith("az ")));
    lines.forEach((line, index) => {
      if (line.startsWith("az ")) expect(lines[index - 1]).toMatch(/^# \d+\/3\. /);
    });
    expect(lines.find((line) => line.startsWith("# 3/3."))).toBe(`# 3/3. ${plan.changes[2].reason}`);
  });

  it("matches the command form docs.getdbt.com shows (setup-azure.md)", () => {
    // From the dbt docs: az devops security permission update --organization https://dev.azure.com/<org_name>
    //   --namespace-id cb594ebe-… --subject <service_account>@… --token PublisherSecurity/<project id> --allow-bit 1
    expect(azPermissionUpdate(`${ORG}/`, HOOKS_NS, "svc@x.onmicrosoft.com", `PublisherSecurity/${P1}`, 1)).toBe(
      `az devops security permission update --organization https://dev.azure.com/contoso --namespace-id ${HOOKS_NS} --subject svc@x.onmicrosoft.com --token PublisherSecurity/${P1} --allow-bit 1`,
    );
  });

  it("quotes what the shell would otherwise expand: the Project token's $ and descriptors' ; and \\", () => {
    const snapshot = org();
    snapshot.acls.project = []; // Readers no longer give GENERIC_READ: the plan allows it on the project token.
    const lines = commandLines(renderAzScript(planGrants(snapshot, { now: NOW })));
    expect(lines[0]).toBe(
      `az devops security permission update --organization ${ORG} --namespace-id ${PROJECT_NS} --subject svc-dbt@contoso.com --token '${projectToken(P1)}' --allow-bit 1`,
    );
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote(SVC)).toBe(`'${SVC}'`);
    expect(shellQuote("")).toBe("''");
  });

  it("names a service principal by its Graph subject descriptor (it has no e-mail)", () => {
    expect(azSubject({ principalName: "dbt-cloud-app", subjectDescriptor: "aadsp.Y2Y0Zg", descriptor: "x;y" })).toBe("aadsp.Y2Y0Zg");
    expect(azMembershipAdd(ORG, "vssgp.Uy0x", "aadsp.Y2Y0Zg")).toBe(
      `az devops security group membership add --organization ${ORG} --group-id vssgp.Uy0x --member-id aadsp.Y2Y0Zg`,
    );
  });

  it("lists blocked items as comments only, with the manual reset commented out", () => {
    const snapshot = org({ extraAcls: { gitRepositories: [acl(gitToken(P1, R1), [[SVC, 0, GIT.contribute]])] } });
    const script = renderAzScript(planGrants(snapshot, { now: NOW }));
    const lines = script.split("\n");
    expect(commandLines(script).some((line) => line.includes("permission reset"))).toBe(false);
    const start = lines.findIndex((line) => line.startsWith("# BLOCKED"));
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toMatch(new RegExp(`^# B1\\. Analytics/dbt-models: GenericContribute \\(bit 4\\) on repoV2/${P1}/${R1} is blocked\\. `));
    expect(lines[start + 2]).toMatch(/^# By hand: Remove the Deny of Contribute \(GenericContribute\) \(bit 4\) from dbt Service User's own entry/);
    expect(lines[start + 3]).toBe(
      `#   az devops security permission reset --organization ${ORG} --namespace-id ${GIT_NS} --subject svc-dbt@contoso.com --token repoV2/${P1}/${R1} --permission-bit 4`,
    );
  });

  it("says so when there is nothing to grant, and runs no command", () => {
    const snapshot = org({ memberOf: [ANALYTICS.contributors.descriptor], extraAcls: { serviceHooks: [acl("PublisherSecurity", [[SVC, 7, 0]])] } });
    const script = renderAzScript(planGrants(snapshot, { now: NOW }));
    expect(commandLines(script)).toEqual([]);
    expect(script).toContain("# Nothing to grant");
  });
});
