/** URL joining as the site renders it: base and path with exactly one slash at the seam. */

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function joinUrl(base: string, path: string | undefined): string {
  if (!path) return base;
  if (ABSOLUTE.test(path)) return path;
  if (!base) return path;
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** `insecure`/`mtls` make the page's curl use https. */
export function forceHttps(url: string): string {
  return url.replace(/^http:\/\//i, "https://");
}
