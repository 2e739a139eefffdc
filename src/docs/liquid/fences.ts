/**
 * Author-marked fenced code blocks: a fence followed by a Kramdown IAL line such as
 * `{: data-test-step="block" }` (spellings vary: no space after the colon, single quotes, extra
 * attributes like `data-deployment-topology="on-prem"`). The IAL line is swapped for a
 * `{% docval_fence N %}` tag on the same line, so the block is recorded in document order while
 * rendering (inside navtabs, captures, topology wrappers) and line numbers do not move.
 */

export interface FenceInfo {
  /** `step`, `prereq` or `cleanup`. */
  marker: "step" | "prereq" | "cleanup";
  lang?: string;
  /** Code between the fences, dedented by the fence's indentation, Liquid not yet rendered. */
  code: string;
  /** 0-based line index of the opening fence and of the first code line in the scanned text. */
  fenceLine: number;
  codeLine: number;
  topology?: "on-prem" | "konnect";
}

const IAL = /^\s*\{:\s*([^}]*)\}\s*$/;
const MARKER = /data-test-(step|prereq|cleanup)\s*=\s*["']block["']/;
const TOPOLOGY = /data-deployment-topology\s*=\s*["'](on-prem|konnect)["']/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;

/** Quick test so texts without markers skip the line walk. */
export function hasFenceMarkers(text: string): boolean {
  return text.includes("data-test-");
}

export function markFences(text: string): { text: string; fences: FenceInfo[] } {
  if (!hasFenceMarkers(text)) return { text, fences: [] };
  const lines = text.split("\n");
  const fences: FenceInfo[] = [];
  for (let i = 0; i < lines.length; i++) {
    const ial = IAL.exec(lines[i]);
    if (!ial) continue;
    const marker = MARKER.exec(ial[1]);
    if (!marker) continue;
    const close = findFence(lines, i - 1);
    if (!close) continue;
    const open = openingFor(lines, close.index, close.fence);
    if (open === undefined) continue;
    const m = FENCE.exec(lines[open]);
    const indent = m ? m[1].length : 0;
    const code = lines
      .slice(open + 1, close.index)
      .map((l) => dedent(l, indent))
      .join("\n");
    const topo = TOPOLOGY.exec(ial[1]);
    fences.push({
      marker: marker[1] as FenceInfo["marker"],
      lang: m?.[3] || undefined,
      code,
      fenceLine: open,
      codeLine: open + 1,
      topology: topo ? (topo[1] as FenceInfo["topology"]) : undefined,
    });
    lines[i] = `{% docval_fence ${fences.length - 1} %}`;
  }
  return { text: lines.join("\n"), fences };
}

function findFence(lines: string[], from: number): { index: number; fence: string } | undefined {
  let i = from;
  while (i >= 0 && lines[i].trim() === "") i--;
  if (i < 0) return undefined;
  const m = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[i]);
  return m ? { index: i, fence: m[1] } : undefined;
}

function openingFor(lines: string[], closeIndex: number, fence: string): number | undefined {
  for (let j = closeIndex - 1; j >= 0; j--) {
    const m = FENCE.exec(lines[j]);
    if (m && m[2][0] === fence[0] && m[2].length <= fence.length) return j;
  }
  return undefined;
}

function dedent(line: string, n: number): string {
  let k = 0;
  while (k < n && k < line.length && line[k] === " ") k++;
  return line.slice(k);
}
