/**
 * Lines of front-matter nodes found by indentation, without a YAML document model: the loader that reads
 * values (js-yaml) keeps no positions, and building `yaml`'s Document for every page only to learn a few
 * line numbers costs more than the rest of planning (docs/performance.md).
 *
 * Handles the block shapes front matter uses: nested maps, `- ` list items (also at the parent key's
 * indent, and `- key: v` items), block scalars, and flow/inline values (located at their key). Lines are
 * 1-based within the text given; a path that is not found yields undefined.
 */

interface Line {
  /** 1-based line number in the text. */
  no: number;
  indent: number;
  /** Text after the indentation. */
  content: string;
}

export interface YamlPositions {
  /** Line where the node at `path` starts (for a block scalar: the line of its `|`/`>` indicator). */
  nodeLine(path: readonly (string | number)[]): number | undefined;
  /** Whether the node at `path` is a block scalar (`|` or `>`), whose content starts on the next line. */
  isBlockScalar(path: readonly (string | number)[]): boolean;
  /** Line of the key that names the node at `path` (the last segment must be a map key). */
  keyLine(path: readonly (string | number)[]): number | undefined;
}

interface Found {
  /** Line that holds the key (or the `- ` of a list item). */
  keyLine: number;
  /** The value written on the key line after `key:` (or after `- `), trimmed; "" when it is on later lines. */
  inline: string;
  /** Lines of the value when it is written on later lines (or the rest of a list item). */
  body: Line[];
}

export function yamlPositions(text: string): YamlPositions {
  const lines = toLines(text);
  const memo = new Map<string, Found | null>();

  const find = (path: readonly (string | number)[]): Found | undefined => {
    const key = path.join("\u0000");
    const hit = memo.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let found: Found | undefined;
    if (path.length === 0) found = { keyLine: 0, inline: "", body: lines };
    else {
      const parent = find(path.slice(0, -1));
      // A value written inline (flow collection, scalar) has no children we can see by indentation.
      if (parent && parent.inline === "") found = child(parent, path[path.length - 1]);
    }
    memo.set(key, found ?? null);
    return found;
  };

  const valueLine = (f: Found): number => {
    if (f.inline !== "" || f.body.length === 0) return f.keyLine;
    return f.body[0].no;
  };

  return {
    nodeLine(path) {
      const f = find(path);
      return f ? valueLine(f) : undefined;
    },
    isBlockScalar(path) {
      const f = find(path);
      return !!f && /^[|>][-+0-9]*\s*(#.*)?$/.test(stripProps(f.inline));
    },
    keyLine(path) {
      if (path.length === 0 || typeof path[path.length - 1] !== "string") return undefined;
      return find(path)?.keyLine;
    },
  };
}

function child(parent: Found, seg: string | number): Found | undefined {
  const body = parent.body;
  if (body.length === 0) return undefined;
  const indent = body[0].indent;
  if (typeof seg === "number") {
    let index = -1;
    for (let i = 0; i < body.length; i++) {
      const l = body[i];
      if (l.indent !== indent) continue;
      if (!isItemStart(l.content)) return undefined;
      if (++index !== seg) continue;
      const rest = l.content.slice(1).replace(/^[ \t]+/, "");
      const restIndent = l.indent + (l.content.length - rest.length);
      const tail = blockUntil(body, i + 1, indent);
      // `- key: v` opens a map on the item's own line; `- v` is a scalar; `-` alone puts the value below.
      if (rest === "" || rest.startsWith("#")) return { keyLine: l.no, inline: "", body: tail };
      if (keyOf(rest) !== undefined || isItemStart(rest)) return { keyLine: l.no, inline: "", body: [{ no: l.no, indent: restIndent, content: rest }, ...tail] };
      return { keyLine: l.no, inline: rest, body: tail };
    }
    return undefined;
  }
  let found: Found | undefined;
  for (let i = 0; i < body.length; i++) {
    const l = body[i];
    if (l.indent !== indent) continue;
    const k = keyOf(l.content);
    if (!k || k.key !== seg) continue;
    const inline = l.content.slice(k.end).trim();
    // A sequence may sit at its key's own indent (`key:\n- a`); anything else must be deeper.
    let end = i + 1;
    while (end < body.length && (body[end].indent > indent || (body[end].indent === indent && isItemStart(body[end].content) && inline === ""))) end++;
    // Duplicate keys: the last one wins, as when the value is read.
    found = { keyLine: l.no, inline: inline.startsWith("#") ? "" : inline, body: body.slice(i + 1, end) };
  }
  return found;
}

function blockUntil(body: Line[], from: number, indent: number): Line[] {
  let end = from;
  while (end < body.length && body[end].indent > indent) end++;
  return body.slice(from, end);
}

function isItemStart(content: string): boolean {
  return content === "-" || content.startsWith("- ") || content.startsWith("-\t");
}

/** Anchors and tags before a value (`&a |`, `!!str x`) do not change where it starts. */
function stripProps(inline: string): string {
  return inline.replace(/^(?:[&!][^\s]*\s+)+/, "");
}

/** The map key a line starts with, and where the `:` after it ends; undefined when the line is no `key:`. */
function keyOf(content: string): { key: string; end: number } | undefined {
  const q = content[0];
  if (q === '"' || q === "'") {
    let i = 1;
    let key = "";
    for (; i < content.length; i++) {
      const c = content[i];
      if (q === "'" && c === "'" && content[i + 1] === "'") {
        key += "'";
        i++;
      } else if (q === '"' && c === "\\") {
        key += content[++i] ?? "";
      } else if (c === q) break;
      else key += c;
    }
    const m = /^[ \t]*:(?=[ \t]|$)/.exec(content.slice(i + 1));
    return m ? { key, end: i + 1 + m[0].length } : undefined;
  }
  if (q === "-" && isItemStart(content)) return undefined;
  if (q === "#" || q === "[" || q === "{" || q === "?") return undefined;
  const m = /^(.*?)[ \t]*:(?=[ \t]|$)/.exec(content);
  if (!m || m[1] === "") return undefined;
  return { key: m[1], end: m[0].length };
}

/** Non-blank, non-comment lines with their indentation. Block-scalar lines are kept: they are deeper than their key. */
function toLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split("\n");
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i].endsWith("\r") ? raw[i].slice(0, -1) : raw[i];
    let indent = 0;
    while (indent < s.length && s[indent] === " ") indent++;
    const content = s.slice(indent);
    if (content.trim() === "" || content.startsWith("#")) continue;
    out.push({ no: i + 1, indent, content });
  }
  return out;
}
