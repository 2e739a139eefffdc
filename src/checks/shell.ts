/**
 * Shell steps (custom-command, author-marked blocks, `$(…)` values of env_variables). They run only
 * with `--allow-shell` (DESIGN §2.10), in `bash -c` with the page's env, a timeout and the run's abort
 * signal; their output is kept short for the report and never echoes env values (the hub redacts).
 */
import { spawn } from "node:child_process";
import type { StepResult } from "../core/results.js";
import type { ShellStep } from "../plan/model.js";

export interface ShellRun {
  code: number | null;
  output: string;
  timedOut: boolean;
}

export function runShell(command: string, env: Record<string, string | undefined>, cwd: string, timeoutMs: number, signal?: AbortSignal): Promise<ShellRun> {
  return new Promise((resolve) => {
    // Own process group, so a timeout or Ctrl-C also stops what bash started (`sleep 4; echo`, pipes):
    // those children inherit stdout, and waiting for `close` would wait for them.
    const child = spawn("bash", ["-c", command], { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    const add = (b: Buffer) => {
      if (output.length < 64_000) output += b.toString("utf8");
    };
    child.stdout.on("data", add);
    child.stderr.on("data", add);
    let timedOut = false;
    let done = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    };
    const onAbort = () => killGroup();
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      // Children of the group may hold the pipes open; stop reading so they cannot keep us alive.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, output, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    if (signal?.aborted) killGroup();
    else signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", () => finish(null));
    child.on("close", (code) => finish(code));
    // `exit` fires when bash ends, whoever still holds its pipes: give the pipes a moment to drain
    // (the usual case, `close` follows at once), then resolve with the output already read.
    child.on("exit", (code) => {
      setTimeout(() => finish(code), 200);
    });
  });
}

export async function runShellStep(
  step: ShellStep,
  index: number,
  o: { allowShell: boolean; env: Record<string, string | undefined>; cwd: string; timeoutMs: number; signal?: AbortSignal },
): Promise<StepResult> {
  const base: StepResult = { index, kind: "shell", type: step.origin, tabs: step.tabs, source: step.source, verdict: "skipped", durationMs: 0 };
  if (!o.allowShell) return { ...base, message: `${step.origin} runs a shell command; shell steps run only with --allow-shell` };
  const started = performance.now();
  const r = await runShell(step.command, o.env, o.cwd, o.timeoutMs, o.signal);
  const durationMs = Math.round(performance.now() - started);
  const want = step.expect?.returnCode ?? 0;
  const excerpt = r.output.slice(-2000);
  if (r.timedOut) return { ...base, verdict: "failed", durationMs, message: `the command did not finish within ${o.timeoutMs} ms`, actual: { output: excerpt } };
  if (r.code !== want) {
    return { ...base, verdict: "failed", durationMs, message: `expected exit code ${want}, got ${r.code}`, expected: { returnCode: want }, actual: { returnCode: r.code, output: excerpt } };
  }
  if (step.expect?.message && !r.output.includes(step.expect.message)) {
    return { ...base, verdict: "failed", durationMs, message: `expected the output to contain ${JSON.stringify(step.expect.message)}`, expected: { message: step.expect.message }, actual: { output: excerpt } };
  }
  return { ...base, verdict: "passed", durationMs };
}
