/**
 * Cold-process measurement for bench/plan.ts and bench/lint.ts: runs the BUILT cli in fresh `node` processes and
 * reports each one's wall time (spawn to exit, as a user sees it), CPU time (user + system) and peak RSS, read
 * inside the child at exit by a tiny preload. tsx never runs in the measured process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

export interface ColdRun {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  exitCode: number;
  stdoutBytes: number;
}

/** `--dist <dir>`, else `DOCVAL_DIST`, else `<repo>/dist`: the folder that holds `cli/main.js`, when it exists. */
export function findBuild(argv: string[]): string | undefined {
  const i = argv.indexOf("--dist");
  const dir = i >= 0 ? argv[i + 1] : process.env.DOCVAL_DIST ?? join(REPO, "dist");
  const abs = resolve(dir);
  return existsSync(join(abs, "cli", "main.js")) ? abs : undefined;
}

/** The value after `--name`, or a default. */
export function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

/** Positional arguments (not options, not option values). */
export function positionals(argv: string[], withValue: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      if (withValue.includes(argv[i].slice(2))) i++;
      continue;
    }
    out.push(argv[i]);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), "docval-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const preload = join(work, "usage.mjs");
writeFileSync(
  preload,
  `import { writeFileSync } from "node:fs";
process.on("exit", () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.DOCVAL_BENCH_USAGE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));
});
`,
);

/** One fresh `node <dist>/cli/main.js ...args` with the given extra env. */
export function coldRun(dist: string, args: string[], env: Record<string, string> = {}): ColdRun {
  const usageFile = join(work, `usage-${Math.random().toString(36).slice(2)}.json`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(preload).href, join(dist, "cli", "main.js"), ...args], {
    env: { ...process.env, ...env, DOCVAL_BENCH_USAGE: usageFile, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  let usage = { cpuMs: NaN, maxRssMb: NaN };
  try {
    usage = JSON.parse(readFileSync(usageFile, "utf8")) as typeof usage;
  } catch {
    // the child died before its exit hook: the numbers stay NaN and the exit code says why
  }
  return { wallMs, ...usage, exitCode: r.status ?? -1, stdoutBytes: r.stdout?.length ?? 0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** "wall median 412 ms (min 380) · CPU median 390 ms · peak RSS 81 MB · n=5" */
export function describeRuns(runs: ColdRun[]): string {
  const wall = runs.map((r) => r.wallMs);
  const cpu = runs.map((r) => r.cpuMs);
  const rss = Math.max(...runs.map((r) => r.maxRssMb));
  return `wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}) · CPU median ${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)}) · peak RSS ${rss.toFixed(0)} MB · n=${runs.length}`;
}

export function loadLine(): string {
  return `load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`;
}

export function fresh(prefix: string): string {
  return mkdtempSync(join(work, prefix));
}
