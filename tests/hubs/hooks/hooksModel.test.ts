/** The Service hooks tab's words for raw values: event types, consumers, the legacy-host line, what to press. */
import { HUB_DOES, consumerLabel, eventLabel, legacyHostLabel } from "../../../src/hubs/hooks/hooksModel";

test("event type ids and consumer ids become the names Azure DevOps shows; unknown ones stay as they are", () => {
  expect(eventLabel("git.pullrequest.updated")).toBe("Pull request updated");
  expect(eventLabel("git.push")).toBe("Code pushed");
  expect(eventLabel("build.complete")).toBe("Build completed");
  expect(eventLabel("tfvc.checkin")).toBe("tfvc.checkin");
  expect(consumerLabel("webHooks")).toBe("Web Hooks");
  expect(consumerLabel("slack")).toBe("Slack");
  expect(consumerLabel("somethingNew")).toBe("somethingNew");
});

test("a subscription on a getdbt.com host says where to move; the hub names buttons, never a command", () => {
  expect(legacyHostLabel({ legacyHost: { host: "cloud.getdbt.com", pastEndOfSupport: true, newAccessHost: "acme.us1.dbt.com" } })).toBe(
    "Still on cloud.getdbt.com: move to acme.us1.dbt.com",
  );
  expect(legacyHostLabel({ legacyHost: null })).toBeUndefined();
  for (const words of Object.values(HUB_DOES)) expect(words).not.toMatch(/dbt-ado|--|`/);
  expect(HUB_DOES.delete).toBe("To delete it, press Delete duplicates above the list.");
});
