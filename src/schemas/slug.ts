/**
 * Plugin slugs and schema file names. The site builds a file name from a slug by capitalising each
 * `-`-separated part (`rate-limiting` → `RateLimiting`) and matches files case-insensitively (`acl` → `ACL.json`),
 * so lookups go through `slugKey`, and listing turns a file name back into a slug.
 */

export function slugToPascal(slug: string): string {
  return slug
    .split("-")
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1) : p))
    .join("");
}

/** `KeyAuth` → `key-auth`, `ACL` → `acl`, `AiA2aProxy` → `ai-a2a-proxy`, `Oauth2Introspection` → `oauth2-introspection`. */
export function pascalToSlug(pascal: string): string {
  const parts = pascal.match(/[A-Z][a-z0-9]+|[A-Z]+(?![a-z])|[a-z0-9]+|[A-Z]/g) ?? [pascal];
  return parts.map((p) => p.toLowerCase()).join("-");
}

/** The case-insensitive key both a slug and a file name reduce to. */
export function slugKey(slugOrPascal: string): string {
  return slugToPascal(slugOrPascal).toLowerCase();
}
