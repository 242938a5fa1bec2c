import type { BranchPath, Filter, FormDefinition, I18NText, WorkflowDefinition } from '@tangram/schema';
import { DEFAULT_LANE, type Block, type StepType } from './flow-tree';

/** What the "+" menu inserts: one card, or a branch / fork block with its lanes. */
export type InsertType = StepType | 'branch' | 'fork';
export const INSERT_TYPES: readonly InsertType[] = ['approve', 'fill', 'cc', 'branch', 'fork', 'automation'];

/** Default names of new nodes, in both languages (the definition stores both). */
const NAMES: Record<InsertType | 'start' | 'end' | 'join' | 'path' | 'workflow', I18NText> = {
  start: { 'zh-CN': '发起人', en: 'Submitter' },
  approve: { 'zh-CN': '审批人', en: 'Approver' },
  fill: { 'zh-CN': '填写人', en: 'Handler' },
  cc: { 'zh-CN': '抄送人', en: 'CC' },
  automation: { 'zh-CN': '自动化', en: 'Automation' },
  branch: { 'zh-CN': '条件分支', en: 'Condition branch' },
  fork: { 'zh-CN': '并行分支', en: 'Parallel branch' },
  join: { 'zh-CN': '汇聚', en: 'Join' },
  path: { 'zh-CN': '条件', en: 'Condition' },
  end: { 'zh-CN': '结束', en: 'End' },
  workflow: { 'zh-CN': '审批流程', en: 'Approval flow' },
};

const numbered = (text: I18NText, n: number): I18NText => ({
  'zh-CN': `${text['zh-CN']}${n}`,
  en: `${text.en} ${n}`,
});

/** An id (letters/digits, starts with a letter) not in `taken`: `approve1`, `approve2`, ... */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** Every id used inside a workflow: nodes and branch paths (paths get ids from the same pool). */
export function workflowIds(wf: Pick<WorkflowDefinition, 'nodes'>): Set<string> {
  const ids = new Set<string>();
  for (const n of wf.nodes) {
    ids.add(n.id);
    if (n.type === 'branch') for (const b of n.branches) ids.add(b.id);
  }
  return ids;
}

/** A condition that holds for every record: the author narrows it in the panel. */
export const ALWAYS: Filter = { kind: 'and', items: [] };

/**
 * The block a "+" inserts. Ids are taken from `taken` (which is extended), so one call can create
 * several nodes (a fork, its join and the approvers of its lanes) without clashes.
 */
export function newBlock(type: InsertType, taken: Set<string>): Block {
  const id = (prefix: string) => {
    const fresh = freshId(prefix, taken);
    taken.add(fresh);
    return fresh;
  };
  const approve = (): Block => ({
    kind: 'step',
    node: { type: 'approve', id: id('approve'), name: NAMES.approve, assignees: [], mode: 'any', next: '' },
  });
  switch (type) {
    case 'approve':
      return approve();
    case 'fill':
      return {
        kind: 'step',
        node: { type: 'fill', id: id('fill'), name: NAMES.fill, assignees: [], mode: 'any', next: '' },
      };
    case 'cc':
      return { kind: 'step', node: { type: 'cc', id: id('cc'), name: NAMES.cc, recipients: [], next: '' } };
    case 'automation':
      return {
        kind: 'step',
        node: { type: 'automation', id: id('automation'), name: NAMES.automation, hook: '', next: '' },
      };
    case 'branch': {
      const node = { type: 'branch' as const, id: id('branch'), name: NAMES.branch };
      const paths = [1, 2].map((n) => ({
        id: id('path'),
        name: numbered(NAMES.path, n),
        condition: ALWAYS,
        next: '',
      }));
      return {
        kind: 'branch',
        node: { ...node, branches: paths, defaultNext: '' },
        lanes: [
          ...paths.map((path) => ({ key: path.id, path, blocks: [] })),
          { key: DEFAULT_LANE, blocks: [] },
        ],
      };
    }
    case 'fork': {
      const node = { type: 'fork' as const, id: id('fork'), name: NAMES.fork, next: [], join: '' };
      const join = { type: 'join' as const, id: id('join'), name: NAMES.join, next: '' };
      return {
        kind: 'fork',
        node: { ...node, join: join.id },
        join,
        lanes: [0, 1].map((i) => ({ key: String(i), blocks: [approve()] })),
      };
    }
  }
}

/** A new conditional path for a branch, named after its position. */
export function newBranchPath(taken: Set<string>, position: number): BranchPath {
  const id = freshId('path', taken);
  taken.add(id);
  return { id, name: numbered(NAMES.path, position), condition: ALWAYS, next: '' };
}

/** The flow "enable workflow" creates: start -> approve -> end, named after the form. */
export function defaultWorkflow(form: FormDefinition, taken: ReadonlySet<string>): WorkflowDefinition {
  const name: I18NText = {
    'zh-CN': `${form.name['zh-CN'] ?? form.name.en ?? ''}${NAMES.workflow['zh-CN']}`,
    en: `${form.name.en ?? form.name['zh-CN'] ?? ''} ${NAMES.workflow.en}`.trim(),
  };
  return {
    id: freshId('workflow', taken),
    name,
    form: form.id,
    nodes: [
      { type: 'start', id: 'start', name: NAMES.start, next: 'approve1' },
      { type: 'approve', id: 'approve1', name: NAMES.approve, assignees: [], mode: 'any', next: 'end' },
      { type: 'end', id: 'end', name: NAMES.end },
    ],
    settings: { allowWithdraw: true },
  };
}
