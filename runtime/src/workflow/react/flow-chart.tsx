import {
  CheckCircleFilled,
  ClockCircleOutlined,
  CloseCircleFilled,
  MinusCircleOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import type { WorkflowTask } from '@tangram/client';
import type { WorkflowDefinition } from '@tangram/schema';
import { Fragment, useMemo, type ReactNode } from 'react';
import { pickText } from '../../core/i18n-text';
import {
  layoutFlow,
  type FlowItem,
  type FlowNodeItem,
  type FlowProgress,
  type NodeState,
} from '../core/flow-layout';
import { nodeName } from '../core/log-format';
import { useWorkflowTexts, type WorkflowTexts } from '../texts';

const STATE_ICONS: Record<NodeState, ReactNode> = {
  done: <CheckCircleFilled />,
  current: <SyncOutlined spin />,
  rejected: <CloseCircleFilled />,
  skipped: <MinusCircleOutlined />,
  pending: <ClockCircleOutlined />,
};

/**
 * The vertical flow chart of an instance (or of a definition alone): nodes top to bottom, branches
 * and parallel paths side by side, each node coloured by its state and listing its handlers.
 */
export function FlowChart({
  definition,
  progress,
  userName,
}: {
  definition: WorkflowDefinition;
  progress: FlowProgress;
  userName(id: string): string;
}) {
  const { tx, lang } = useWorkflowTexts();
  const items = useMemo(() => layoutFlow(definition, progress), [definition, progress]);
  return (
    <div className="tg-flow" data-testid="flow-chart">
      <Sequence items={items} tx={tx} lang={lang} userName={userName} />
    </div>
  );
}

interface Ctx {
  tx: WorkflowTexts;
  lang: string;
  userName(id: string): string;
}

const linkDone = (item: FlowItem | undefined) => item?.state === 'done' || item?.state === 'current';

function Sequence({ items, ...ctx }: Ctx & { items: FlowItem[] }) {
  return (
    <>
      {items.map((item, i) => (
        <Fragment key={item.node.id}>
          {i > 0 ? <div className={`tg-flow-link${linkDone(item) ? ' tg-flow-link-done' : ''}`} /> : null}
          {item.kind === 'node' ? <Node item={item} {...ctx} /> : <Split item={item} {...ctx} />}
        </Fragment>
      ))}
    </>
  );
}

function Split({ item, ...ctx }: Ctx & { item: Extract<FlowItem, { kind: 'split' }> }) {
  const { tx, lang } = ctx;
  return (
    <div className="tg-flow-split" data-node={item.node.id}>
      <div className={`tg-flow-split-node tg-flow-${item.state}`}>{nodeName(item.node, tx, lang)}</div>
      <div className="tg-flow-link" />
      <div className="tg-flow-paths">
        {item.paths.map((path, i) => {
          const label = path.isDefault
            ? tx.defaultPath
            : path.label
              ? pickText(path.label, lang)
              : item.node.type === 'fork'
                ? `${tx.parallelPath} ${i + 1}`
                : `${tx.nodeTypes.branch} ${i + 1}`;
          return (
            <div key={i} className={`tg-flow-path tg-flow-path-${path.state}`} data-path-state={path.state}>
              <div className="tg-flow-path-label" title={label}>
                {label}
              </div>
              <div className="tg-flow-link" />
              <Sequence items={path.items} {...ctx} />
              <div className="tg-flow-path-grow" />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Node({ item, tx, lang, userName }: Ctx & { item: FlowNodeItem }) {
  const { node, state } = item;
  const round = node.type === 'start' || node.type === 'end' || node.type === 'join';
  const people = round && node.type !== 'start' ? [] : handlers(item, userName);
  const mode = 'mode' in node && node.mode && node.mode !== 'any' ? tx.modes[node.mode] : null;
  return (
    <div
      className={`tg-flow-node tg-flow-${state}${round ? ' tg-flow-round' : ''}`}
      data-testid={`flow-node-${node.id}`}
      data-state={state}
    >
      <div className="tg-flow-node-head">
        <span className="tg-flow-node-name" title={nodeName(node, tx, lang)}>
          {nodeName(node, tx, lang)}
        </span>
        {round ? null : (
          <span className="tg-flow-node-state">
            {STATE_ICONS[state]} {tx.nodeState[state]}
          </span>
        )}
      </div>
      {people.length > 0 || mode ? (
        <div className="tg-flow-node-people">
          {mode ? <span>{mode}</span> : null}
          {people}
        </div>
      ) : null}
    </div>
  );
}

/** Who handles a node: its tasks' assignees with their outcome, else the named users it is set to. */
function handlers(item: FlowNodeItem, userName: (id: string) => string): ReactNode[] {
  const tasks = item.tasks.filter((t) => t.status !== 'cancelled' || t.outcome === 'rejected');
  if (tasks.length > 0)
    return tasks.map((t) => (
      <span key={t.id} className={personClass(t)}>
        {t.outcome === 'approved' ? '✓ ' : t.outcome === 'rejected' ? '✗ ' : ''}
        {userName(t.assignee)}
      </span>
    ));
  const node = item.node;
  const assignees = 'assignees' in node ? node.assignees : 'recipients' in node ? node.recipients : [];
  return assignees
    .flatMap((a) => (a.kind === 'users' ? a.ids : []))
    .map((id) => <span key={id}>{userName(id)}</span>);
}

function personClass(t: WorkflowTask): string {
  if (t.outcome === 'approved') return 'tg-flow-person-done';
  if (t.outcome === 'rejected') return 'tg-flow-person-rejected';
  return '';
}
