/** Command-line options of the emulator CLI (parsing only, so it can be tested without a process). */

export const USAGE = `Usage: node build/emulator/cli.js [options]

  --seed <file>                 seed file (repeatable; default: emulator/seeds/demo.json)
  --generate <name:projects:repos>
                                add a generated organization (repeatable), e.g. big:1000:10
  --port <n>                    port to listen on (default 0: the OS picks)
  --latency <ms>                delay added to every response
  --throttle <every:seconds>    every Nth request gets 429 with Retry-After: seconds
  --faults <every:status>       every Nth request fails with 500 or 503
  --help                        show this help`;

export interface CliOptions {
  seeds: string[];
  generate: Array<{ name: string; projects: number; reposPerProject: number }>;
  port: number;
  latencyMs: number;
  throttle?: { every: number; retryAfterSeconds: number };
  faults?: { every: number; status: 500 | 503 };
  help: boolean;
}

function integer(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min) {
    throw new Error(`${flag} needs an integer >= ${min}, got ${raw === undefined ? "nothing" : `"${raw}"`}`);
  }
  return Number(raw);
}

function pair(flag: string, raw: string | undefined): [string, string] {
  const parts = (raw ?? "").split(":");
  if (parts.length !== 2) throw new Error(`${flag} needs the form a:b, got "${raw ?? ""}"`);
  return [parts[0], parts[1]];
}

export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = { seeds: [], generate: [], port: 0, latencyMs: 0, help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--seed":
        options.seeds.push(value());
        break;
      case "--generate": {
        const parts = value().split(":");
        if (parts.length !== 3 || parts[0] === "") throw new Error(`--generate needs name:projects:repos, got "${parts.join(":")}"`);
        options.generate.push({
          name: parts[0],
          projects: integer("--generate projects", parts[1], 1),
          reposPerProject: integer("--generate repos", parts[2], 0),
        });
        break;
      }
      case "--port":
        options.port = integer(flag, value(), 0);
        break;
      case "--latency":
        options.latencyMs = integer(flag, value(), 0);
        break;
      case "--throttle": {
        const [every, seconds] = pair(flag, value());
        options.throttle = { every: integer("--throttle every", every, 1), retryAfterSeconds: integer("--throttle seconds", seconds, 0) };
        break;
      }
      case "--faults": {
        const [every, status] = pair(flag, value());
        if (status !== "500" && status !== "503") throw new Error(`--faults status must be 500 or 503, got "${status}"`);
        options.faults = { every: integer("--faults every", every, 1), status: Number(status) as 500 | 503 };
        break;
      }
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new Error(`Unknown option ${flag}`);
    }
  }
  return options;
}
