import { bearerAuth, credentialsFromEnv, patAuth } from "../../../src/ado/http/auth";
import { AdoError } from "../../../src/ado/http/errors";

describe("patAuth", () => {
  it("sends Basic base64(':' + PAT), as az devops does (https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/authentication-guidance example)", async () => {
    await expect(patAuth("abc123pat").getAuthorizationHeader()).resolves.toBe("Basic OmFiYzEyM3BhdA==");
  });

  it("is not refreshable, so a 401 is not retried with the same PAT", () => {
    expect(patAuth("abc").refreshable).toBe(false);
  });

  it("rejects empty and whitespace-containing PATs", () => {
    expect(() => patAuth("  ")).toThrow(AdoError);
    expect(() => patAuth("abc def")).toThrow(/characters a PAT never has/);
  });
});

describe("bearerAuth", () => {
  it("sends Bearer with a fixed token", async () => {
    await expect(bearerAuth("ey.J0k3n").getAuthorizationHeader()).resolves.toBe("Bearer ey.J0k3n");
  });

  it("passes forceRefresh to a token function and is refreshable", async () => {
    const calls: boolean[] = [];
    const auth = bearerAuth(async (force) => {
      calls.push(force);
      return force ? "fresh" : "stale";
    });
    expect(auth.refreshable).toBe(true);
    await expect(auth.getAuthorizationHeader()).resolves.toBe("Bearer stale");
    await expect(auth.getAuthorizationHeader(true)).resolves.toBe("Bearer fresh");
    expect(calls).toEqual([false, true]);
  });
});

describe("credentialsFromEnv", () => {
  it("prefers AZURE_DEVOPS_EXT_PAT (Basic) over SYSTEM_ACCESSTOKEN", async () => {
    const auth = credentialsFromEnv({ AZURE_DEVOPS_EXT_PAT: "abc123pat", SYSTEM_ACCESSTOKEN: "pipeline-token" });
    await expect(auth.getAuthorizationHeader()).resolves.toBe("Basic OmFiYzEyM3BhdA==");
  });

  it("falls back to SYSTEM_ACCESSTOKEN as a Bearer token", async () => {
    const auth = credentialsFromEnv({ AZURE_DEVOPS_EXT_PAT: "  ", SYSTEM_ACCESSTOKEN: "pipeline-token" });
    await expect(auth.getAuthorizationHeader()).resolves.toBe("Bearer pipeline-token");
    expect(auth.renewalHint).toMatch(/System\.AccessToken/);
  });

  it("explains both variables when neither is set", () => {
    let error: unknown;
    try {
      credentialsFromEnv({});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AdoError);
    expect((error as AdoError).kind).toBe("usage");
    expect((error as AdoError).message).toMatch(/AZURE_DEVOPS_EXT_PAT/);
    expect((error as AdoError).message).toMatch(/SYSTEM_ACCESSTOKEN/);
  });
});
