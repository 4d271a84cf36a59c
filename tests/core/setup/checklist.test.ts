import fc from "fast-check";
import {
  buildChecklist,
  countByState,
  groupByOwner,
  OWNER_ORDER,
  SETUP_PROCEDURE,
  type ChecklistInput,
  type ChecklistStep,
  type StepId,
} from "../../../src/core/setup/checklist";
import type { Finding } from "../../../src/core/audit/report";

const APP = "3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT = "c0ffee00-1234-4abc-8def-0123456789ab";
const NOW = new Date("2026-06-01T00:00:00Z");
const ORG = { name: "contoso", url: "https://dev.azure.com/contoso" };

/** A fully set-up organization; tests change one thing at a time. */
function allDone(): ChecklistInput {
  return {
    organization: ORG,
    route: "serviceUser",
    now: NOW,
    settings: {
      applicationId: APP,
      tenantId: TENANT,
      accessUrl: "abc123.us1.dbt.com",
      accountId: "12345",
      clientSecretExpiresOn: "2027-06-01",
    },
    confirmations: {
      multitenant: true,
      userImpersonationOnly: true,
      serviceUserMfaDisabled: true,
      redirectUrisAddedFor: "https://abc123.us1.dbt.com/",
    },
    facts: {
      connectedTenantId: TENANT,
      serviceUser: { chosen: true, found: true, principalName: "svc-dbt@contoso.com", entraObjectId: "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9" },
      audit: { ok: true, findings: [] },
      hooks: { total: 2, healthy: 2, failing: 0, disabled: 0, duplicates: 0 },
    },
    projects: [{ name: "Analytics" }],
  };
}

function step(steps: ChecklistStep[], id: StepId): ChecklistStep {
  const found = steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${steps.map((s) => s.id).join(", ")}`);
  return found;
}

function withSettings(settings: ChecklistInput["settings"]): ChecklistInput {
  const input = allDone();
  return { ...input, settings: { ...input.settings, ...settings } };
}

function withFacts(facts: ChecklistInput["facts"]): ChecklistInput {
  const input = allDone();
  return { ...input, facts: { ...input.facts, ...facts } };
}

/** Steps only a person outside Azure DevOps can check: manual until their tick is given (see "every tick given" below). */
const ALWAYS_MANUAL: StepId[] = ["pat-policies", "add-app-to-dbt", "link-service-user", "service-user-idle", "ip-restrictions"];

describe("buildChecklist: a complete setup", () => {
  const steps = buildChecklist(allDone());

  it("has nothing left to do, wrong or unknown", () => {
    for (const s of steps) {
      const expected = ALWAYS_MANUAL.includes(s.id) ? "manual" : "done";
      expect({ id: s.id, state: s.state }).toEqual({ id: s.id, state: expected });
    }
    expect(countByState(steps)).toEqual({ done: steps.length - ALWAYS_MANUAL.length, todo: 0, problem: 0, manual: ALWAYS_MANUAL.length, unknown: 0 });
  });

  it("lists the procedure's steps grouped by owner, Entra first, dbt Cloud last", () => {
    const ownerIndexes = steps.map((s) => OWNER_ORDER.indexOf(s.owner));
    expect(ownerIndexes).toEqual([...ownerIndexes].sort((a, b) => a - b));
    const expectedIds = OWNER_ORDER.flatMap((owner) =>
      SETUP_PROCEDURE.filter(
        (d) => d.owner === owner && d.id !== "account-url-migration" && (d.routes ?? ["serviceUser"]).includes("serviceUser"),
      ).map((d) => d.id),
    );
    expect(steps.map((s) => s.id)).toEqual(expectedIds);
    expect(groupByOwner(steps).map((group) => [group.label, group.steps.length])).toEqual([
      ["Microsoft Entra ID admin", 6],
      ["Azure DevOps admin", 5],
      ["dbt Cloud account admin", 5],
    ]);
  });

  it("gives each step a deep link to where it is done", () => {
    const urls = (id: StepId) => step(steps, id).links.map((link) => link.url);
    expect(urls("client-secret")).toEqual([
      `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${APP}`,
    ]);
    expect(urls("connect-directory")).toEqual(["https://dev.azure.com/contoso/_settings/organizationAad"]);
    expect(urls("service-hooks")).toEqual(["https://dev.azure.com/contoso/Analytics/_settings/serviceHooks"]);
    expect(urls("add-app-to-dbt")).toEqual([
      "https://abc123.us1.dbt.com/settings/accounts/12345/pages/integrations",
      "https://abc123.us1.dbt.com/settings/accounts/12345",
    ]);
    expect(urls("service-user-mfa")[0]).toContain("/UserAuthMethods/userId/0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9");
    for (const s of steps) expect(s.links.length).toBeGreaterThan(0);
  });

  it("gives the exact values for dbt Cloud's form and the redirect URIs", () => {
    expect(step(steps, "add-app-to-dbt").values?.map((v) => [v.id, v.value])).toEqual([
      ["dbt.organizationName", "contoso"],
      ["dbt.applicationId", APP],
      ["dbt.tenantId", TENANT],
    ]);
    expect(step(steps, "redirect-uris").values?.map((v) => v.value)).toEqual([
      "https://abc123.us1.dbt.com/complete/azure_active_directory",
      "https://abc123.us1.dbt.com/complete/azure_active_directory_service_user",
    ]);
  });

  it("includes the 90-day rule", () => {
    expect(step(steps, "service-user-idle").detail).toMatch(/90 days without runs/);
  });
});

describe("buildChecklist: client secret expiry (clock fixed at 2026-06-01T00:00Z)", () => {
  it.each([
    ["2026-07-02", "done", /in 31 days/],
    ["2026-07-01", "todo", /expires in 30 days/],
    ["2026-06-30", "todo", /expires in 29 days/],
    ["2026-06-02", "todo", /expires in 1 day \(/],
    ["2026-06-01T00:00:01Z", "todo", /expires in 1 day/],
    ["2026-06-01", "problem", /expired on 2026-06-01/],
    ["2026-05-31", "problem", /expired on 2026-05-31/],
    ["2025-01-01", "problem", /expired/],
    ["2026-02-30", "problem", /not a real calendar date/],
    ["30/06/2026", "problem", /not an ISO date/],
  ])("expiry %s gives %s", (expiry, state, why) => {
    const s = step(buildChecklist(withSettings({ clientSecretExpiresOn: expiry })), "client-secret");
    expect(s.state).toBe(state);
    expect(s.why).toMatch(why);
  });

  it("asks for the expiry date when none is recorded", () => {
    const s = step(buildChecklist(withSettings({ clientSecretExpiresOn: undefined })), "client-secret");
    expect(s.state).toBe("manual");
    expect(s.why).toMatch(/Record the secret's expiry date/);
  });

  it("tells how to rotate when the secret is close to expiry or expired", () => {
    for (const expiry of ["2026-06-15", "2026-05-01"]) {
      expect(step(buildChecklist(withSettings({ clientSecretExpiresOn: expiry })), "client-secret").why).toMatch(
        /Create a new secret, paste its Value into dbt Cloud/,
      );
    }
  });

  it("uses the injected clock, not the machine's", () => {
    const input = withSettings({ clientSecretExpiresOn: "2026-06-30" });
    expect(step(buildChecklist({ ...input, now: new Date("2026-01-01T00:00:00Z") }), "client-secret").state).toBe("done");
    expect(step(buildChecklist({ ...input, now: new Date("2026-07-01T00:00:00Z") }), "client-secret").state).toBe("problem");
  });

  it("is problem exactly when expired, todo exactly within 30 days, done otherwise", () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 0, max: day - 1 }), (days, extraMs) => {
        const now = new Date(NOW.getTime() + extraMs);
        const expiry = new Date(NOW.getTime() + days * day).toISOString().slice(0, 10);
        const expiresAt = NOW.getTime() + days * day;
        const left = expiresAt - now.getTime();
        const expected = left <= 0 ? "problem" : left <= 30 * day ? "todo" : "done";
        expect(step(buildChecklist({ ...withSettings({ clientSecretExpiresOn: expiry }), now }), "client-secret").state).toBe(expected);
      }),
    );
  });

  it("refuses an invalid clock", () => {
    expect(() => buildChecklist({ ...allDone(), now: new Date("nope") })).toThrow(/now/);
  });
});

describe("buildChecklist: Entra connection of the organization", () => {
  it("flags a tenant mismatch between the organization and the app", () => {
    const s = step(buildChecklist(withFacts({ connectedTenantId: OTHER_TENANT })), "connect-directory");
    expect(s.state).toBe("problem");
    expect(s.why).toContain(OTHER_TENANT);
    expect(s.why).toContain(TENANT);
  });

  it("compares tenant ids regardless of case", () => {
    expect(step(buildChecklist(withFacts({ connectedTenantId: TENANT.toUpperCase() })), "connect-directory").state).toBe("done");
  });

  it("is todo when not connected, unknown when not read", () => {
    expect(step(buildChecklist(withFacts({ connectedTenantId: null })), "connect-directory").state).toBe("todo");
    expect(step(buildChecklist(withFacts({ connectedTenantId: undefined })), "connect-directory").state).toBe("unknown");
    // Asked for but not readable (a browser page may not read the header): unknown, saying why, never a guess.
    const unreadable = step(
      buildChecklist(withFacts({ connectedTenantId: undefined, connectedTenantUnreadable: "the header is hidden" })),
      "connect-directory",
    );
    expect(unreadable.state).toBe("unknown");
    expect(unreadable.why).toContain("could not be read here: the header is hidden.");
    expect(unreadable.links?.map((link) => link.id)).toContain("ado.organizationAad");
  });

  it("is done without a mismatch check when the app's tenant was not entered, and says so", () => {
    const s = step(buildChecklist(withSettings({ tenantId: undefined })), "connect-directory");
    expect(s.state).toBe("done");
    expect(s.why).toMatch(/Enter the app's Directory \(tenant\) ID/);
  });
});

describe("buildChecklist: service user, permissions and hooks", () => {
  const stakeholder: Finding = {
    id: "stakeholder-access-level",
    severity: "error",
    message: "svc-dbt@contoso.com has Stakeholder access, which cannot read repositories.",
  };

  it("is a problem when the audit is not ok, naming the error findings", () => {
    const s = step(buildChecklist(withFacts({ audit: { ok: false, findings: [stakeholder] } })), "service-user-permissions");
    expect(s.state).toBe("problem");
    expect(s.why).toContain(stakeholder.message);
  });

  it("is a problem when permissions are missing even without findings", () => {
    const s = step(buildChecklist(withFacts({ audit: { ok: false, findings: [] } })), "service-user-permissions");
    expect(s.state).toBe("problem");
    expect(s.why).toMatch(/permissions view/);
  });

  it("is done when the audit is ok, mentioning warnings", () => {
    const warning: Finding = { id: "inactive-service-user", severity: "warning", message: "No sign-in for 80 days." };
    const steps = buildChecklist(withFacts({ audit: { ok: true, findings: [warning] } }));
    expect(step(steps, "service-user-permissions")).toMatchObject({ state: "done", why: expect.stringContaining("No sign-in for 80 days.") });
    expect(step(steps, "service-user-idle").state).toBe("todo");
  });

  it("turns an inactive service user past 90 days into a problem on the 90-day step", () => {
    const error: Finding = { id: "inactive-service-user", severity: "error", message: "No sign-in for 120 days." };
    const s = step(buildChecklist(withFacts({ audit: { ok: false, findings: [error] } })), "service-user-idle");
    expect(s.state).toBe("problem");
    expect(s.why).toMatch(/No sign-in for 120 days\..*relink/);
  });

  it("says the service user cannot be linked in dbt Cloud yet if it never signed in", () => {
    const never: Finding = { id: "never-signed-in", severity: "warning", message: "svc-dbt has never signed in." };
    expect(step(buildChecklist(withFacts({ audit: { ok: true, findings: [never] } })), "link-service-user").state).toBe("todo");
  });

  it("is unknown without an audit, and says why", () => {
    expect(step(buildChecklist(withFacts({ audit: undefined })), "service-user-permissions")).toMatchObject({
      state: "unknown",
      why: expect.stringMatching(/not checked yet/),
    });
    expect(step(buildChecklist(withFacts({ audit: undefined, serviceUser: { chosen: false } })), "service-user-permissions").why).toMatch(
      /Choose the service user/,
    );
  });

  it.each([
    [{ chosen: false }, "todo"],
    [{ chosen: true }, "unknown"],
    [{ chosen: true, found: false, principalName: "svc@contoso.com" }, "problem"],
    [{ chosen: true, found: true, displayName: "dbt Service" }, "done"],
  ])("service user %j gives %s", (serviceUser, state) => {
    expect(step(buildChecklist(withFacts({ serviceUser })), "choose-service-user").state).toBe(state);
  });

  it.each([
    [undefined, "unknown", /not read/],
    [{ total: 0, healthy: 0, failing: 0, disabled: 0, duplicates: 0 }, "todo", /No service hook/],
    [{ total: 3, healthy: 2, failing: 1, disabled: 0, duplicates: 0 }, "problem", /1 subscription failing/],
    [{ total: 3, healthy: 1, failing: 0, disabled: 2, duplicates: 0 }, "problem", /2 subscriptions disabled/],
    [{ total: 4, healthy: 4, failing: 0, disabled: 0, duplicates: 2 }, "problem", /2 duplicate subscriptions/],
    [{ total: 2, healthy: 1, failing: 0, disabled: 0, duplicates: 0 }, "problem", /1 subscription in a state that could not be read/],
    [{ total: 1, healthy: 1, failing: 0, disabled: 0, duplicates: 0 }, "done", /1 dbt Cloud subscription,/],
  ])("hooks %j give %s", (hooks, state, why) => {
    const s = step(buildChecklist(withFacts({ hooks })), "service-hooks");
    expect(s.state).toBe(state);
    expect(s.why).toMatch(why);
  });
});

describe("buildChecklist: access URL and redirect URIs", () => {
  it("warns about a getdbt.com access URL until the cut-off, then calls it a problem", () => {
    const input = withSettings({ accessUrl: "https://cloud.getdbt.com/" });
    input.confirmations = { ...input.confirmations, redirectUrisAddedFor: "cloud.getdbt.com" };
    const before = step(buildChecklist(input), "account-url-migration");
    expect(before.state).toBe("todo");
    expect(before.why).toMatch(/cloud\.getdbt\.com .*until 2026-11-01/);
    const after = step(buildChecklist({ ...input, now: new Date("2026-11-01T00:00:00Z") }), "account-url-migration");
    expect(after.state).toBe("problem");
  });

  it("has no migration step for account-scoped, cell or other legacy hosts", () => {
    for (const accessUrl of ["abc123.dbt.com", "abc123.eu2.dbt.com", "emea.dbt.com", "dbt.mycorp.example"]) {
      const ids = buildChecklist(withSettings({ accessUrl })).map((s) => s.id);
      expect(ids).not.toContain("account-url-migration");
    }
  });

  it("shows a bad access URL as a problem with the parser's message", () => {
    const steps = buildChecklist(withSettings({ accessUrl: "cloud.getdbt.com:8443" }));
    expect(step(steps, "access-url")).toMatchObject({ state: "problem", why: expect.stringContaining(":8443") });
    expect(step(steps, "redirect-uris").state).toBe("todo");
    expect(step(steps, "add-app-to-dbt").links).toEqual([]);
  });

  it("names the region of a cell host", () => {
    expect(step(buildChecklist(allDone()), "access-url").why).toBe("Access URL abc123.us1.dbt.com (AWS, North America), account 12345.");
  });

  it("is todo until the access URL and account id are entered", () => {
    expect(step(buildChecklist(withSettings({ accessUrl: undefined })), "access-url").state).toBe("todo");
    expect(step(buildChecklist(withSettings({ accountId: undefined })), "access-url").state).toBe("todo");
    expect(step(buildChecklist(withSettings({ accountId: "0" })), "access-url").state).toBe("problem");
  });

  it("treats a redirect URI confirmation for another access URL as a problem", () => {
    const input = allDone();
    input.confirmations = { ...input.confirmations, redirectUrisAddedFor: "cloud.getdbt.com" };
    const s = step(buildChecklist(input), "redirect-uris");
    expect(s.state).toBe("problem");
    expect(s.why).toMatch(/confirmed for cloud\.getdbt\.com, but the access URL is now abc123\.us1\.dbt\.com/);
  });

  it("matches the confirmation on the host, whatever form it was typed in", () => {
    const input = allDone();
    input.confirmations = { ...input.confirmations, redirectUrisAddedFor: "HTTPS://ABC123.US1.DBT.COM:443/settings" };
    expect(step(buildChecklist(input), "redirect-uris").state).toBe("done");
  });

  it("asks for confirmation when none is given, and for the access URL when it is missing", () => {
    const input = allDone();
    input.confirmations = { ...input.confirmations, redirectUrisAddedFor: undefined };
    expect(step(buildChecklist(input), "redirect-uris").state).toBe("manual");
    expect(step(buildChecklist(withSettings({ accessUrl: undefined })), "redirect-uris").why).toMatch(/Enter the dbt Cloud access URL/);
  });
});

describe("buildChecklist: Entra steps and the app registration", () => {
  it.each([
    ["multitenant", "multitenant"],
    ["userImpersonationOnly", "api-permission"],
    ["serviceUserMfaDisabled", "service-user-mfa"],
  ] as const)("confirmation %s decides step %s", (flag, id) => {
    const input = allDone();
    expect(step(buildChecklist(input), id).state).toBe("done");
    input.confirmations = { ...input.confirmations, [flag]: false };
    expect(step(buildChecklist(input), id).state).toBe("manual");
  });

  it("says there is no direct MFA link when the service user's object id is unknown", () => {
    const input = withFacts({ serviceUser: { chosen: true, found: true } });
    input.confirmations = { ...input.confirmations, serviceUserMfaDisabled: undefined };
    const s = step(buildChecklist(input), "service-user-mfa");
    expect(s.why).toMatch(/object id is not known/);
    expect(s.links.map((link) => link.id)).toEqual(["entra.perUserMfa"]);
  });

  it("is todo without ids and a problem with a bad one", () => {
    expect(step(buildChecklist(withSettings({ applicationId: undefined })), "register-app")).toMatchObject({
      state: "todo",
      why: expect.stringContaining("Application (client) ID"),
    });
    expect(step(buildChecklist(withSettings({ tenantId: "contoso.onmicrosoft.com" })), "register-app")).toMatchObject({
      state: "problem",
      why: expect.stringContaining("domain name"),
    });
  });

  it("does not link to an app blade built from an invalid id", () => {
    const steps = buildChecklist(withSettings({ applicationId: "my-app" }));
    expect(step(steps, "client-secret").links).toEqual([]);
    expect(step(steps, "add-app-to-dbt").state).toBe("todo");
  });

  it("explains an organization name dbt Cloud would not accept", () => {
    const steps = buildChecklist({ ...allDone(), organization: { name: "bad_name", url: "https://dev.azure.com/bad_name" } });
    expect(step(steps, "add-app-to-dbt")).toMatchObject({ state: "problem", why: expect.stringContaining("letters, digits and hyphens") });
  });
});

describe("buildChecklist: inputs", () => {
  it("works from the organization and the clock alone", () => {
    const steps = buildChecklist({ organization: ORG, now: NOW });
    const counts = countByState(steps);
    expect(counts.done).toBe(0);
    expect(counts.problem).toBe(0);
    expect(step(steps, "connect-directory").state).toBe("unknown");
    expect(step(steps, "register-app").state).toBe("todo");
  });

  it("has no place for a client secret and never repeats one passed by mistake", () => {
    const secret = "xYz8Q~abcdefghijklmnopqrstuvwxyz0123456.";
    const input = allDone();
    (input.settings as Record<string, unknown>).clientSecret = secret;
    (input as unknown as Record<string, unknown>).clientSecret = secret;
    expect(JSON.stringify(buildChecklist(input))).not.toContain(secret);
    const pasted = withSettings({ applicationId: secret });
    const out = buildChecklist(pasted);
    expect(step(out, "register-app").why).toMatch(/client secret/);
    expect(JSON.stringify(out)).not.toContain(secret);
  });

  it("is deterministic and does not modify its input", () => {
    const input = allDone();
    const before = JSON.stringify(input);
    expect(buildChecklist(input)).toEqual(buildChecklist(input));
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe("buildChecklist: the service principal route", () => {
  /** A complete service principal setup: no MFA, redirect URI or service-user confirmations. */
  function principalDone(): ChecklistInput {
    const input = allDone();
    return {
      ...input,
      route: "servicePrincipal",
      confirmations: { multitenant: true, userImpersonationOnly: true },
      facts: { ...input.facts, serviceUser: { chosen: true, found: true, displayName: "dbt Labs Azure DevOps app", kind: "servicePrincipal" } },
    };
  }
  const SERVICE_USER_ONLY: StepId[] = [
    "redirect-uris",
    "service-user-mfa",
    "choose-service-user",
    "service-user-permissions",
    "pat-policies",
    "link-service-user",
    "service-user-idle",
  ];

  it("is the default for a new setup, and shows no service-user step", () => {
    const ids = buildChecklist({ organization: ORG, now: NOW }).map((s) => s.id);
    for (const id of SERVICE_USER_ONLY) expect(ids).not.toContain(id);
    expect(ids).toEqual(expect.arrayContaining(["add-service-principal", "service-principal-permissions", "link-developer-accounts"]));
  });

  it("walks dbt's service principal procedure, grouped by owner", () => {
    const steps = buildChecklist(principalDone());
    expect(steps.map((s) => s.id)).toEqual([
      "register-app",
      "multitenant",
      "api-permission",
      "client-secret",
      "connect-directory",
      "add-service-principal",
      "service-principal-permissions",
      "service-hooks",
      "access-url",
      "add-app-to-dbt",
      "link-developer-accounts",
      "ip-restrictions",
    ]);
    const text = JSON.stringify(steps.map((s) => [s.title, s.detail, s.why]));
    expect(text).not.toMatch(/MFA|Link Azure Service User|redirect URI|signed in recently/i);
    for (const s of steps) expect(s.links.length).toBeGreaterThan(0);
    const notDone = steps.filter((s) => s.state !== "done").map((s) => [s.id, s.state]);
    expect(notDone).toEqual([
      ["add-app-to-dbt", "manual"],
      ["link-developer-accounts", "manual"],
      ["ip-restrictions", "manual"],
    ]);
  });

  it("links the app's service principal and the Users page, and gives dbt Cloud's four values", () => {
    const steps = buildChecklist(principalDone());
    expect(step(steps, "add-service-principal").links.map((l) => [l.id, l.url])).toEqual([
      ["ado.users", "https://dev.azure.com/contoso/_settings/users"],
      [
        "entra.managedApplication",
        `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${APP}`,
      ],
    ]);
    expect(step(steps, "add-app-to-dbt").values?.map((v) => v.id)).toEqual(["dbt.organizationName", "dbt.applicationId", "dbt.tenantId"]);
    expect(step(steps, "connect-directory").detail).toMatch(/only add a service principal for the tenant to which your organization is connected/);
  });

  it("flags a tenant the organization is not connected to", () => {
    const input = principalDone();
    const s = step(buildChecklist({ ...input, facts: { ...input.facts, connectedTenantId: OTHER_TENANT } }), "connect-directory");
    expect(s.state).toBe("problem");
    expect(s.why).toContain(OTHER_TENANT);
  });

  it("is inferred from the checked identity's kind when no route was chosen", () => {
    const principal = { ...principalDone(), route: undefined };
    expect(buildChecklist(principal).map((s) => s.id)).toContain("add-service-principal");
    const user = { ...allDone(), route: undefined, facts: { ...allDone().facts, serviceUser: { chosen: true, found: true, kind: "user" as const } } };
    expect(buildChecklist(user).map((s) => s.id)).toContain("link-service-user");
    // An explicit choice wins over the identity's kind, and a user chosen on this route is a problem.
    const mismatch = step(buildChecklist({ ...user, route: "servicePrincipal" }), "add-service-principal");
    expect(mismatch.state).toBe("problem");
    expect(mismatch.why).toMatch(/is a user, not a service principal/);
  });

  it("shows a long-unused service principal on the developer step, not as a service-user relink", () => {
    const idle: Finding = { id: "inactive-service-principal", severity: "warning", message: "Unused for 120 days." };
    const input = principalDone();
    const steps = buildChecklist({ ...input, facts: { ...input.facts, audit: { ok: true, findings: [idle] } } });
    expect(step(steps, "link-developer-accounts").why).toContain("Unused for 120 days.");
    expect(steps.map((s) => s.id)).not.toContain("service-user-idle");
  });
});

describe("buildChecklist: every step can be completed", () => {
  const everyTick = {
    directoryConnected: true,
    patCreationAllowed: true,
    appAddedToDbt: true,
    serviceUserLinked: true,
    runsRegularly: true,
    developerAccountsLinked: true,
    ipRestrictionsAllowAdo: true,
  };

  it.each(["serviceUser", "servicePrincipal"] as const)(
    "with every tick given, the %s route is all done, even where the tenant was not read",
    (route) => {
      const input = allDone();
      const steps = buildChecklist({
        ...input,
        route,
        confirmations: { ...input.confirmations, ...everyTick },
        facts: {
          ...input.facts,
          connectedTenantId: undefined,
          serviceUser: { ...input.facts!.serviceUser!, kind: route === "serviceUser" ? "user" : "servicePrincipal" },
        },
      });
      expect(steps.filter((s) => s.state !== "done").map((s) => `${s.id}: ${s.state}`)).toEqual([]);
      expect(step(steps, "connect-directory").why).toBe(
        "Confirmed by an admin: the organization is connected to the app's Microsoft Entra ID tenant.",
      );
    },
  );

  it("a tick never hides what Azure DevOps says", () => {
    const input = allDone();
    const neverSignedIn: Finding = { id: "never-signed-in", severity: "error", message: "svc-dbt has never signed in." };
    const steps = buildChecklist({
      ...input,
      confirmations: { ...input.confirmations, ...everyTick },
      facts: { ...input.facts, connectedTenantId: OTHER_TENANT, audit: { ok: false, findings: [neverSignedIn] } },
    });
    expect(step(steps, "connect-directory").state).toBe("problem");
    expect(step(steps, "link-service-user").state).toBe("todo");
  });

  it("without its tick each of these steps waits for a person", () => {
    const steps = buildChecklist({ ...allDone(), facts: { ...allDone().facts, connectedTenantId: undefined } });
    expect(step(steps, "connect-directory").state).toBe("unknown");
    for (const id of ALWAYS_MANUAL) expect(step(steps, id).state).toBe("manual");
  });
});
