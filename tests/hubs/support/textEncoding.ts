/**
 * jsdom (jest-environment-jsdom) does not expose TextEncoder/TextDecoder, which browsers and Node both have and
 * src/core uses for descriptors. Import this first in jsdom tests that compute descriptors.
 */
import { TextDecoder, TextEncoder } from "node:util";

const scope = globalThis as { TextEncoder?: unknown; TextDecoder?: unknown };
scope.TextEncoder ??= TextEncoder;
scope.TextDecoder ??= TextDecoder;
