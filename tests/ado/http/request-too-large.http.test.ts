/** A request the service refuses as too large (HTTP 431/414/413) is the input's fault, not an outage; over real HTTP. */
import type { RunningEmulator } from "../../../emulator";
import { AdoError } from "../../../src/ado";
import { gatewayFor, withEmulator } from "../support/emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await withEmulator();
});
afterAll(() => emulator.stop());

it("explains HTTP 431 (request header fields too large) as an input that is too long", async () => {
  const { gateway } = gatewayFor(emulator);
  // Node's HTTP server, like the service's front end, refuses a request line and headers over its limit (16 KiB).
  const query = `${"a".repeat(40_000)}@contoso.com`;
  let caught: unknown;
  try {
    await gateway.resolveIdentity(query);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AdoError);
  const error = caught as AdoError;
  expect(error.status).toBe(431);
  expect(error.message).toMatch(/too long/);
  expect(error.message).not.toMatch(/outage|try again later/);
  expect(error.message).not.toMatch(/\n/);
  expect(error.message.length).toBeLessThan(400);
});
