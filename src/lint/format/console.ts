/** Human output: findings grouped by file, `line  severity  message  rule`, the hint below, and a summary line. */
import type { Finding } from "../index.js";

export function formatConsole(findings: Finding[], opts: { color?: boolean } = {}): string {
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(paint("4", file));
    for (const f of list.sort((a, b) => a.line - b.line)) {
      const sev = f.severity === "error" ? paint("31", "error  ") : paint("33", "warning");
      out.push(`  ${String(f.line).padStart(4)}  ${sev}  ${f.message}  ${paint("2", f.rule)}`);
      if (f.hint) out.push(...f.hint.split("\n").map((l, i) => `${" ".repeat(17)}${i === 0 ? "hint: " : "      "}${l}`));
      if (f.page) out.push(`${" ".repeat(17)}(included by ${f.page})`);
    }
    out.push("");
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  out.push(findings.length === 0 ? "no problems found" : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
  return out.join("\n") + "\n";
}
