import fc from "fast-check";
import { hostOf, isDbtCloudHost, matchesAccessUrl, parseAccessUrl, type AccessUrlInfo } from "../../../src/core/setup/access-url";

function parsed(input: string): AccessUrlInfo {
  const result = parseAccessUrl(input);
  if (!result.ok) throw new Error(`expected "${input}" to parse: ${result.message}`);
  return result.value;
}

function refusal(input: unknown): string {
  const result = parseAccessUrl(input);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.message;
}

describe("parseAccessUrl: normalising what a person typed", () => {
  it.each([
    "cloud.getdbt.com",
    "https://cloud.getdbt.com",
    "https://cloud.getdbt.com/",
    "HTTPS://Cloud.GetDBT.com/settings/accounts/1/pages/projects?x=1#top",
    "http://cloud.getdbt.com",
    "cloud.getdbt.com.",
    "cloud.getdbt.com:443",
    "https://cloud.getdbt.com:443/",
    "  cloud.getdbt.com  ",
    "cloud.getdbt.com\\settings",
  ])("%j becomes host cloud.getdbt.com", (input) => {
    const info = parsed(input);
    expect(info.host).toBe("cloud.getdbt.com");
    expect(info.origin).toBe("https://cloud.getdbt.com");
  });
});

describe("parseAccessUrl: classification", () => {
  it.each([
    ["cloud.getdbt.com", "cloud", "AWS", "North America"],
    ["emea.dbt.com", "emea", "AWS", "EMEA (Frankfurt)"],
    ["au.dbt.com", "au", "AWS", "APAC (Sydney)"],
    ["jp1.dbt.com", "jp1", "AWS", "Japan (Tokyo)"],
  ])("%s is a legacy multi-tenant host in %s", (host, code, cloud, location) => {
    const info = parsed(host);
    expect(info).toMatchObject({ kind: "legacyMultiTenant", isCustom: false, region: { code, cloud, location } });
    expect(info.accountPrefix).toBeUndefined();
  });

  it("flags only getdbt.com hosts for the account-scoped URL migration", () => {
    expect(parsed("cloud.getdbt.com").isGetdbtCom).toBe(true);
    expect(parsed("emea.dbt.com").isGetdbtCom).toBe(false);
    expect(parsed("abc123.us1.dbt.com").isGetdbtCom).toBe(false);
  });

  it.each([
    ["us1", "AWS", "North America"],
    ["us2", "Azure", "North America (East US 2)"],
    ["us3", "GCP", "North America (us-central1)"],
    ["eu1", "AWS", "EMEA (Frankfurt)"],
    ["eu2", "Azure", "EMEA (North Europe)"],
    ["eu3", "GCP", "EMEA (London)"],
    ["eu4", "GCP", "EMEA (Frankfurt)"],
    ["au1", "AWS", "APAC (Sydney)"],
    ["jp1", "AWS", "Japan (Tokyo)"],
  ])("ACCOUNT_PREFIX.%s.dbt.com is a cell host on %s in %s", (cell, cloud, location) => {
    const info = parsed(`https://AB12cd.${cell}.dbt.com/`);
    expect(info).toEqual({
      host: `ab12cd.${cell}.dbt.com`,
      origin: `https://ab12cd.${cell}.dbt.com`,
      kind: "cell",
      isGetdbtCom: false,
      isCustom: false,
      accountPrefix: "ab12cd",
      region: { code: cell, cloud, location },
    });
  });

  it("ACCOUNT_PREFIX.dbt.com is account-scoped with no known region", () => {
    expect(parsed("abc123.dbt.com")).toEqual({
      host: "abc123.dbt.com",
      origin: "https://abc123.dbt.com",
      kind: "accountScoped",
      isGetdbtCom: false,
      isCustom: false,
      accountPrefix: "abc123",
    });
  });

  it.each(["dbt.mycorp.example", "analytics.internal.contoso.com", "acme.getdbt.com", "x.y.dbt.com", "xn--bcher-kva.example"])(
    "%s is a custom (single-tenant) host",
    (host) => {
      const info = parsed(host);
      expect(info.kind).toBe("custom");
      expect(info.isCustom).toBe(true);
      expect(info.region).toBeUndefined();
    },
  );

  it("keeps the getdbt.com flag on a custom getdbt.com host", () => {
    expect(parsed("acme.getdbt.com").isGetdbtCom).toBe(true);
  });
});

describe("parseAccessUrl: refusals", () => {
  it.each([
    ["", /required/],
    ["   ", /required/],
    ["cloud.getdbt.com:8443", /remove ":8443"/],
    ["https://cloud.getdbt.com:80/", /remove ":80"/],
    ["cloud.getdbt.com:abc", /invalid port/],
    ["cloud.getdbt.com:", /invalid port/],
    ["1.2.3.4", /IP address/],
    ["https://10.0.0.1/", /IP address/],
    ["10.0.0.1:443", /IP address/],
    ["0x7f.1", /IP address/],
    ["[::1]", /IP address/],
    ["https://[2001:db8::1]:443/", /IP address/],
    ["svc@cloud.getdbt.com", /user name/],
    ["https://cloud.getdbt.com@evil.example", /user name/],
    ["https://user:pass@abc.us1.dbt.com", /user name/],
    ["localhost", /not a full host name/],
    ["ftp://cloud.getdbt.com", /not a web address/],
    ["cloud getdbt.com", /spaces/],
    ["clоud.getdbt.com", /non-ASCII/], // Cyrillic "о"
    ["-bad.example", /not a valid host name/],
    ["bad-.example", /not a valid host name/],
    ["exa_mple.com", /not a valid host name/],
    ["a..b.com", /not a valid host name/],
    [`${"a".repeat(64)}.com`, /not a valid host name/],
    ["https:///settings", /no host/],
    ["us1.dbt.com", /no account/],
    ["eu2.dbt.com", /no account/],
    ["login.dbt.com", /sign-in page/],
    ["https://docs.getdbt.com/docs", /documentation/],
    ["getdbt.com", /website/],
  ])("refuses %j with a clear message", (input, pattern) => {
    expect(refusal(input)).toMatch(pattern);
  });

  it("refuses non-strings without throwing", () => {
    expect(refusal(undefined)).toMatch(/required/);
    expect(refusal(42)).toMatch(/required/);
  });

  it("every refusal tells the person what a valid value looks like", () => {
    for (const input of ["1.2.3.4", "cloud.getdbt.com:8443", "svc@cloud.getdbt.com", "localhost"]) {
      expect(refusal(input)).toMatch(/getdbt\.com|dbt\.com/);
    }
  });
});

describe("hostOf", () => {
  it.each([
    ["https://abc.us1.dbt.com/complete/x", "abc.us1.dbt.com"],
    ["CLOUD.GETDBT.COM.", "cloud.getdbt.com"],
    ["https://cloud.getdbt.com@evil.example/", "evil.example"],
    ["https://evil.example\\.getdbt.com", "evil.example"],
    ["https://cloud.getdbt.com%2eevil.example/", "cloud.getdbt.com.evil.example"],
  ])("%j connects to %s", (input, host) => {
    expect(hostOf(input)).toBe(host);
  });

  it.each(["", "   ", "ftp://cloud.getdbt.com", "https://", "mailto:x@getdbt.com"])("%j has no web host", (input) => {
    expect(hostOf(input)).toBeUndefined();
  });
});

describe("isDbtCloudHost", () => {
  it.each([
    "cloud.getdbt.com",
    "https://cloud.getdbt.com/api/v2/webhooks/azure",
    "https://ABC123.US1.DBT.COM/complete/azure_active_directory",
    "https://emea.dbt.com./x",
    "abc123.dbt.com",
    "http://acme.getdbt.com:8443/hook",
    "https://svc@cloud.getdbt.com/hook",
  ])("recognises %j", (input) => {
    expect(isDbtCloudHost(input)).toBe(true);
  });

  it.each([
    "getdbt.com.evil.example",
    "https://getdbt.com.evil.example/hook",
    "evilgetdbt.com",
    "https://evilgetdbt.com/",
    "notdbt.com",
    "dbt.com.evil.example",
    "cloud.getdbt.com@evil.example",
    "https://cloud.getdbt.com@evil.example/hook",
    "https://cloud.getdbt.com:443@evil.example/",
    "https://evil.example/cloud.getdbt.com",
    "https://evil.example/?next=https://cloud.getdbt.com",
    "https://evil.example#.dbt.com",
    "https://evil.example\\.getdbt.com",
    "https://cloud.getdbt.com%2eevil.example/",
    "https://cloud-getdbt.com/",
    "ftp://cloud.getdbt.com/",
    "",
    "not a url at all",
  ])("does not recognise %j", (input) => {
    expect(isDbtCloudHost(input)).toBe(false);
  });

  it("recognises a custom single-tenant host only when it is the configured access URL, exactly", () => {
    expect(isDbtCloudHost("https://dbt.mycorp.example/hooks", "https://dbt.mycorp.example/")).toBe(true);
    expect(isDbtCloudHost("https://DBT.MYCORP.EXAMPLE./hooks", "dbt.mycorp.example")).toBe(true);
    expect(isDbtCloudHost("https://dbt.mycorp.example/hooks")).toBe(false);
    expect(isDbtCloudHost("https://x.dbt.mycorp.example/", "dbt.mycorp.example")).toBe(false);
    expect(isDbtCloudHost("https://dbt.mycorp.example.evil.example/", "dbt.mycorp.example")).toBe(false);
    expect(isDbtCloudHost("https://dbt.mycorp.example@evil.example/", "dbt.mycorp.example")).toBe(false);
  });

  it("ignores an invalid configured access URL instead of matching on it", () => {
    expect(isDbtCloudHost("https://10.0.0.1/hook", "10.0.0.1")).toBe(false);
  });

  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);

  it("matches any subdomain of getdbt.com and dbt.com", () => {
    fc.assert(
      fc.property(label, fc.constantFrom("getdbt.com", "dbt.com"), fc.boolean(), (sub, domain, upper) => {
        const url = `https://${sub}.${domain}/hook`;
        expect(isDbtCloudHost(upper ? url.toUpperCase() : url)).toBe(true);
      }),
    );
  });

  it("never matches a look-alike: a prefix glued to the domain, or the domain followed by another one", () => {
    fc.assert(
      fc.property(label, label, fc.constantFrom("getdbt.com", "dbt.com"), (glued, evil, domain) => {
        fc.pre(!`${glued}${domain}`.endsWith(".dbt.com") && `${glued}${domain}` !== "getdbt.com");
        expect(isDbtCloudHost(`https://${glued}${domain}/`)).toBe(false);
        expect(isDbtCloudHost(`https://${domain}.${evil}.example/`)).toBe(false);
        expect(isDbtCloudHost(`https://cloud.${domain}@${evil}.example/`)).toBe(false);
      }),
    );
  });
});

describe("matchesAccessUrl", () => {
  it("matches one account's host exactly", () => {
    expect(matchesAccessUrl("https://abc.us1.dbt.com/hooks", "ABC.us1.dbt.com")).toBe(true);
    expect(matchesAccessUrl("https://xyz.us1.dbt.com/hooks", "abc.us1.dbt.com")).toBe(false);
    expect(matchesAccessUrl("https://abc.us1.dbt.com/hooks", "not a host")).toBe(false);
  });
});
