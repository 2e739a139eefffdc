/**
 * Splits a page into front matter and body. The front matter is the text between a first line
 * `---` and the next line that is `---` (or `...`).
 */
export interface Split {
  /** Front-matter YAML text (without the fences); undefined when the page has none. */
  yaml?: string;
  body: string;
  /** File line of the body's first line. */
  bodyLine: number;
  /** Set when the opening fence is never closed. */
  unclosed?: boolean;
}

export function splitFrontMatter(text: string): Split {
  const t = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (!/^---[ \t]*\r?\n/.test(t)) return { body: t, bodyLine: 1 };
  const firstNl = t.indexOf("\n");
  const close = /^(?:---|\.\.\.)[ \t]*\r?$/m;
  const rest = t.slice(firstNl + 1);
  const m = close.exec(rest);
  if (!m) return { body: "", bodyLine: 1, unclosed: true };
  const yaml = rest.slice(0, m.index);
  const afterClose = rest.indexOf("\n", m.index);
  const body = afterClose === -1 ? "" : rest.slice(afterClose + 1);
  const yamlLines = yaml.length === 0 ? 0 : yaml.split("\n").length - (yaml.endsWith("\n") ? 1 : 0);
  return { yaml, body, bodyLine: 1 + 1 + yamlLines + 1 };
}
