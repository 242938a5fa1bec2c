/**
 * Which automations an outbox event fires (pure: no I/O). One entry per trigger type of the
 * definition format; the engine asks `triggerRegistry` instead of switching on types.
 *
 * Outbox topics the engine reads (payload fields in brackets):
 * - `record.created|updated|deleted` [appId, formId, recordId, record, before?, fields?, chain?]
 *   written by the write pipeline for every channel; a create nobody listens to writes one
 *   event for its records, [appId, formId, recordIds, version] (decision 0066);
 * - `workflow.node_reached|finished|hook` [appId, formId, recordId, workflowId, nodeId?, status?,
 *   hook?] written by workflow effects;
 * - `automation.schedule|button|webhook` [appId, automationId, ...] written by the schedule
 *   ticker, the button route and the incoming webhook endpoint (lane C) for one automation.
 */
import type { AppDefinition, AutomationDefinition, AutomationTrigger } from '@tangram/schema';

export interface OutboxEvent {
  id: string;
  orgId: string;
  topic: string;
  payload: Record<string, unknown>;
}

type TriggerOf<T extends AutomationTrigger['type']> = Extract<AutomationTrigger, { type: T }>;

interface TriggerEntry<T extends AutomationTrigger> {
  /** Does `event` fire `automation` (whose trigger is `trigger`)? */
  fires(trigger: T, event: OutboxEvent, automation: AutomationDefinition): boolean;
  /** The form whose records the trigger is about (conditions and `field` values read it), or null. */
  form(trigger: T, app: AppDefinition): string | null;
  /**
   * The `topic|formId` keys of record and workflow events this trigger may fire on (a superset is
   * fine: `fires` decides). Events addressed to one automation (`automation.*`) are never skipped,
   * so addressed triggers list nothing.
   */
  listens(trigger: T, app: AppDefinition): string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const RECORD_TOPICS: Record<string, 'created' | 'updated' | 'deleted'> = {
  'record.created': 'created',
  'record.updated': 'updated',
  'record.deleted': 'deleted',
};

/**
 * A create's event written while no enabled automation listened (decision 0066): it names the
 * records and their version, not what they hold, and fires nothing, not even an automation
 * switched on before it was processed. (Events from before records were in payloads have neither.)
 */
const writtenUnheard = (payload: Record<string, unknown>) => !('record' in payload) && 'version' in payload;

const WORKFLOW_TOPICS = ['workflow.node_reached', 'workflow.hook', 'workflow.finished'];

/** An event addressed to one automation by id (schedule tick, button press, incoming webhook). */
const addressed = (topic: string) => (event: OutboxEvent, automation: AutomationDefinition) =>
  event.topic === topic && event.payload.automationId === automation.id;

function workflowFires(trigger: TriggerOf<'workflow'>, event: OutboxEvent): boolean {
  const p = event.payload;
  if (p.workflowId !== trigger.workflow) return false;
  switch (event.topic) {
    case 'workflow.node_reached':
      return trigger.event === 'node_reached' && (!trigger.node || trigger.node === p.nodeId);
    case 'workflow.hook':
      return trigger.event === 'hook' && (!trigger.hook || trigger.hook === p.hook);
    case 'workflow.finished':
      return (
        trigger.event === 'finished' ||
        (trigger.event === 'approved' && p.status === 'approved') ||
        (trigger.event === 'rejected' && p.status === 'rejected')
      );
    default:
      return false;
  }
}

export const triggerRegistry: { [T in AutomationTrigger['type']]: TriggerEntry<TriggerOf<T>> } = {
  record: {
    fires(trigger, event) {
      const kind = RECORD_TOPICS[event.topic];
      if (!kind || event.payload.formId !== trigger.form || !trigger.events.includes(kind)) return false;
      if (writtenUnheard(event.payload)) return false;
      if (kind !== 'updated' || !trigger.fields?.length) return true;
      const changed = Array.isArray(event.payload.fields) ? (event.payload.fields as unknown[]) : [];
      return trigger.fields.some((f) => changed.includes(f));
    },
    form: (trigger) => trigger.form,
    listens: (trigger) => trigger.events.map((e) => `record.${e}|${trigger.form}`),
  },
  workflow: {
    fires: (trigger, event) => workflowFires(trigger, event),
    form: (trigger, app) => app.workflows?.find((w) => w.id === trigger.workflow)?.form ?? null,
    listens(trigger, app) {
      const form = app.workflows?.find((w) => w.id === trigger.workflow)?.form;
      return form ? WORKFLOW_TOPICS.map((t) => `${t}|${form}`) : [];
    },
  },
  schedule: {
    fires: (_t, event, automation) => addressed('automation.schedule')(event, automation),
    form: () => null,
    listens: () => [],
  },
  button: {
    fires: (_t, event, automation) => addressed('automation.button')(event, automation),
    form: (trigger) => trigger.form,
    listens: () => [],
  },
  webhook: {
    fires: (_t, event, automation) => addressed('automation.webhook')(event, automation),
    form: (trigger) => trigger.form,
    listens: () => [],
  },
};

const entryOf = (trigger: AutomationTrigger) =>
  triggerRegistry[trigger.type] as TriggerEntry<AutomationTrigger>;

/** The automations of an app that `event` fires, in definition order. */
export function firedAutomations(
  automations: readonly AutomationDefinition[],
  event: OutboxEvent,
): AutomationDefinition[] {
  const appId = str(event.payload.appId);
  if (!appId) return [];
  return automations.filter((a) => entryOf(a.trigger).fires(a.trigger, event, a));
}

/** The form whose records the automation's trigger is about, or null (a schedule has none). */
export const triggerForm = (trigger: AutomationTrigger, app: AppDefinition): string | null =>
  entryOf(trigger).form(trigger, app);

/**
 * The `topic|formId` keys of events that some of `automations` may fire on: events of the app
 * outside this set (and not addressed to one automation) do nothing and are skipped in bulk.
 */
export function listenedKeys(automations: readonly AutomationDefinition[], app: AppDefinition): string[] {
  return [...new Set(automations.flatMap((a) => entryOf(a.trigger).listens(a.trigger, app)))].sort();
}
