import { CloseOutlined, ExclamationCircleFilled, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useDndContext, useDraggable, useDroppable } from '@dnd-kit/core';
import type { BranchNode, FormDefinition, WorkflowNode } from '@tangram/schema';
import { pickText } from '@tangram/runtime';
import { Button, Popover, Tooltip, Typography } from 'antd';
import { createContext, useContext, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowCommand } from '../core/commands';
import type { Block, FlowTree, Lane, LaneRef, Slot } from '../core/flow-tree';
import type { PlacedIssue } from '../core/issues';
import { INSERT_TYPES, type InsertType } from '../core/node-factory';
import { conditionText, type NameLookup } from '../core/summary';
import { entryFor, type NodeTypeRegistry } from '../node-types';
import type { Selection } from '../store/workflow-store';

/** What every part of the canvas needs; passed once through context instead of through each level. */
export interface CanvasContextValue {
  tree: FlowTree;
  form: FormDefinition;
  registry: NodeTypeRegistry;
  names: NameLookup;
  issues: Map<string, PlacedIssue[]>;
  selection: Selection | null;
  workflowId: string;
  select(selection: Selection | null): void;
  dispatch(cmd: WorkflowCommand): void;
  /** An old version shown as it was: no "+", no drag, no delete. */
  readOnly?: boolean;
}

const CanvasContext = createContext<CanvasContextValue | null>(null);
const useCanvas = () => {
  const ctx = useContext(CanvasContext);
  if (!ctx) throw new Error('canvas parts need <FlowCanvas>');
  return ctx;
};

/** Droppable ids of "+" slots carry the slot itself. */
export const slotId = (slot: Slot) => `slot:${JSON.stringify(slot)}`;
export const parseSlotId = (id: string): Slot | null =>
  id.startsWith('slot:') ? (JSON.parse(id.slice(5)) as Slot) : null;

const laneKey = (lane: LaneRef) => (lane.owner === null ? 'root' : `${lane.owner}-${lane.lane}`);

function IssueBadge({ issues }: { issues: PlacedIssue[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <Tooltip
      title={
        <ul className="tg-wfd-issue-tip">
          {issues.map((i) => (
            <li key={`${i.path}-${i.message}`}>{i.message}</li>
          ))}
        </ul>
      }
    >
      <span className="tg-wfd-badge" data-testid="node-issue-badge">
        <ExclamationCircleFilled /> {issues.length}
      </span>
    </Tooltip>
  );
}

/** The "+" between nodes: insert menu on click, drop target while dragging a node. */
function SlotView({ slot, ancestors }: { slot: Slot; ancestors: readonly string[] }) {
  const { t } = useTranslation('workflow');
  const { registry, dispatch, workflowId, readOnly } = useCanvas();
  const { active } = useDndContext();
  const [open, setOpen] = useState(false);
  // A block cannot be dropped inside itself.
  const disabled = readOnly || (!!active && ancestors.includes(String(active.id)));
  const { setNodeRef, isOver } = useDroppable({ id: slotId(slot), disabled });
  const insert = (block: InsertType) => {
    setOpen(false);
    dispatch({ type: 'insertBlock', workflowId, at: slot, block });
  };
  const menu = (
    <div className="tg-wfd-add-menu" data-testid="add-menu">
      {INSERT_TYPES.map((type) => {
        const entry = registry[type];
        return (
          <button
            key={type}
            type="button"
            className="tg-wfd-add-item"
            onClick={() => insert(type)}
            data-testid={`add-${type}`}
          >
            <span className="tg-wfd-add-icon" style={{ color: entry.color, background: `${entry.color}14` }}>
              {entry.icon}
            </span>
            <span className="tg-wfd-add-text">
              <span className="tg-wfd-add-name">{t(`types.${type}`)}</span>
              <span className="tg-wfd-add-hint">{t(`typeHints.${type}`)}</span>
            </span>
          </button>
        );
      })}
    </div>
  );
  if (readOnly) return <div className="tg-wfd-slot is-static" />;
  return (
    <div
      ref={setNodeRef}
      className={`tg-wfd-slot${active && !disabled ? ' is-dragging' : ''}${isOver ? ' is-over' : ''}`}
      data-testid={`slot-${laneKey(slot.lane)}-${slot.index}`}
    >
      {active && !disabled ? (
        <span className="tg-wfd-drop">{t('canvas.dropHere')}</span>
      ) : (
        <Popover
          content={menu}
          trigger="click"
          open={open}
          onOpenChange={setOpen}
          placement="right"
          arrow={false}
          destroyOnHidden
        >
          <Button
            shape="circle"
            size="small"
            type="primary"
            icon={<PlusOutlined />}
            className="tg-wfd-plus"
            aria-label={t('canvas.add')}
          />
        </Popover>
      )}
    </div>
  );
}

/** A node card: coloured title, summary line, issue badge; the whole card drags (except start/end). */
function NodeCard({ node, draggable }: { node: WorkflowNode; draggable: boolean }) {
  const { t, i18n } = useTranslation('workflow');
  const { registry, form, names, issues, selection, select, dispatch, workflowId } = useCanvas();
  const entry = entryFor(registry, node);
  const { setNodeRef, attributes, listeners, isDragging } = useDraggable({
    id: node.id,
    disabled: !draggable,
  });
  const summary = entry.summary(node, { form, names, lang: i18n.language, t });
  const own = issues.get(node.id);
  const selected = selection?.nodeId === node.id && !selection.pathId;
  const name = pickText(node.name, i18n.language) || t(`types.${node.type}`);
  return (
    <div
      ref={setNodeRef}
      className={`tg-wfd-card${selected ? ' is-selected' : ''}${own?.length ? ' has-issues' : ''}${isDragging ? ' is-dragging' : ''}`}
      style={{ '--wf-color': entry.color } as CSSProperties}
      data-testid={`node-${node.id}`}
      data-node-type={node.type}
      onClick={() => select({ nodeId: node.id })}
      {...(draggable ? { ...attributes, ...listeners, 'aria-roledescription': t('canvas.drag') } : {})}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => {
        // Enter opens the panel; Space picks the card up (dnd-kit's keyboard sensor).
        if (e.key === 'Enter') select({ nodeId: node.id });
        else listeners?.onKeyDown?.(e);
      }}
    >
      <div className="tg-wfd-card-head">
        <span className="tg-wfd-card-icon">{entry.icon}</span>
        <span className="tg-wfd-card-title">{name}</span>
        {draggable ? (
          <Tooltip title={t('canvas.remove')}>
            <button
              type="button"
              className="tg-wfd-card-remove"
              aria-label={t('canvas.remove')}
              data-testid={`remove-${node.id}`}
              onPointerDown={(e) => e.stopPropagation()}
              onClick={(e) => {
                e.stopPropagation();
                dispatch({ type: 'removeBlock', workflowId, nodeId: node.id });
              }}
            >
              <CloseOutlined />
            </button>
          </Tooltip>
        ) : null}
      </div>
      <div className="tg-wfd-card-body">
        <span className={summary.missing ? 'tg-wfd-missing' : 'tg-wfd-summary'}>{summary.text}</span>
        <RightOutlined className="tg-wfd-card-arrow" />
      </div>
      {own?.length ? <div className="tg-wfd-card-issue">{own[0]?.message}</div> : null}
      <IssueBadge issues={own} />
    </div>
  );
}

/** The pill on top of a branch or fork: its name, "add path" and delete-all. */
function BlockPill({ block }: { block: Extract<Block, { kind: 'branch' | 'fork' }> }) {
  const { t, i18n } = useTranslation('workflow');
  const { registry, issues, selection, select, dispatch, workflowId, readOnly } = useCanvas();
  const entry = entryFor(registry, block.node);
  const { setNodeRef, attributes, listeners, isDragging } = useDraggable({
    id: block.node.id,
    disabled: readOnly,
  });
  const own = issues.get(block.node.id);
  const selected = selection?.nodeId === block.node.id && !selection.pathId;
  return (
    <div
      ref={setNodeRef}
      className={`tg-wfd-pill${selected ? ' is-selected' : ''}${own?.length ? ' has-issues' : ''}${isDragging ? ' is-dragging' : ''}`}
      style={{ '--wf-color': entry.color } as CSSProperties}
      data-testid={`node-${block.node.id}`}
      data-node-type={block.node.type}
      onClick={() => select({ nodeId: block.node.id })}
      {...attributes}
      {...listeners}
      aria-roledescription={t('canvas.drag')}
    >
      <span className="tg-wfd-card-icon">{entry.icon}</span>
      <span className="tg-wfd-pill-name">
        {pickText(block.node.name, i18n.language) || t(`types.${block.node.type}`)}
      </span>
      {readOnly ? null : (
        <Button
          size="small"
          type="link"
          icon={<PlusOutlined />}
          onPointerDown={(e) => e.stopPropagation()}
          onClick={(e) => {
            e.stopPropagation();
            dispatch({ type: 'addLane', workflowId, nodeId: block.node.id });
          }}
          data-testid={`add-lane-${block.node.id}`}
        >
          {t(block.kind === 'branch' ? 'canvas.addCondition' : 'canvas.addLane')}
        </Button>
      )}
      {readOnly ? null : (
        <Tooltip title={t('canvas.removeBranch')}>
          <button
            type="button"
            className="tg-wfd-card-remove"
            aria-label={t('canvas.removeBranch')}
            data-testid={`remove-${block.node.id}`}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              dispatch({ type: 'removeBlock', workflowId, nodeId: block.node.id });
            }}
          >
            <CloseOutlined />
          </button>
        </Tooltip>
      )}
      <IssueBadge issues={own} />
    </div>
  );
}

/** The head card of a branch lane: condition name, priority and the condition in words. */
function ConditionCard({ branch, lane, position }: { branch: BranchNode; lane: Lane; position: number }) {
  const { t, i18n } = useTranslation('workflow');
  const { form, issues, selection, select, dispatch, workflowId, readOnly } = useCanvas();
  const path = lane.path;
  const key = path ? `${branch.id}/${path.id}` : '';
  const own = path ? issues.get(key) : undefined;
  const selected = path ? selection?.nodeId === branch.id && selection.pathId === path.id : false;
  const text = path ? conditionText(path.condition, form, i18n.language, t) : t('canvas.defaultHint');
  const name = path
    ? pickText(path.name, i18n.language) || t('canvas.lane', { n: position + 1 })
    : t('canvas.defaultPath');
  return (
    <div
      className={`tg-wfd-cond${path ? '' : ' is-default'}${selected ? ' is-selected' : ''}${own?.length ? ' has-issues' : ''}`}
      data-testid={`lane-${branch.id}-${path?.id ?? 'default'}`}
      role="button"
      tabIndex={0}
      onKeyDown={(e) =>
        e.key === 'Enter' && select(path ? { nodeId: branch.id, pathId: path.id } : { nodeId: branch.id })
      }
      onClick={() => select(path ? { nodeId: branch.id, pathId: path.id } : { nodeId: branch.id })}
    >
      <div className="tg-wfd-cond-head">
        <span className="tg-wfd-cond-name">{name}</span>
        {path ? (
          <span className="tg-wfd-cond-priority">{t('canvas.priority', { n: position + 1 })}</span>
        ) : null}
        {path && !readOnly ? (
          <Tooltip title={t('canvas.removeLane')}>
            <button
              type="button"
              className="tg-wfd-card-remove"
              aria-label={t('canvas.removeLane')}
              data-testid={`remove-lane-${path.id}`}
              onClick={(e) => {
                e.stopPropagation();
                dispatch({ type: 'removeLane', workflowId, nodeId: branch.id, lane: lane.key });
              }}
            >
              <CloseOutlined />
            </button>
          </Tooltip>
        ) : null}
      </div>
      <Typography.Text className={path && !text ? 'tg-wfd-missing' : 'tg-wfd-summary'} ellipsis>
        {text || t('summary.noCondition')}
      </Typography.Text>
      {own?.length ? <div className="tg-wfd-card-issue">{own[0]?.message}</div> : null}
      <IssueBadge issues={own} />
    </div>
  );
}

function ForkLaneHead({ fork, lane, count }: { fork: string; lane: Lane; count: number }) {
  const { t } = useTranslation('workflow');
  const { dispatch, workflowId, readOnly } = useCanvas();
  return (
    <div className="tg-wfd-lane-chip">
      {t('canvas.lane', { n: Number(lane.key) + 1 })}
      {count > 2 && !readOnly ? (
        <button
          type="button"
          className="tg-wfd-chip-remove"
          aria-label={t('canvas.removeLane')}
          onClick={() => dispatch({ type: 'removeLane', workflowId, nodeId: fork, lane: lane.key })}
        >
          <CloseOutlined />
        </button>
      ) : null}
    </div>
  );
}

/** A chain of blocks with a "+" before each and after the last. */
function ChainView({
  blocks,
  lane,
  ancestors,
}: {
  blocks: readonly Block[];
  lane: LaneRef;
  ancestors: readonly string[];
}) {
  return (
    <>
      <SlotView slot={{ lane, index: 0 }} ancestors={ancestors} />
      {blocks.map((block, i) => (
        <div key={block.node.id} className="tg-wfd-item">
          <BlockView block={block} ancestors={ancestors} />
          <SlotView slot={{ lane, index: i + 1 }} ancestors={ancestors} />
        </div>
      ))}
    </>
  );
}

function BlockView({ block, ancestors }: { block: Block; ancestors: readonly string[] }) {
  const { t } = useTranslation('workflow');
  const { select, readOnly } = useCanvas();
  if (block.kind === 'step') return <NodeCard node={block.node} draggable={!readOnly} />;
  const inner = [...ancestors, block.node.id];
  return (
    <div className={`tg-wfd-block tg-wfd-${block.kind}`}>
      <BlockPill block={block} />
      <div className="tg-wfd-stub" />
      <div className="tg-wfd-lanes">
        {block.lanes.map((lane, i) => (
          <div key={lane.key} className="tg-wfd-lane">
            <div className="tg-wfd-stub" />
            {block.kind === 'branch' ? (
              <ConditionCard branch={block.node} lane={lane} position={i} />
            ) : (
              <ForkLaneHead fork={block.node.id} lane={lane} count={block.lanes.length} />
            )}
            <ChainView
              blocks={lane.blocks}
              lane={{ owner: block.node.id, lane: lane.key }}
              ancestors={inner}
            />
            <div className="tg-wfd-fill" />
          </div>
        ))}
      </div>
      {block.kind === 'fork' ? (
        <>
          <div className="tg-wfd-stub" />
          <button
            type="button"
            className="tg-wfd-join"
            data-testid={`node-${block.join.id}`}
            onClick={() => select({ nodeId: block.join.id })}
          >
            {t('types.join')}
          </button>
        </>
      ) : null}
    </div>
  );
}

/** The whole flow, top to bottom: start card, chain, end. */
export function FlowCanvas(props: CanvasContextValue & { children?: ReactNode }) {
  const { t } = useTranslation('workflow');
  const { tree } = props;
  return (
    <CanvasContext.Provider value={props}>
      <div className="tg-wfd-flow" data-testid="flow-canvas">
        <NodeCard node={tree.start} draggable={false} />
        <ChainView blocks={tree.blocks} lane={{ owner: null }} ancestors={[]} />
        <button
          type="button"
          className="tg-wfd-end"
          data-testid={`node-${tree.end.id}`}
          onClick={() => props.select({ nodeId: tree.end.id })}
        >
          {t('types.end')}
        </button>
      </div>
      {props.children}
    </CanvasContext.Provider>
  );
}
