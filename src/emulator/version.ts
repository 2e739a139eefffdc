/**
 * The emulated Kong version and the defaults that changed between versions
 * (DESIGN §2.7; gateway-target.md §3 and §4: route `protocols` and `hide_credentials` in 3.14).
 */

/** "3.15" → [3, 15]; tolerant of "3.15.0.0" and "3.9.1". */
export function parseVersion(v: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : [3, 15];
}

export function compareVersions(a: string, b: string): number {
  const [am, an] = parseVersion(a);
  const [bm, bn] = parseVersion(b);
  return am !== bm ? am - bm : an - bn;
}

export function atLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/** "3.15" → "3.15.0.0": the four-part form Kong Enterprise reports. */
export function fullVersion(v: string): string {
  const [maj, min] = parseVersion(v);
  return `${maj}.${min}.0.0`;
}

/** What Kong puts in `Server` and `Via`. */
export function serverToken(v: string): string {
  return `kong/${fullVersion(v)}-enterprise-edition`;
}

/** Routes created without `protocols` get `[https]` from 3.14 (breaking change), `[http, https]` before. */
export function routeProtocolsDefault(version: string): string[] {
  return atLeast(version, "3.14") ? ["https"] : ["http", "https"];
}

/** Auth plugins hide credentials by default from 3.14; used only when no schemas are available. */
export function hideCredentialsDefault(version: string): boolean {
  return atLeast(version, "3.14");
}
