/** `{"findings": [{file, line, rule, severity, message, hint?}]}`, for tools. */
import type { Finding } from "../index.js";

export function formatJson(findings: Finding[]): string {
  return JSON.stringify({ findings }, null, 2) + "\n";
}
