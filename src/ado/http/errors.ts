/**
 * The one error type the gateway throws. `kind` is what callers branch on (the CLI turns usage, auth,
 * notFound and network errors into exit code 2); `message` is one line an Azure DevOps admin can act on.
 */

export type AdoErrorKind =
  | "usage"
  | "auth"
  | "forbidden"
  | "notFound"
  | "ambiguous"
  | "throttled"
  | "server"
  | "network"
  /** The run was cancelled (its AbortSignal aborted); not a failure of Azure DevOps. */
  | "cancelled";

/** One identity an ambiguous or loose name could mean: how to show it, and what to pass to name it exactly. */
export interface IdentityChoice {
  /** `Display Name <principal name>`. */
  label: string;
  /** The identity descriptor: resolving it picks exactly this identity. */
  query: string;
}

export interface AdoErrorDetails {
  /** HTTP status when the error came from a response. */
  status?: number;
  /** For `ambiguous`: the matches, as `Display Name <principal name>`. */
  candidates?: string[];
  /** For `ambiguous`: the same matches with the input that names each one exactly, for a picker to offer. */
  choices?: IdentityChoice[];
  /** The request that failed, for logs (never contains credentials). */
  url?: string;
  /**
   * For `network`: the connection broke after the request was sent, so it may have reached the service and
   * been applied (a write's outcome is then unknown until re-read).
   */
  sent?: boolean;
  /** For `network`: no answer came within the transport's timeout. */
  timedOut?: boolean;
  /**
   * An earlier attempt of the same request was sent and its answer lost (the transport retried it): a 404 to
   * a retried DELETE most likely means that earlier attempt deleted it.
   */
  afterLostAnswer?: boolean;
}

export class AdoError extends Error {
  readonly kind: AdoErrorKind;
  readonly status?: number;
  readonly candidates?: string[];
  readonly choices?: IdentityChoice[];
  readonly url?: string;
  readonly sent?: boolean;
  readonly timedOut?: boolean;
  readonly afterLostAnswer?: boolean;

  constructor(kind: AdoErrorKind, message: string, details: AdoErrorDetails = {}) {
    super(message);
    this.name = "AdoError";
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.candidates !== undefined) this.candidates = details.candidates;
    if (details.choices !== undefined) this.choices = details.choices;
    if (details.url !== undefined) this.url = details.url;
    if (details.sent !== undefined) this.sent = details.sent;
    if (details.timedOut !== undefined) this.timedOut = details.timedOut;
    if (details.afterLostAnswer !== undefined) this.afterLostAnswer = details.afterLostAnswer;
    // Keep `instanceof` working when compiled to ES5-style classes by older toolchains.
    Object.setPrototypeOf(this, AdoError.prototype);
  }
}

export function isAdoError(value: unknown, kind?: AdoErrorKind): value is AdoError {
  return value instanceof AdoError && (kind === undefined || value.kind === kind);
}
