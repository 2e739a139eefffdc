/**
 * What a check executor gets from the runner (STYLE "Checks"): where the target is, how to read env
 * values, where captured values go, cookie jars, timeouts, an abort signal and an injected clock.
 */
import type { CheckStep } from "../plan/model.js";
import type { StepResult } from "../core/results.js";

export interface TargetUrls {
  proxyUrl: string;
  proxyHttpsUrl?: string;
  adminUrl: string;
  /** Sent with every control-plane request (RBAC tokens). */
  adminHeaders: Record<string, string>;
}

export interface EnvReader {
  /** The value for `$NAME`, or undefined; reading registers the value as a secret. */
  get(name: string): string | undefined;
  /** Stores a value captured from a response (extract_body, extract_headers, capture). */
  capture(name: string, value: string): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface CheckContext {
  target: TargetUrls;
  env: EnvReader;
  /** Named cookie jars shared by the steps of one page variant: jar → cookie name → value. */
  cookieJars: Map<string, Map<string, string>>;
  /** Absolute folder against which `form` files are resolved (the checkout's files folder). */
  filesDir: string;
  /** Absolute checkout root (form files may be given relative to it). */
  root: string;
  timeoutMs: number;
  signal: AbortSignal;
  clock: Clock;
  /** Position of the step in its variant (copied into the StepResult). */
  index: number;
  /** Called with the Admin API path of every entity a control-plane request created, for reset. */
  onCreated?(adminPath: string): void;
  /** Milliseconds spent in the page's own sleeps (so benches can exclude them). */
  slept: { ms: number };
}

export interface CheckExecutor<T extends CheckStep["type"] = CheckStep["type"]> {
  type: T;
  run(step: CheckStep & { type: T }, ctx: CheckContext): Promise<StepResult>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
};
