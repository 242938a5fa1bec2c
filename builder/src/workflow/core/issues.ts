import type { AppDefinition, ValidationIssue } from '@tangram/schema';

/** A problem placed on the canvas: on a node (and a branch path of it), or on the workflow itself. */
export interface PlacedIssue extends ValidationIssue {
  nodeId?: string;
  pathId?: string;
  /** The pointer below the node or path, e.g. `/assignees` or `/condition`. */
  rest: string;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
const isIndex = (s: string) => /^\d+$/.test(s);
const byRef = <T extends { id: string }>(list: readonly T[], ref: string): T | undefined =>
  isIndex(ref) ? list[Number(ref)] : list.find((x) => x.id === ref);

/**
 * Places the issues of one workflow: pointers such as `/workflows/0/nodes/3/assignees` (indexes,
 * as validators report) or `/workflows/wf1/nodes/approve1` (ids) become the node they name; a
 * `/branches/<i>` below a branch node names the path. `/forms/<form>/workflowId` of the workflow's
 * form is kept as a workflow-level issue. Issues of other parts of the app are left out.
 */
export function placeWorkflowIssues(
  app: AppDefinition,
  workflowId: string,
  issues: readonly ValidationIssue[],
): PlacedIssue[] {
  const workflows = app.workflows ?? [];
  const wf = workflows.find((w) => w.id === workflowId);
  if (!wf) return [];
  const out: PlacedIssue[] = [];
  for (const issue of issues) {
    const segs = issue.path.split('/').slice(1).map(unescape);
    if (segs[0] === 'app') segs.shift();
    if (segs[0] === 'forms' && segs[1] !== undefined) {
      const form = byRef(app.forms, segs[1]);
      if (form?.id === wf.form && segs[2] === 'workflowId') out.push({ ...issue, rest: '' });
      continue;
    }
    if (segs[0] !== 'workflows' || segs[1] === undefined || byRef(workflows, segs[1]) !== wf) continue;
    if (segs[2] !== 'nodes' || segs[3] === undefined) {
      out.push({ ...issue, rest: segs.length > 2 ? `/${segs.slice(2).join('/')}` : '' });
      continue;
    }
    const node = byRef(wf.nodes, segs[3]);
    if (!node) {
      out.push({ ...issue, rest: `/${segs.slice(2).join('/')}` });
      continue;
    }
    if (node.type === 'branch' && segs[4] === 'branches' && segs[5] !== undefined) {
      const path = byRef(node.branches, segs[5]);
      if (path) {
        out.push({ ...issue, nodeId: node.id, pathId: path.id, rest: restOf(segs, 6) });
        continue;
      }
    }
    out.push({ ...issue, nodeId: node.id, rest: restOf(segs, 4) });
  }
  return out;
}

const restOf = (segs: string[], from: number) => (segs.length > from ? `/${segs.slice(from).join('/')}` : '');

/** Issues keyed by where the canvas shows them: `nodeId`, `nodeId/pathId`, or `''` for the workflow. */
export function issuesByTarget(placed: readonly PlacedIssue[]): Map<string, PlacedIssue[]> {
  const map = new Map<string, PlacedIssue[]>();
  for (const issue of placed) {
    const key = issue.nodeId ? (issue.pathId ? `${issue.nodeId}/${issue.pathId}` : issue.nodeId) : '';
    map.set(key, [...(map.get(key) ?? []), issue]);
  }
  return map;
}
