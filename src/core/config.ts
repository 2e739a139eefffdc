/**
 * The shape of `docval.config.yaml` / `docval.config.json` (found from the current folder up,
 * or given with --config). Every section is optional; flags override the file.
 * Loading and validation live in src/docs/config.ts.
 */
export interface DocvalConfig {
  /** Checkout layout, relative to the root. Defaults are the Kong developer docs layout. */
  layout?: Partial<Layout>;
  /** Products whose pages are tested (default: gateway, ai-gateway). */
  products?: string[];
  /** Env names whose values are not secrets (shown in reports). */
  public?: string[];
  /** A real target instead of the embedded gateway. */
  target?: {
    adminUrl?: string | string[];
    proxyUrl?: string;
    adminHeaders?: string[];
    gatewayVersion?: string;
  };
  /** Embedded gateway: extra host → upstream mappings (`host: httpbin` or `host: openai`). */
  hosts?: Record<string, string>;
  /** Path of the expected-failures YAML file, relative to the config file. */
  expectedFailures?: string;
  /** `--reporter` defaults. */
  reporters?: string[];
  /** Base URL for links from reports to page files, e.g. a repository's blob URL. */
  sourceBaseUrl?: string;
  /** Lint rule severities: rule id → "off" | "warn" | "error". */
  lint?: { rules?: Record<string, "off" | "warn" | "error"> };
  /** Run defaults. */
  run?: { workers?: number; timeoutMs?: number; pageTimeoutMs?: number; retries?: number };
}

export interface Layout {
  pages: string; // glob-ish root of how-to pages: "app/_how-tos"
  includes: string; // "app/_includes"
  data: string; // "app/_data"
  site: string; // "jekyll.yml"
  schemas: string; // "app/_schemas"
  files: string; // "app/_includes/_files"
}

export const DEFAULT_LAYOUT: Layout = {
  pages: "app/_how-tos",
  includes: "app/_includes",
  data: "app/_data",
  site: "jekyll.yml",
  schemas: "app/_schemas",
  files: "app/_includes/_files",
};

export const DEFAULT_PRODUCTS = ["gateway", "ai-gateway"];
