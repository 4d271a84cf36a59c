import { isDbtCloudSubscription, subscriptionFilters, subscriptionStatus, targetHost } from "../../../src/core/hooks/index";
import { subscription } from "./builders";

describe("subscriptionStatus", () => {
  test.each([
    [undefined, "enabled"],
    ["", "enabled"],
    ["enabled", "enabled"],
    ["onProbation", "onProbation"],
    ["disabledByUser", "disabledByUser"],
    ["disabledBySystem", "disabledBySystem"],
    ["disabledByInactiveIdentity", "disabledByInactiveIdentity"],
    ["DisabledBySystem", "disabledBySystem"],
    [0, "enabled"],
    [10, "onProbation"],
    [20, "disabledByUser"],
    [30, "disabledBySystem"],
    [40, "disabledByInactiveIdentity"],
    [50, "unknown"],
    ["restricted", "unknown"],
  ] as const)("%p -> %s", (status, expected) => {
    expect(subscriptionStatus({ status })).toBe(expected);
  });
});

describe("isDbtCloudSubscription: target host matching", () => {
  test.each([
    ["https://cloud.getdbt.com/hooks/azure/abc", true],
    ["https://CLOUD.GETDBT.COM/hooks", true],
    ["https://abc123.us1.dbt.com/hooks", true],
    ["https://abc123.dbt.com/hooks", true],
    ["https://emea.dbt.com/hooks", true],
    ["https://cloud.getdbt.com.:443/hooks", true],
    // Look-alikes: the host must be getdbt.com / dbt.com or end in "." + one of them.
    ["https://getdbt.com.evil.example/hooks", false],
    ["https://cloud.getdbt.com.evil.example/hooks", false],
    ["https://evilgetdbt.com/hooks", false],
    ["https://notdbt.com/hooks", false],
    ["https://dbt.com-evil.example/hooks", false],
    // User info before "@" is not the host a client connects to.
    ["https://cloud.getdbt.com@evil.example/hooks", false],
    ["https://evil.example/cloud.getdbt.com", false],
    ["https://evil.example/?u=https://cloud.getdbt.com", false],
    ["ftp://cloud.getdbt.com/hooks", false],
    ["not a url", false],
  ])("%s -> %s", (url, expected) => {
    expect(isDbtCloudSubscription(subscription({ url }))).toBe(expected);
  });

  test("a single-tenant host counts only when it is the configured access URL", () => {
    const hook = subscription({ url: "https://dbt.internal.contoso.com/hooks/azure/1" });
    expect(isDbtCloudSubscription(hook)).toBe(false);
    expect(isDbtCloudSubscription(hook, "dbt.internal.contoso.com")).toBe(true);
    expect(isDbtCloudSubscription(hook, "https://dbt.internal.contoso.com/")).toBe(true);
    expect(isDbtCloudSubscription(hook, "other.contoso.com")).toBe(false);
    expect(isDbtCloudSubscription(subscription({ url: "https://dbt.internal.contoso.com.evil.example/x" }), "dbt.internal.contoso.com")).toBe(false);
  });

  test("only web hook consumers: the same URL through another consumer is not dbt Cloud's", () => {
    expect(isDbtCloudSubscription(subscription({ consumerId: "azureServiceBus" }))).toBe(false);
    expect(isDbtCloudSubscription(subscription({ consumerId: "webhooks" }))).toBe(true);
    expect(isDbtCloudSubscription({ ...subscription(), consumerInputs: {} })).toBe(false);
    expect(isDbtCloudSubscription({ ...subscription(), consumerInputs: { URL: "https://cloud.getdbt.com/x" } })).toBe(true);
  });

  test("targetHost is the host after WHATWG parsing", () => {
    expect(targetHost(subscription({ url: "https://cloud.getdbt.com@evil.example/x" }))).toBe("evil.example");
    expect(targetHost(subscription({ url: "https://Cloud.GetDbt.com:443/x" }))).toBe("cloud.getdbt.com");
  });
});

describe("subscriptionFilters", () => {
  test("drops server-added inputs, scope inputs and empty ('any') values; sorts by name", () => {
    const hook = subscription({ inputs: { notificationType: "PushNotification", branch: "main", pullrequestCreatedBy: "" } });
    expect(subscriptionFilters(hook)).toEqual({ branch: "main", notificationType: "PushNotification" });
    expect(Object.keys(subscriptionFilters(hook))).toEqual(["branch", "notificationType"]);
  });
});
