/** Dotted version numbers as the schema folders and front matter write them ("3.4", "3.10", "3.10.0.1"). */

/** Numeric parts, or undefined when the text is not a dotted version. Trailing `.x` is ignored. */
export function parseVersion(v: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:\.x)?$/.exec(String(v).trim());
  return m ? m[1].split(".").map(Number) : undefined;
}

/** Component-wise comparison; missing parts count as 0 ("3.4" equals "3.4.0"). */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
