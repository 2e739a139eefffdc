/**
 * The plugin `condition` language (Kong 3.14 ATC, 3.15 CEL), the subset the docs use: fields
 * `http.method`, `http.path`, `http.host`, `http.headers.<name>`, `http.queries.<name>`,
 * `net.protocol`, `net.src.ip`; operators `==`, `!=`, `~`, `^=`, `=^`, `contains`, `in`, `not in`
 * (a CIDR or a `[...]` list), CEL's `.startsWith()`, `.endsWith()`, `.contains()`, `.matches()`;
 * `&&`, `||`, `!`, parentheses; string (`"…"`, `'…'`, `r#"…"#`) and integer literals.
 *
 * Text that does not parse is an Admin API error. Text that parses but uses something not modelled
 * (another field, a comparison of other types, another function) evaluates to "unknown": the
 * gateway then reports the plugin unemulated instead of guessing. `&&`/`||` use three-valued logic,
 * so `false && <unknown>` is still false.
 */

type Literal = { kind: "str"; value: string } | { kind: "int"; value: number } | { kind: "ip"; value: string } | { kind: "list"; items: Literal[] };

type Operand = { kind: "field"; name: string } | Literal;

export type ConditionNode =
  | { kind: "and" | "or"; left: ConditionNode; right: ConditionNode }
  | { kind: "not"; expr: ConditionNode }
  | { kind: "bool"; value: boolean }
  | { kind: "cmp"; op: string; left: Operand; right: Operand }
  | { kind: "call"; target: Operand; fn: string; args: Operand[]; compared?: boolean };

export type ParsedCondition = { ok: true; ast: ConditionNode } | { ok: false; message: string };

/** What a condition sees of the request, as Kong has it before any plugin runs. */
export interface ConditionInput {
  method: string;
  path: string;
  host: string;
  scheme: string;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  clientIp: string;
}

/** `true`/`false`, or why it cannot be decided. */
export type ConditionValue = boolean | { unknown: string };

interface Token {
  t: "id" | "str" | "int" | "ip" | "op" | "punct";
  v: string;
  pos: number;
}

class SyntaxError_ extends Error {}

const OPERATORS = ["&&", "||", "==", "!=", "^=", "=^", ">=", "<=", "~", ">", "<", "!"];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (m: string): never => {
    throw new SyntaxError_(`${m} at position ${i + 1}`);
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "r" && /^r#*"/.test(src.slice(i))) {
      const hashes = /^r(#*)"/.exec(src.slice(i))?.[1] ?? "";
      const close = `"${hashes}`;
      const end = src.indexOf(close, i + 2 + hashes.length);
      if (end < 0) fail("unterminated raw string");
      out.push({ t: "str", v: src.slice(i + 2 + hashes.length, end), pos: start });
      i = end + close.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) fail("unterminated string");
        const ch = src[i];
        if (ch === c) break;
        if (ch === "\\") {
          const e = src[i + 1];
          const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", '"': '"', "'": "'" };
          if (e === undefined || !(e in map)) fail(`invalid escape sequence '\\${e ?? ""}'`);
          v += map[e];
          i += 2;
          continue;
        }
        v += ch;
        i++;
      }
      i++;
      out.push({ t: "str", v, pos: start });
      continue;
    }
    const ip = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F.]*(\/\d{1,3})?)/.exec(src.slice(i));
    if (ip && (ip[0].includes(".") ? /^\d/.test(ip[0]) : ip[0].split(":").length > 2)) {
      out.push({ t: "ip", v: ip[0], pos: start });
      i += ip[0].length;
      continue;
    }
    const num = /^-?(0x[0-9a-fA-F]+|\d+)/.exec(src.slice(i));
    if (num && (c !== "-" || /\d/.test(src[i + 1] ?? ""))) {
      out.push({ t: "int", v: num[0], pos: start });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/.exec(src.slice(i));
    if (id) {
      out.push({ t: "id", v: id[0], pos: start });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: "op", v: op, pos: start });
      i += op.length;
      continue;
    }
    if ("()[],".includes(c)) {
      out.push({ t: "punct", v: c, pos: start });
      i++;
      continue;
    }
    fail(`unexpected character '${c}'`);
  }
  return out;
}

const COMPARISONS = new Set(["==", "!=", "~", "^=", "=^", ">=", "<=", ">", "<", "contains", "in", "not in"]);

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[], private readonly len: number) {}

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private fail(m: string, at?: Token): never {
    throw new SyntaxError_(`${m} at position ${(at?.pos ?? this.len) + 1}`);
  }

  private is(t: Token["t"], v?: string): boolean {
    const k = this.peek();
    return !!k && k.t === t && (v === undefined || k.v === v);
  }

  private expect(t: Token["t"], v: string): void {
    if (!this.is(t, v)) this.fail(`expected '${v}'${this.peek() ? `, found '${this.peek()?.v}'` : ""}`, this.peek());
    this.i++;
  }

  parse(): ConditionNode {
    if (!this.toks.length) this.fail("empty expression");
    const e = this.or();
    if (this.peek()) this.fail(`unexpected '${this.peek()?.v}'`, this.peek());
    return e;
  }

  private or(): ConditionNode {
    let left = this.and();
    while (this.is("op", "||")) {
      this.i++;
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): ConditionNode {
    let left = this.unary();
    while (this.is("op", "&&")) {
      this.i++;
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }

  private unary(): ConditionNode {
    if (this.is("op", "!")) {
      this.i++;
      return { kind: "not", expr: this.unary() };
    }
    if (this.is("punct", "(")) {
      this.i++;
      const e = this.or();
      this.expect("punct", ")");
      return e;
    }
    if (this.is("id", "true") || this.is("id", "false")) {
      const v = (this.peek() as Token).v === "true";
      this.i++;
      return { kind: "bool", value: v };
    }
    return this.predicate();
  }

  private predicate(): ConditionNode {
    const at = this.peek();
    const left = this.operand();
    if (left.kind === "call") {
      // CEL: `size(http.path) > 1` parses; a call's value other than a boolean is not modelled.
      if (!this.comparison()) return left;
      const right = this.operand();
      if (right.kind === "call") this.fail("a function call cannot be compared", at);
      return { ...left, compared: true };
    }
    const op = this.comparison();
    if (!op) this.fail(at ? `expected an operator after '${at.v}'` : "expected a predicate", this.peek() ?? at);
    const right = this.operand();
    if (right.kind === "call") this.fail("a function call cannot be compared", at);
    return { kind: "cmp", op, left, right };
  }

  private comparison(): string | undefined {
    const k = this.peek();
    if (!k) return undefined;
    if (k.t === "op" && COMPARISONS.has(k.v)) {
      this.i++;
      return k.v;
    }
    if (k.t === "id" && (k.v === "contains" || k.v === "in")) {
      this.i++;
      return k.v;
    }
    if (k.t === "id" && k.v === "not" && this.toks[this.i + 1]?.t === "id" && this.toks[this.i + 1]?.v === "in") {
      this.i += 2;
      return "not in";
    }
    return undefined;
  }

  private operand(): Operand | Extract<ConditionNode, { kind: "call" }> {
    const k = this.peek();
    if (!k) this.fail("expected a field or a value");
    if (k.t === "str") return this.advance({ kind: "str", value: k.v });
    if (k.t === "ip") return this.advance({ kind: "ip", value: k.v });
    if (k.t === "int") {
      const n = Number(k.v.startsWith("-0x") ? -parseInt(k.v.slice(3), 16) : k.v.startsWith("0x") ? parseInt(k.v.slice(2), 16) : k.v);
      return this.advance({ kind: "int", value: n });
    }
    if (k.t === "punct" && k.v === "[") {
      this.i++;
      const items: Literal[] = [];
      while (!this.is("punct", "]")) {
        const item = this.operand();
        if (item.kind === "field" || item.kind === "call") this.fail("a list holds values only", k);
        items.push(item);
        if (!this.is("punct", ",")) break;
        this.i++;
      }
      this.expect("punct", "]");
      return { kind: "list", items };
    }
    if (k.t === "id" && !["contains", "in", "not", "true", "false"].includes(k.v)) {
      this.i++;
      if (this.is("punct", "(")) {
        this.i++;
        const args: Operand[] = [];
        while (!this.is("punct", ")")) {
          const a = this.operand();
          if (a.kind === "call") this.fail("nested calls are not supported", k);
          args.push(a);
          if (!this.is("punct", ",")) break;
          this.i++;
        }
        this.expect("punct", ")");
        const dot = k.v.lastIndexOf(".");
        const target: Operand = dot > 0 ? { kind: "field", name: k.v.slice(0, dot) } : { kind: "str", value: "" };
        return { kind: "call", target, fn: dot > 0 ? k.v.slice(dot + 1) : k.v, args };
      }
      return { kind: "field", name: k.v };
    }
    return this.fail(`unexpected '${k.v}'`, k);
  }

  private advance<T>(v: T): T {
    this.i++;
    return v;
  }
}

const MAX_LENGTH = 1024;

/** Parses a condition; the message of a failure says what and where. */
export function parseCondition(text: string): ParsedCondition {
  if (text.length > MAX_LENGTH) return { ok: false, message: `length must be at most ${MAX_LENGTH}` };
  try {
    return { ok: true, ast: new Parser(tokenize(text), text.length).parse() };
  } catch (e) {
    if (e instanceof SyntaxError_) return { ok: false, message: `invalid expression: ${e.message}` };
    throw e;
  }
}

const cache = new Map<string, ParsedCondition>();

/** Parsed once per distinct text (conditions are few and evaluated on every request). */
export function cachedCondition(text: string): ParsedCondition {
  let p = cache.get(text);
  if (!p) {
    if (cache.size > 500) cache.clear();
    p = parseCondition(text);
    cache.set(text, p);
  }
  return p;
}

/** Field → its values (a header or query may repeat); undefined: absent; null: not modelled. */
function fieldValues(name: string, input: ConditionInput): { values: string[]; type: "string" | "ip" } | undefined | null {
  switch (name) {
    case "http.method":
      return { values: [input.method], type: "string" };
    case "http.path":
      return { values: [input.path], type: "string" };
    case "http.host":
      return { values: [input.host], type: "string" };
    case "net.protocol":
      return { values: [input.scheme], type: "string" };
    case "net.src.ip":
      return { values: [input.clientIp], type: "ip" };
  }
  const h = /^http\.headers\.([a-z0-9_]+)$/.exec(name);
  if (h) {
    const values: string[] = [];
    for (const [k, v] of Object.entries(input.headers)) {
      if (v === undefined || k.toLowerCase().replace(/-/g, "_") !== h[1]) continue;
      values.push(...(Array.isArray(v) ? v : [v]));
    }
    return values.length ? { values, type: "string" } : undefined;
  }
  const q = /^http\.queries\.([A-Za-z0-9_]+)$/.exec(name);
  if (q) {
    const values = input.query.getAll(q[1]);
    return values.length ? { values, type: "string" } : undefined;
  }
  return null;
}

function ipv4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.some((p) => p > 255) ? undefined : (((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]) >>> 0;
}

function inCidr(ip: string, cidr: string): boolean | undefined {
  const [net, bits = "32"] = cidr.split("/");
  const a = ipv4(ip);
  const n = ipv4(net);
  if (a === undefined || n === undefined) return undefined;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return ((a & mask) >>> 0) === ((n & mask) >>> 0);
}

function regex(src: string): RegExp | undefined {
  try {
    return new RegExp(src, "u");
  } catch {
    return undefined;
  }
}

const unknown = (why: string): ConditionValue => ({ unknown: why });

function compare(node: Extract<ConditionNode, { kind: "cmp" }>, input: ConditionInput): ConditionValue {
  const { left, right, op } = node;
  if (left.kind !== "field") return unknown(`a predicate with '${op}' whose left side is not a field`);
  const f = fieldValues(left.name, input);
  if (f === null) return unknown(`field '${left.name}'`);
  if (f === undefined) return false; // an absent field satisfies no predicate
  const any = (test: (v: string) => boolean | undefined): ConditionValue => {
    let undecided = false;
    for (const v of f.values) {
      const r = test(v);
      if (r === true) return true;
      if (r === undefined) undecided = true;
    }
    return undecided ? unknown(`'${op}' on '${left.name}'`) : false;
  };
  if (f.type === "ip") {
    if (right.kind !== "ip") return unknown(`'${left.name}' compared with a non-address`);
    if (op === "==") return any((v) => v === right.value);
    if (op === "in" || op === "not in") return any((v) => {
      const r = inCidr(v, right.value);
      return r === undefined ? undefined : op === "in" ? r : !r;
    });
    return unknown(`'${op}' on '${left.name}'`);
  }
  if (op === "in" || op === "not in") {
    if (right.kind !== "list" || right.items.some((x) => x.kind !== "str")) return unknown(`'${op}' with a non-string list`);
    const set = right.items.map((x) => (x as { value: string }).value);
    return any((v) => (op === "in" ? set.includes(v) : !set.includes(v)));
  }
  if (right.kind !== "str") return unknown(`'${left.name}' (a string) compared with a ${right.kind}`);
  const c = right.value;
  switch (op) {
    case "==":
      return any((v) => v === c);
    case "!=":
      return any((v) => v !== c);
    case "^=":
      return any((v) => v.startsWith(c));
    case "=^":
      return any((v) => v.endsWith(c));
    case "contains":
      return any((v) => v.includes(c));
    case "~": {
      const re = regex(c);
      return re ? any((v) => re.test(v)) : unknown(`regex '${c}'`);
    }
    default:
      return unknown(`'${op}' on a string`);
  }
}

function call(node: Extract<ConditionNode, { kind: "call" }>, input: ConditionInput): ConditionValue {
  const fns: Record<string, (v: string, a: string) => boolean | undefined> = {
    startsWith: (v, a) => v.startsWith(a),
    endsWith: (v, a) => v.endsWith(a),
    contains: (v, a) => v.includes(a),
    matches: (v, a) => regex(a)?.test(v),
  };
  const fn = node.compared ? undefined : fns[node.fn];
  const arg = node.args[0];
  if (!fn || node.target.kind !== "field" || node.args.length !== 1 || arg.kind !== "str") return unknown(`function '${node.fn}'`);
  const f = fieldValues(node.target.name, input);
  if (f === null || f?.type === "ip") return unknown(`field '${node.target.name}'`);
  if (f === undefined) return false;
  let undecided = false;
  for (const v of f.values) {
    const r = fn(v, arg.value);
    if (r === true) return true;
    if (r === undefined) undecided = true;
  }
  return undecided ? unknown(`function '${node.fn}'`) : false;
}

/** Three-valued evaluation: an undecidable part only matters when it decides the result. */
export function evaluateCondition(node: ConditionNode, input: ConditionInput): ConditionValue {
  switch (node.kind) {
    case "bool":
      return node.value;
    case "not": {
      const v = evaluateCondition(node.expr, input);
      return typeof v === "boolean" ? !v : v;
    }
    case "and":
    case "or": {
      const l = evaluateCondition(node.left, input);
      const short = node.kind === "or";
      if (l === short) return short;
      const r = evaluateCondition(node.right, input);
      if (r === short) return short;
      if (typeof l !== "boolean") return l;
      return r;
    }
    case "cmp":
      return compare(node, input);
    case "call":
      return call(node, input);
  }
}
