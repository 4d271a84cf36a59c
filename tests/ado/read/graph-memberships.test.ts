/** The Graph memberships walk: what it asks for, and that its cost stays bounded for an identity in many groups. */
import { GRAPH_WALK_BUDGET, walkGraphMemberships } from "../../../src/ado/read/graph-memberships";
import type { GatewayClients } from "../../../src/ado/rest/gateway-clients";

const sid = (tail: string) => `S-1-9-1551374245-1204400969-2402986413-2179408616-${tail}`;
const group = (tail: string) => `Microsoft.TeamFoundation.Identity;${sid(tail)}`;
const subject = (tail: string) => `vssgp.${Buffer.from(sid(tail)).toString("base64url")}`;
const USER = { identity: "Microsoft.IdentityModel.Claims.ClaimsIdentity;t\\svc@contoso.com", subject: "aad.dXNlcg" };

/** A Graph that answers from `containers` (member subject -> container subjects) and records what it was asked. */
function graphOf(containers: Record<string, string[]>) {
  const asked: string[] = [];
  const clients = {
    graphLists: async () => ({
      listContainers: async (member: string) => {
        asked.push(member);
        return (containers[member] ?? []).map((containerDescriptor) => ({ containerDescriptor, memberDescriptor: member }));
      },
    }),
  } as unknown as GatewayClients;
  return { clients, asked };
}

test("walks every group upward once (cycles tolerated), leaving Valid Users groups out", async () => {
  const { clients, asked } = graphOf({
    [USER.subject]: [subject("1"), subject("0-0-0-0-3")],
    [subject("1")]: [subject("2")],
    [subject("2")]: [subject("1")],
  });
  const walk = await walkGraphMemberships(clients, USER, [group("1"), group("2")]);
  expect(asked).toEqual([USER.subject, subject("1"), subject("2")]);
  expect(Object.fromEntries(walk.parents)).toEqual({ [USER.identity]: [group("1")], [group("1")]: [group("2")], [group("2")]: [group("1")] });
  expect(walk.limited).toBe(false);
});

test("an identity in many groups costs at most the budget, yet every group only Graph lists is walked", async () => {
  const many = Array.from({ length: 200 }, (_, i) => `1-${i}`);
  const { clients, asked } = graphOf({
    [USER.subject]: [...many.map(subject), subject("9")],
    [subject("9")]: [subject("10")],
  });
  const walk = await walkGraphMemberships(clients, USER, many.map(group));
  expect(asked.filter((member) => member !== subject("9") && member !== subject("10"))).toHaveLength(GRAPH_WALK_BUDGET);
  expect(asked).toEqual(expect.arrayContaining([subject("9"), subject("10")]));
  expect(walk.parents.get(group("9"))).toEqual([group("10")]);
  expect(walk.limited).toBe(true);
});
