/** SARIF 2.1.0 for code scanning: one run, every rule described, one result per finding. */
import type { Finding } from "../index.js";
import type { Rule } from "../rule.js";

export function formatSarif(findings: Finding[], rules: readonly Rule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "docval",
            version,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.docs.description },
              defaultConfiguration: { level: r.defaultSeverity === "error" ? "error" : "warning" },
              helpUri: `docs/lint.md#${r.id}`,
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: f.severity === "error" ? "error" : "warning",
          message: { text: f.hint ? `${f.message}\n${f.hint}` : f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: f.line } } }],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
