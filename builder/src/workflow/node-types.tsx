import {
  AuditOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  EditOutlined,
  ForkOutlined,
  MergeOutlined,
  SendOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { FormDefinition, WorkflowNode } from '@tangram/schema';
import type { ComponentType, ReactNode } from 'react';
import { assigneesText, type NameLookup } from './core/summary';
import {
  AutomationPanel,
  BranchPanel,
  CcPanel,
  EndPanel,
  ForkPanel,
  HandlerPanel,
  JoinPanel,
  StartPanel,
  type PanelProps,
} from './panel/node-panels';

type NodeType = WorkflowNode['type'];
type NodeOf<K extends NodeType> = Extract<WorkflowNode, { type: K }>;
type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface SummaryContext {
  form: FormDefinition;
  names: NameLookup;
  lang: string;
  t: Translate;
}

/** What a card says under its title; `missing` marks a step the author still has to set up. */
export interface Summary {
  text: string;
  missing?: boolean;
}

/** Everything the designer needs per node type: the card's look, its summary line and its panel. */
export interface NodeTypeEntry<N extends WorkflowNode> {
  /** Header colour of the card. */
  color: string;
  icon: ReactNode;
  summary(node: N, ctx: SummaryContext): Summary;
  Panel: ComponentType<PanelProps<N>>;
}

export type NodeTypeRegistry = { [K in NodeType]: NodeTypeEntry<NodeOf<K>> };

const people = (
  list: Parameters<typeof assigneesText>[0],
  missingKey: string,
  ctx: SummaryContext,
  mode?: string,
): Summary => {
  const text = assigneesText(list, ctx.names, ctx.form, ctx.lang, ctx.t);
  if (!text) return { text: ctx.t(missingKey), missing: true };
  // "Or / all must sign" matters only when more than one person may be asked.
  const filled = (list ?? []).filter((a) => !('ids' in a) || a.ids.length > 0);
  const several = filled.length > 1 || filled.some((a) => 'ids' in a && a.ids.length > 1);
  return { text: several && mode ? `${text} · ${ctx.t(`modeShort.${mode}`)}` : text };
};

/**
 * The node-type registry (STYLE: one registry per concept). Completeness is checked by the type:
 * a new node type in the schema fails to compile until it has a card and a panel here.
 */
export function createNodeTypes(): NodeTypeRegistry {
  return {
    start: {
      color: '#576a95',
      icon: <UserOutlined />,
      summary: (_node, ctx) => ({ text: ctx.t('summary.submitter') }),
      Panel: StartPanel,
    },
    approve: {
      color: '#f08c00',
      icon: <AuditOutlined />,
      summary: (node, ctx) => people(node.assignees, 'summary.noAssignee', ctx, node.mode ?? 'any'),
      Panel: HandlerPanel,
    },
    fill: {
      color: '#1c7ed6',
      icon: <EditOutlined />,
      summary: (node, ctx) => people(node.assignees, 'summary.noHandler', ctx, node.mode ?? 'any'),
      Panel: HandlerPanel,
    },
    cc: {
      color: '#3b5bdb',
      icon: <SendOutlined />,
      summary: (node, ctx) => people(node.recipients, 'summary.noRecipient', ctx),
      Panel: CcPanel,
    },
    automation: {
      color: '#7048e8',
      icon: <ThunderboltOutlined />,
      summary: (node, ctx) =>
        node.hook
          ? { text: ctx.t('summary.hook', { hook: node.hook }) }
          : { text: ctx.t('summary.noHook'), missing: true },
      Panel: AutomationPanel,
    },
    branch: {
      color: '#2f9e44',
      icon: <BranchesOutlined />,
      summary: (node, ctx) => ({ text: ctx.t('summary.conditionCount', { count: node.branches.length }) }),
      Panel: BranchPanel,
    },
    fork: {
      color: '#0c8599',
      icon: <ForkOutlined />,
      summary: () => ({ text: '' }),
      Panel: ForkPanel,
    },
    join: {
      color: '#0c8599',
      icon: <MergeOutlined />,
      summary: () => ({ text: '' }),
      Panel: JoinPanel,
    },
    end: {
      color: '#868e96',
      icon: <CheckCircleOutlined />,
      summary: () => ({ text: '' }),
      Panel: EndPanel,
    },
  };
}

/** Looks an entry up with the node's own type, so callers need no casts. */
export function entryFor<N extends WorkflowNode>(registry: NodeTypeRegistry, node: N): NodeTypeEntry<N> {
  return registry[node.type] as unknown as NodeTypeEntry<N>;
}
