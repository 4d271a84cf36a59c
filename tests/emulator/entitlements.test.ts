/** User and service principal entitlements on the vsaex host (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). */
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import { SVC_AUTH, SVC_SUBJECT, call, demoSeed, type Reply } from "./support";

let emu: RunningEmulator;

/** The demo plus 230 extra Basic users, so that the list needs three pages. */
function seedWithManyUsers(): OrgSeed {
  const seed = demoSeed();
  for (let i = 0; i < 230; i++) {
    const n = String(i).padStart(3, "0");
    seed.users.push({
      id: `00000000-0000-4000-8000-000000000${n}`,
      displayName: `Analyst ${n}`,
      principalName: `analyst${n}@contoso.com`,
      originId: `10000000-0000-4000-8000-000000000${n}`,
      accessLevel: { accountLicenseType: i % 3 === 0 ? "stakeholder" : "express" },
    });
  }
  return seed;
}

beforeEach(async () => {
  emu = await startEmulator({ seeds: [seedWithManyUsers()] });
});
afterEach(() => emu.stop());

const vsaex = (path: string, init: Parameters<typeof call>[2] = {}) => call(emu, `/vsaex/contoso/_apis/${path}`, init);

test("one user entitlement by id: access level, last access, user", async () => {
  const r = await vsaex("userentitlements/81fa6389-0872-6fdd-a451-7ba7880f566a?api-version=7.1");
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({
    id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
    user: { subjectKind: "user", principalName: "svc-dbt@contoso.com", displayName: "dbt Service User", descriptor: SVC_SUBJECT, origin: "aad" },
    accessLevel: {
      licensingSource: "account",
      accountLicenseType: "express",
      msdnLicenseType: "none",
      licenseDisplayName: "Basic",
      status: "active",
      statusMessage: "",
      assignmentSource: "unknown",
    },
    lastAccessedDate: "2026-10-17T07:45:00Z",
    dateCreated: "2025-03-10T09:00:00Z",
    extensions: [],
    groupAssignments: [],
  });
  const projects = r.json.projectEntitlements.map((e: any) => [e.projectRef.name, e.group.groupType]).sort();
  expect(projects).toEqual([
    ["Analytics", "projectContributor"],
    ["Finance", "projectContributor"],
    ["Marketing", "projectReader"],
    ["Platform", "projectContributor"],
  ]);
});

test("the Stakeholder service user and the inactive user", async () => {
  const stakeholder = await vsaex("userentitlements?$filter=name eq 'svc-dbt-stakeholder'&api-version=7.1");
  expect(stakeholder.json.members).toHaveLength(1);
  expect(stakeholder.json.members[0].accessLevel).toMatchObject({ accountLicenseType: "stakeholder", licenseDisplayName: "Stakeholder" });
  const disabled = await vsaex("userentitlements?$filter=licenseStatus eq 'Disabled'");
  expect(disabled.json.members.map((m: any) => m.user.principalName)).toEqual(["alex.morgan@contoso.com"]);
});

test("$filter: name is a contains match; clauses combine with and; members and items both carry the page", async () => {
  const r = await vsaex("userentitlements?$filter=name eq 'svc-dbt' and licenseId eq 'Account-Express'");
  expect(r.json.members.map((m: any) => m.user.principalName)).toEqual(["svc-dbt@contoso.com"]);
  expect(r.json.items).toEqual(r.json.members);
  expect(r.json.totalCount).toBe(1);
  expect(r.json.continuationToken).toBe("");
  expect((await vsaex("userentitlements?$filter=colour eq 'blue'")).status).toBe(400);
});

test("the list pages through a body continuationToken", async () => {
  const names: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const r: Reply = await vsaex(`userentitlements?api-version=7.1${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    names.push(...r.json.members.map((m: any) => m.user.principalName));
    expect(r.json.totalCount).toBe(237);
    token = r.json.continuationToken;
    pages++;
  } while (token);
  expect(pages).toBe(3);
  expect(new Set(names).size).toBe(237);
});

test("service principal entitlement", async () => {
  const r = await vsaex("serviceprincipalentitlements/e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8a9b?api-version=7.1");
  expect(r.json).toMatchObject({
    id: "e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8a9b",
    servicePrincipal: { subjectKind: "servicePrincipal", displayName: "dbt Labs Azure DevOps app" },
    accessLevel: { accountLicenseType: "express" },
  });
  expect((await vsaex("userentitlements/e5f6a7b8-c9d0-4e1f-8a2b-4c5d6e7f8a9b")).status).toBe(404);
});

test("PATCH replaces the access level (administrators only)", async () => {
  const patch = [{ op: "replace", path: "/accessLevel", value: { accountLicenseType: "express", licensingSource: "account" } }];
  const id = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
  const denied = await vsaex(`userentitlements/${id}?api-version=7.1`, {
    method: "PATCH",
    body: patch,
    auth: SVC_AUTH,
    headers: { "Content-Type": "application/json-patch+json" },
  });
  expect(denied.status).toBe(403);
  const r = await vsaex(`userentitlements/${id}?api-version=7.1`, {
    method: "PATCH",
    body: patch,
    headers: { "Content-Type": "application/json-patch+json" },
  });
  expect(r.json.isSuccess).toBe(true);
  expect(r.json.userEntitlement.accessLevel.licenseDisplayName).toBe("Basic");
  expect((await vsaex(`userentitlements/${id}`)).json.accessLevel.accountLicenseType).toBe("express");
});
