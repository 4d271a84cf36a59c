import {
  gitToken,
  normalizeToken,
  parseToken,
  projectToken,
  serviceHooksToken,
  tokenChain,
  tokenFor,
  tokensEqual,
} from "../../../src/core/permissions/tokens";
import { P1, R1 } from "../builders";

describe("token builders", () => {
  it("builds the real token shapes of the three namespaces", () => {
    expect(projectToken(P1)).toBe(`$PROJECT:vstfs:///Classification/TeamProject/${P1}`);
    expect(serviceHooksToken()).toBe("PublisherSecurity");
    expect(serviceHooksToken(P1)).toBe(`PublisherSecurity/${P1}`);
    expect(gitToken()).toBe("repoV2");
    expect(gitToken(P1)).toBe(`repoV2/${P1}`);
    expect(gitToken(P1, R1)).toBe(`repoV2/${P1}/${R1}`);
  });

  it("picks the checked token per namespace", () => {
    expect(tokenFor("project", P1)).toBe(projectToken(P1));
    expect(tokenFor("serviceHooks", P1)).toBe(serviceHooksToken(P1));
    expect(tokenFor("gitRepositories", P1, R1)).toBe(gitToken(P1, R1));
    expect(() => tokenFor("gitRepositories", P1)).toThrow(/repository token/);
  });

  it("rejects ids that would change the token's structure", () => {
    expect(() => gitToken("", R1)).toThrow(/project id is required/);
    expect(() => gitToken(`${P1}/x`)).toThrow(/must not contain/);
    expect(() => gitToken(undefined, R1)).toThrow(/needs its project id/);
    expect(() => projectToken("a:b")).toThrow(/must not contain/);
  });
});

describe("tokenChain", () => {
  it("walks a Git repository token up to the namespace root, closest first", () => {
    expect(tokenChain("gitRepositories", gitToken(P1, R1))).toEqual([gitToken(P1, R1), gitToken(P1), "repoV2"]);
  });

  it("includes deeper ref tokens", () => {
    expect(tokenChain("gitRepositories", `repoV2/${P1}/${R1}/refs/heads/6d00610069006e00`)).toEqual([
      `repoV2/${P1}/${R1}/refs/heads/6d00610069006e00`,
      `repoV2/${P1}/${R1}/refs/heads`,
      `repoV2/${P1}/${R1}/refs`,
      `repoV2/${P1}/${R1}`,
      `repoV2/${P1}`,
      "repoV2",
    ]);
  });

  it("ignores one trailing separator", () => {
    expect(tokenChain("serviceHooks", `PublisherSecurity/${P1}/`)).toEqual([`PublisherSecurity/${P1}`, "PublisherSecurity"]);
  });

  it("treats a project token as inheriting from $PROJECT although the namespace is flat", () => {
    expect(tokenChain("project", projectToken(P1))).toEqual([projectToken(P1), "$PROJECT"]);
    expect(tokenChain("project", "$PROJECT")).toEqual(["$PROJECT"]);
  });

  it("rejects malformed tokens", () => {
    expect(() => tokenChain("gitRepositories", "repoV2//x")).toThrow(/empty segment/);
    expect(() => tokenChain("project", "repoV2/x")).toThrow(/not a Project namespace token/);
    expect(() => tokenChain("gitRepositories", "")).toThrow(/Empty security token/);
  });
});

describe("token comparison", () => {
  it("is case-insensitive and ignores a single trailing separator", () => {
    expect(tokensEqual("gitRepositories", `REPOV2/${P1.toUpperCase()}/`, `repoV2/${P1}`)).toBe(true);
    expect(tokensEqual("project", projectToken(P1).toUpperCase(), projectToken(P1))).toBe(true);
    expect(normalizeToken("serviceHooks", "PublisherSecurity/")).toBe("publishersecurity");
  });

  it("keeps different tokens different", () => {
    expect(tokensEqual("gitRepositories", `repoV2/${P1}`, `repoV2/${P1}/${R1}`)).toBe(false);
    expect(tokensEqual("gitRepositories", `repoV2/${P1}//`, `repoV2/${P1}`)).toBe(false);
  });
});

describe("parseToken", () => {
  it("recognises namespace, project and repository", () => {
    expect(parseToken(projectToken(P1))).toEqual({ namespace: "project", projectId: P1 });
    expect(parseToken("$project")).toEqual({ namespace: "project" });
    expect(parseToken(serviceHooksToken(P1))).toEqual({ namespace: "serviceHooks", projectId: P1 });
    expect(parseToken("publishersecurity/")).toEqual({ namespace: "serviceHooks" });
    expect(parseToken(gitToken(P1, R1))).toEqual({ namespace: "gitRepositories", projectId: P1, repoId: R1 });
    expect(parseToken(`${gitToken(P1, R1)}/refs/heads/6d00`)).toEqual({ namespace: "gitRepositories", projectId: P1, repoId: R1 });
    expect(parseToken("RepoV2")).toEqual({ namespace: "gitRepositories" });
  });

  it("round-trips the checked tokens", () => {
    for (const token of [projectToken(P1), serviceHooksToken(P1), gitToken(P1, R1)]) {
      const parsed = parseToken(token);
      expect(tokenFor(parsed.namespace, parsed.projectId!, parsed.repoId)).toBe(token);
    }
  });

  it("throws a clear error on unknown or malformed tokens", () => {
    expect(() => parseToken("Namespace/abc")).toThrow(/Unrecognised security token "Namespace\/abc"/);
    expect(() => parseToken("")).toThrow(/empty/);
    expect(() => parseToken(`PublisherSecurity/${P1}/extra`)).toThrow(/Malformed ServiceHooks token/);
    expect(() => parseToken("$PROJECT:vstfs:///Classification/TeamProject/")).toThrow(/Malformed Project/);
  });
});
