/** What an admin sees when credentials, permissions, or inputs are wrong, over real HTTP. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { AdoError, AdoGateway, parseOrganization, patAuth, type AuthProvider } from "../../src/ado";
import { demoSeed, gatewayFor, SERVICE_USER } from "./support/emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = demoSeed();
  // An admin token that may not read access levels, to check the audit survives a 403 there.
  seed.tokens.push({ token: "no-entitlements-pat", identity: "admin@contoso.com", kind: "pat", denyAreas: ["entitlements"] });
  emulator = await startEmulator({ seeds: [seed] });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.resetStats());

async function caught(promise: Promise<unknown>): Promise<AdoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AdoError);
    return error as AdoError;
  }
  throw new Error("expected an AdoError");
}

describe("credentials", () => {
  it("turns the 203 sign-in page for an unknown PAT into a one-line auth error", async () => {
    const { gateway } = gatewayFor(emulator, { auth: patAuth("not-a-real-pat") });
    const error = await caught(gateway.readSnapshot({ identity: SERVICE_USER }));
    expect(error.kind).toBe("auth");
    expect(error.status).toBe(203);
    expect(error.message).toMatch(
      /^The token was rejected \(HTTP 203 sign-in page\): it is wrong or expired\. Create a new PAT .*AZURE_DEVOPS_EXT_PAT\.$/,
    );
    expect(error.message).not.toMatch(/\n/);
  });

  it("rejects an expired PAT the same way", async () => {
    const { gateway } = gatewayFor(emulator, { auth: patAuth("demo-expired-pat") });
    expect((await caught(gateway.resolveProjects([]))).kind).toBe("auth");
  });

  it("maps a 401 (no credentials sent) to auth, with the service's TF400813", async () => {
    const none: AuthProvider = { getAuthorizationHeader: async () => "", refreshable: false, renewalHint: "Set AZURE_DEVOPS_EXT_PAT." };
    const { gateway } = gatewayFor(emulator, { auth: none });
    const error = await caught(gateway.resolveProjects([]));
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(error.message).toContain("TF400813");
    expect(error.message).toContain("Set AZURE_DEVOPS_EXT_PAT.");
  });

  it("maps a 403 on a required read to forbidden", async () => {
    const { gateway } = gatewayFor(emulator, { auth: patAuth("demo-engineer-pat") });
    const error = await caught(gateway.resolveIdentity(SERVICE_USER));
    expect(error).toMatchObject({ kind: "forbidden", status: 403 });
    expect(error.message).toContain("VS403403");
  });

  it("does not fail the snapshot when the entitlement cannot be read (403), and says why", async () => {
    const { gateway, progress } = gatewayFor(emulator, { auth: patAuth("no-entitlements-pat") });
    const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER });
    expect(snapshot.identity.entitlement).toBeUndefined();
    expect(snapshot.projects).toHaveLength(5);
    expect(progress.join("\n")).toMatch(/Could not read the access level of svc-dbt@contoso\.com \(the token may not read access levels/);
  });
});

describe("inputs", () => {
  it("reports an unknown project before reading ACLs", async () => {
    const { gateway } = gatewayFor(emulator);
    const error = await caught(gateway.readSnapshot({ identity: SERVICE_USER, projects: ["Analytics", "Nope"] }));
    expect(error.kind).toBe("notFound");
    expect(error.message).toMatch(/^Project "Nope" was not found in contoso/);
    expect(emulator.stats.byRoute["GET accesscontrollists"]).toBeUndefined();
  });

  it("reports an unknown identity", async () => {
    const { gateway } = gatewayFor(emulator);
    expect((await caught(gateway.readSnapshot({ identity: "ghost@contoso.com" }))).kind).toBe("notFound");
  });

  it("reports an ambiguous identity with candidates", async () => {
    const { gateway } = gatewayFor(emulator);
    const error = await caught(gateway.readSnapshot({ identity: "data engineer" }));
    expect(error.kind).toBe("ambiguous");
    expect(error.candidates).toHaveLength(2);
  });

  it("reports an organization the server does not know", async () => {
    const gateway = AdoGateway.forOrganization({ org: parseOrganization(`${emulator.baseUrl}/fabrikam`), auth: patAuth("demo-admin-pat") });
    const error = await caught(gateway.resolveIdentity(SERVICE_USER));
    expect(error.kind).toBe("notFound");
    expect(error.message).toMatch(/^Organization "fabrikam" was not found at http:\/\/127\.0\.0\.1:\d+\/fabrikam\//);
  });
});
