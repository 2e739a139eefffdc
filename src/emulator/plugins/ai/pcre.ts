/**
 * Kong's AI guard patterns are PCRE applied to the UTF-8 bytes of the prompt. JavaScript regexes
 * work on UTF-16, so patterns are applied to the prompt's bytes read as Latin-1: ASCII behaves the
 * same and byte escapes such as `\xE2\x80\x8B` match the bytes they name.
 */

export interface Compiled {
  source: string;
  re?: RegExp;
  error?: string;
}

export function compilePcre(pattern: string): Compiled {
  let src = pattern;
  let flags = "";
  // A leading `(?i)`/`(?s)`/`(?m)` group sets flags for the whole pattern, which JS spells as flags.
  const lead = /^\(\?([ims]+)\)/.exec(src);
  if (lead) {
    flags = [...new Set(lead[1].split(""))].join("");
    src = src.slice(lead[0].length);
  }
  try {
    return { source: pattern, re: new RegExp(src, flags) };
  } catch (e) {
    return { source: pattern, error: e instanceof Error ? e.message : String(e) };
  }
}

export function asBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

export function matches(c: Compiled, text: string): boolean {
  return c.re !== undefined && c.re.test(asBytes(text));
}
