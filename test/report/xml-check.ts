/**
 * A small XML 1.0 well-formedness checker for the tests (no XML library is installed): balanced tags,
 * quoted unique attributes, only the five predefined entities or character references, no characters
 * XML forbids. Returns the element tree so tests can assert structure.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /^[A-Za-z_][\w.-]*$/;

function decode(s: string, where: number): string {
  return s.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(";")) throw new Error(`bare & at ${where}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (body in named) return named[body];
    const n = body.startsWith("#x") ? parseInt(body.slice(2), 16) : body.startsWith("#") ? parseInt(body.slice(1), 10) : NaN;
    if (!Number.isFinite(n)) throw new Error(`unknown entity &${body}; at ${where}`);
    const ch = String.fromCodePoint(n);
    if (INVALID.test(ch)) throw new Error(`character reference to a forbidden character at ${where}`);
    return ch;
  });
}

export function parseXml(xml: string): XmlElement {
  if (INVALID.test(xml)) throw new Error("document holds a character XML forbids");
  let i = 0;
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.includes(">") && /]]>/.test(text)) throw new Error(`]]> in text at ${i}`);
    stack[stack.length - 1].text += decode(text, i);
    if (lt < 0) break;
    if (xml.startsWith("<?", lt)) {
      i = xml.indexOf("?>", lt) + 2;
      continue;
    }
    if (xml.startsWith("<!--", lt)) {
      i = xml.indexOf("-->", lt) + 3;
      continue;
    }
    const gt = xml.indexOf(">", lt);
    if (gt < 0) throw new Error(`unclosed tag at ${lt}`);
    const raw = xml.slice(lt + 1, gt);
    if (raw.startsWith("/")) {
      const name = raw.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}> at ${lt}`);
    } else {
      const selfClosing = raw.endsWith("/");
      const body = selfClosing ? raw.slice(0, -1) : raw;
      const m = /^([^\s]+)([\s\S]*)$/.exec(body.trim());
      if (!m || !NAME.test(m[1])) throw new Error(`bad tag name at ${lt}: ${raw.slice(0, 30)}`);
      const attrs: Record<string, string> = {};
      let rest = m[2].trim();
      while (rest) {
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"\s*/.exec(rest);
        if (!a) throw new Error(`bad attribute at ${lt}: ${rest.slice(0, 40)}`);
        if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
        attrs[a[1]] = decode(a[2], lt);
        rest = rest.slice(a[0].length);
      }
      const el: XmlElement = { name: m[1], attrs, children: [], text: "" };
      stack[stack.length - 1].children.push(el);
      if (!selfClosing) stack.push(el);
    }
    i = gt + 1;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error("expected exactly one root element");
  return root.children[0];
}

export function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}
