/**
 * Folder boundaries (STYLE "Layout"): which src/ folders each folder may import.
 * Keeps plan and lint pure and fast, and the emulator a separate server in all but process.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./helpers/corpus.js";

const SRC = resolve(PROJECT_ROOT, "src");

const ALLOWED: Record<string, string[]> = {
  core: [],
  schemas: ["core"],
  docs: ["core"],
  plan: ["core", "docs", "deck"],
  deck: ["core", "plan"],
  lint: ["core", "docs", "plan", "deck", "schemas", "report"],
  report: ["core"],
  emulator: ["core", "schemas"],
  gateway: ["core", "deck", "plan"],
  checks: ["core", "plan", "gateway"],
  run: ["core", "docs", "plan", "deck", "gateway", "checks", "emulator", "report", "schemas"],
  cli: ["core", "docs", "plan", "deck", "gateway", "checks", "emulator", "report", "run", "lint", "schemas"],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("architecture", () => {
  it("every src folder is known", () => {
    const dirs = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    expect(dirs.filter((d) => !(d in ALLOWED))).toEqual([]);
  });

  it("imports stay within each folder's allowlist", () => {
    const violations: string[] = [];
    for (const file of files(SRC)) {
      const from = relative(SRC, file).split(/[\\/]/)[0];
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2];
        if (!spec.startsWith(".")) continue;
        const target = relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0];
        if (target === from || target.startsWith("..")) continue;
        if (!ALLOWED[from]?.includes(target)) violations.push(`${relative(PROJECT_ROOT, file)} imports ${target}/ (${spec})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
