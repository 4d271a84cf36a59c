/**
 * The emulator behind a fault proxy, for the tests of one file: started before them and stopped after, with the
 * proxy's rules and request log emptied before each test. Read `proxy` inside tests (it is set once started).
 */
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import { startFaultProxy, type FaultProxy } from "./fault-proxy";

export interface ProxiedEmulator {
  readonly emulator: RunningEmulator;
  readonly proxy: FaultProxy;
}

export function emulatorBehindProxy(seeds: OrgSeed[]): ProxiedEmulator {
  const served = {} as { emulator: RunningEmulator; proxy: FaultProxy };
  beforeAll(async () => {
    served.emulator = await startEmulator({ seeds });
    served.proxy = await startFaultProxy(served.emulator.baseUrl);
  });
  afterAll(async () => {
    await served.proxy.stop();
    await served.emulator.stop();
  });
  beforeEach(() => {
    served.proxy.rules.length = 0;
    served.proxy.seen.length = 0;
  });
  return served;
}
