/**
 * findIdentity (the one lookup every face uses) against the emulator: a loose name is refused with choices a
 * picker can offer, and each choice's query names exactly that identity.
 */
import type { RunningEmulator } from "../../emulator";
import { AdoError } from "../../src/ado";
import { findIdentity, identityChoicesOf } from "../../src/flows";
import { gatewayFor, withEmulator } from "../ado/support/emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await withEmulator();
});
afterAll(() => emulator.stop());

async function refusal(query: string): Promise<unknown> {
  try {
    await findIdentity(gatewayFor(emulator).gateway, query);
  } catch (error) {
    return error;
  }
  throw new Error(`"${query}" was accepted`);
}

test("a prefix of one display name is not picked; its choice, resolved, is that identity", async () => {
  const error = await refusal("dbt Serv");
  expect(error).toBeInstanceOf(AdoError);
  expect((error as AdoError).kind).toBe("ambiguous");
  const choices = identityChoicesOf(error);
  expect(choices.map((choice) => choice.label)).toEqual(["dbt Service User <svc-dbt@contoso.com>"]);
  const picked = await findIdentity(gatewayFor(emulator).gateway, choices[0].query);
  expect(picked.principalName).toBe("svc-dbt@contoso.com");
});

test("a display name two identities share offers both", async () => {
  const choices = identityChoicesOf(await refusal("Data Engineer"));
  expect(choices.map((choice) => choice.label)).toEqual(["Data Engineer <dana.lee@contoso.com>", "Data Engineer <sam.ortiz@contoso.com>"]);
});

test("exact names are picked at once, and other errors offer no choices", async () => {
  expect((await findIdentity(gatewayFor(emulator).gateway, "dbt Service User")).principalName).toBe("svc-dbt@contoso.com");
  expect(identityChoicesOf(await refusal("nobody@contoso.com"))).toEqual([]);
});
