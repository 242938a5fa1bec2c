import type { Filter, WorkflowNode } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LANE,
  LayoutError,
  toFlowTree,
  toWorkflowNodes,
  type Block,
} from '../../src/workflow/core/flow-tree';

const approve = (id: string, next: string): WorkflowNode => ({ type: 'approve', id, assignees: [], next });
const ALWAYS: Filter = { kind: 'and', items: [] };

/** A compact picture of a tree: ids, with lanes in brackets. */
function shape(blocks: readonly Block[]): unknown[] {
  return blocks.map((b) =>
    b.kind === 'step' ? b.node.id : { [b.node.id]: b.lanes.map((l) => [l.key, ...shape(l.blocks)]) },
  );
}

describe('toFlowTree', () => {
  it('reads a straight chain', () => {
    const tree = toFlowTree({
      nodes: [
        { type: 'start', id: 's', next: 'a' },
        approve('a', 'b'),
        approve('b', 'e'),
        { type: 'end', id: 'e' },
      ],
    });
    expect(shape(tree.blocks)).toEqual(['a', 'b']);
    expect(tree.start.id).toBe('s');
    expect(tree.end.id).toBe('e');
    expect(tree.orphans).toEqual([]);
  });

  it('finds where branch paths converge, with empty paths and nested forks', () => {
    const nodes: WorkflowNode[] = [
      { type: 'start', id: 's', next: 'br' },
      {
        type: 'branch',
        id: 'br',
        branches: [
          { id: 'p1', condition: ALWAYS, next: 'big' },
          { id: 'p2', condition: ALWAYS, next: 'f' },
        ],
        defaultNext: 'after',
      },
      approve('big', 'after'),
      { type: 'fork', id: 'f', next: ['x', 'j'], join: 'j' },
      approve('x', 'j'),
      { type: 'join', id: 'j', next: 'after' },
      approve('after', 'e'),
      { type: 'end', id: 'e' },
    ];
    const tree = toFlowTree({ nodes });
    expect(shape(tree.blocks)).toEqual([
      { br: [['p1', 'big'], ['p2', { f: [['0', 'x'], ['1']] }], [DEFAULT_LANE]] },
      'after',
    ]);
  });

  it('treats paths that each end as converging at the end', () => {
    const tree = toFlowTree({
      nodes: [
        { type: 'start', id: 's', next: 'br' },
        {
          type: 'branch',
          id: 'br',
          branches: [{ id: 'p1', condition: ALWAYS, next: 'a' }],
          defaultNext: 'e2',
        },
        approve('a', 'e1'),
        { type: 'end', id: 'e1' },
        { type: 'end', id: 'e2' },
      ],
    });
    expect(shape(tree.blocks)).toEqual([{ br: [['p1', 'a'], [DEFAULT_LANE]] }]);
    expect(tree.orphans.map((n) => n.id)).toEqual(['e2']);
  });

  it('refuses graphs without a tree', () => {
    const cyclic = () =>
      toFlowTree({
        nodes: [
          { type: 'start', id: 's', next: 'a' },
          approve('a', 'b'),
          approve('b', 'a'),
          { type: 'end', id: 'e' },
        ],
      });
    expect(cyclic).toThrow(LayoutError);
    const strayJoin = () =>
      toFlowTree({
        nodes: [
          { type: 'start', id: 's', next: 'j' },
          { type: 'join', id: 'j', next: 'e' },
          { type: 'end', id: 'e' },
        ],
      });
    expect(strayJoin).toThrow(/outside its fork/);
    const missing = () =>
      toFlowTree({
        nodes: [
          { type: 'start', id: 's', next: 'nope' },
          { type: 'end', id: 'e' },
        ],
      });
    expect(missing).toThrow(/not a node/);
  });

  it('collects unreachable nodes as orphans', () => {
    const tree = toFlowTree({
      nodes: [{ type: 'start', id: 's', next: 'e' }, approve('lost', 'e'), { type: 'end', id: 'e' }],
    });
    expect(tree.orphans.map((n) => n.id)).toEqual(['lost']);
  });
});

describe('toWorkflowNodes', () => {
  it('round-trips a structured graph and derives every link', () => {
    const nodes: WorkflowNode[] = [
      { type: 'start', id: 's', next: 'br' },
      {
        type: 'branch',
        id: 'br',
        branches: [{ id: 'p1', name: { en: 'Big' }, condition: ALWAYS, next: 'big' }],
        defaultNext: 'f',
      },
      approve('big', 'after'),
      { type: 'fork', id: 'f', next: ['x', 'y'], join: 'j' },
      approve('x', 'j'),
      approve('y', 'j'),
      { type: 'join', id: 'j', next: 'after' },
      approve('after', 'e'),
      { type: 'end', id: 'e' },
    ];
    const written = toWorkflowNodes(toFlowTree({ nodes }));
    expect(written).toEqual(nodes);
    expect(toFlowTree({ nodes: written })).toEqual(toFlowTree({ nodes }));
  });

  it('links empty lanes to where the block continues', () => {
    const nodes: WorkflowNode[] = [
      { type: 'start', id: 's', next: 'br' },
      { type: 'branch', id: 'br', branches: [{ id: 'p1', condition: ALWAYS, next: 'e' }], defaultNext: 'e' },
      { type: 'end', id: 'e' },
    ];
    const written = toWorkflowNodes(toFlowTree({ nodes }));
    expect(written).toEqual(nodes);
  });
});
