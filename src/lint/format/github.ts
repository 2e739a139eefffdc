/** GitHub Actions workflow commands: one `::error file=…,line=…,title=…::message` per finding. */
import type { Finding } from "../index.js";

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProp(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(findings: Finding[], opts: { prefix?: string } = {}): string {
  return findings
    .map((f) => {
      const cmd = f.severity === "error" ? "error" : "warning";
      const file = (opts.prefix ? `${opts.prefix.replace(/\/$/, "")}/` : "") + f.file;
      const text = f.hint ? `${f.message}\n${f.hint}` : f.message;
      return `::${cmd} file=${escapeProp(file)},line=${f.line},title=${escapeProp(`docval ${f.rule}`)}::${escapeData(text)}\n`;
    })
    .join("");
}
