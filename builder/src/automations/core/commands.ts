/**
 * The automation designer's commands: pure functions from an app definition to the next one, one
 * handler per command type (a table, not a switch). The shared document store (core/document-store)
 * turns each change into undo/redo patches. The format is automation.schema.json; what it means is
 * docs/decisions/0029-automation-engine.md.
 */
import type {
  AppDefinition,
  AutomationAction,
  AutomationDefinition,
  AutomationTrigger,
  FieldMapping,
  Filter,
  FormDefinition,
  I18NText,
  ValueSource,
} from '@tangram/schema';
import { keyCandidates, triggerFormId } from './kinds';

/** At most this many actions per automation (automation.schema.json `maxItems`). */
export const MAX_ACTIONS = 20;

/** Where a field mapping list lives in an action: its `values`, or the `match` of its record selector. */
export type MappingAt = 'values' | 'match';

export type AutomationCommand =
  | { type: 'addAutomation'; name: I18NText; trigger: AutomationTrigger; action: AutomationAction }
  | { type: 'removeAutomation'; id: string }
  | { type: 'duplicateAutomation'; id: string; suffix: I18NText }
  | { type: 'renameAutomation'; id: string; name: I18NText }
  | { type: 'setTrigger'; id: string; trigger: AutomationTrigger }
  | { type: 'setCondition'; id: string; side: 'new' | 'old'; filter: Filter | null }
  | { type: 'addAction'; id: string; action: AutomationAction }
  | { type: 'removeAction'; id: string; index: number }
  | { type: 'moveAction'; id: string; index: number; to: number }
  | { type: 'setAction'; id: string; index: number; action: AutomationAction }
  | {
      type: 'setMapping';
      id: string;
      index: number;
      at: MappingAt;
      field: string;
      /** null removes the field from the list. */
      value: ValueSource | null;
    };

export type AutomationCommandType = AutomationCommand['type'];

export type AutomationCommandErrorCode =
  'unknown_automation' | 'unknown_action' | 'too_many_actions' | 'last_action' | 'no_mapping_here';

/** A command that cannot apply: the store reports it and nothing changes. */
export class AutomationCommandError extends Error {
  constructor(
    readonly code: AutomationCommandErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Handler<T extends AutomationCommandType> = (
  app: AppDefinition,
  cmd: Extract<AutomationCommand, { type: T }>,
) => AppDefinition;

const NONE: AutomationDefinition[] = [];

/** The app's automations (one shared empty list when it has none, so selectors stay stable). */
export const automationsOf = (app: AppDefinition): AutomationDefinition[] => app.automations ?? NONE;

export function findAutomation(app: AppDefinition, id: string): AutomationDefinition {
  const found = automationsOf(app).find((a) => a.id === id);
  if (!found) throw new AutomationCommandError('unknown_automation', `no automation ${id}`);
  return found;
}

/** The app with its automations replaced; an empty list drops the key. */
function withAutomations(app: AppDefinition, list: AutomationDefinition[]): AppDefinition {
  const { automations: _drop, ...rest } = app;
  return list.length ? { ...rest, automations: list } : rest;
}

function updateAutomation(
  app: AppDefinition,
  id: string,
  change: (a: AutomationDefinition) => AutomationDefinition,
): AppDefinition {
  findAutomation(app, id);
  return withAutomations(
    app,
    automationsOf(app).map((a) => (a.id === id ? change(a) : a)),
  );
}

function updateActions(
  app: AppDefinition,
  id: string,
  change: (actions: AutomationAction[]) => AutomationAction[],
): AppDefinition {
  return updateAutomation(app, id, (a) => ({ ...a, actions: change(a.actions) }));
}

function checkIndex(a: AutomationDefinition, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= a.actions.length)
    throw new AutomationCommandError('unknown_action', `automation ${a.id} has no action ${index}`);
}

/** An id no automation of the app has: `automation_<n>`. */
export function nextAutomationId(app: AppDefinition): string {
  const ids = new Set(automationsOf(app).map((a) => a.id));
  let n = ids.size + 1;
  while (ids.has(`automation_${n}`)) n++;
  return `automation_${n}`;
}

const appendText = (name: I18NText, suffix: I18NText): I18NText => {
  const out: I18NText = {};
  for (const lang of ['zh-CN', 'en'] as const) {
    const base = name[lang] ?? name[lang === 'en' ? 'zh-CN' : 'en'];
    if (base !== undefined) out[lang] = `${base}${suffix[lang] ?? ''}`;
  }
  return out;
};

/** The mapping list at `at` (an empty list where there is none yet). */
export function mappingList(action: AutomationAction, at: MappingAt): FieldMapping[] {
  if (at === 'values') return 'values' in action ? action.values : [];
  return 'records' in action && action.records.kind === 'match' ? action.records.match : [];
}

/** `list` with `field` set to `value` (kept in place), appended, or removed (null). */
export function withMapping(list: FieldMapping[], field: string, value: ValueSource | null): FieldMapping[] {
  if (value === null) return list.filter((m) => m.field !== field);
  return list.some((m) => m.field === field)
    ? list.map((m) => (m.field === field ? { field, value } : m))
    : [...list, { field, value }];
}

function setMappingIn(action: AutomationAction, at: MappingAt, field: string, value: ValueSource | null) {
  const next = withMapping(mappingList(action, at), field, value);
  if (at === 'values') {
    if (!('values' in action))
      throw new AutomationCommandError('no_mapping_here', `a ${action.type} action has no field values`);
    return { ...action, values: next } as AutomationAction;
  }
  if (!('records' in action) || action.records.kind !== 'match')
    throw new AutomationCommandError('no_mapping_here', `this ${action.type} action does not match records`);
  return { ...action, records: { kind: 'match', match: next } } as AutomationAction;
}

/**
 * A condition side set or dropped; the condition object goes when both sides are empty. An empty
 * `and` group ("no conditions") is stored as no condition at all.
 */
function withCondition(a: AutomationDefinition, side: 'new' | 'old', filter: Filter | null) {
  const empty = !filter || (filter.kind === 'and' && filter.items.length === 0);
  const { [side]: _drop, ...others } = a.condition ?? {};
  const condition = empty ? others : { ...others, [side]: filter };
  const { condition: _old, ...rest } = a;
  return Object.keys(condition).length ? { ...rest, condition } : rest;
}

const handlers: { [T in AutomationCommandType]: Handler<T> } = {
  addAutomation(app, { name, trigger, action }) {
    // A new automation is off: switching it on (after saving) makes the one who does it its owner.
    const automation: AutomationDefinition = {
      id: nextAutomationId(app),
      name,
      enabled: false,
      trigger,
      actions: [action],
    };
    return withAutomations(app, [...automationsOf(app), automation]);
  },
  removeAutomation(app, { id }) {
    findAutomation(app, id);
    return withAutomations(
      app,
      automationsOf(app).filter((a) => a.id !== id),
    );
  },
  duplicateAutomation(app, { id, suffix }) {
    const list = automationsOf(app);
    const at = list.findIndex((a) => a.id === id);
    const source = findAutomation(app, id);
    // A copy starts switched off, whatever the original does: two live copies would act twice.
    const copy: AutomationDefinition = {
      ...structuredClone(source),
      id: nextAutomationId(app),
      name: appendText(source.name, suffix),
      enabled: false,
    };
    return withAutomations(app, [...list.slice(0, at + 1), copy, ...list.slice(at + 1)]);
  },
  renameAutomation: (app, { id, name }) => updateAutomation(app, id, (a) => ({ ...a, name })),
  setTrigger: (app, { id, trigger }) =>
    updateAutomation(app, id, (a) => {
      // Conditions are written over the trigger form's fields: another form makes them meaningless.
      const sameForm = triggerFormId(a.trigger, app) === triggerFormId(trigger, app);
      const { condition: _drop, ...rest } = a;
      return sameForm ? { ...a, trigger } : { ...rest, trigger };
    }),
  setCondition: (app, { id, side, filter }) =>
    updateAutomation(app, id, (a) => withCondition(a, side, filter)),
  addAction: (app, { id, action }) =>
    updateActions(app, id, (actions) => {
      if (actions.length >= MAX_ACTIONS)
        throw new AutomationCommandError(
          'too_many_actions',
          `an automation has at most ${MAX_ACTIONS} actions`,
        );
      return [...actions, action];
    }),
  removeAction: (app, { id, index }) => {
    const a = findAutomation(app, id);
    checkIndex(a, index);
    if (a.actions.length === 1)
      throw new AutomationCommandError('last_action', 'an automation needs at least one action');
    return updateActions(app, id, (actions) => actions.filter((_, i) => i !== index));
  },
  moveAction: (app, { id, index, to }) => {
    checkIndex(findAutomation(app, id), index);
    return updateActions(app, id, (actions) => {
      const next = [...actions];
      const target = Math.max(0, Math.min(next.length - 1, to));
      const [moved] = next.splice(index, 1);
      next.splice(target, 0, moved as AutomationAction);
      return next;
    });
  },
  setAction: (app, { id, index, action }) => {
    checkIndex(findAutomation(app, id), index);
    return updateActions(app, id, (actions) => actions.map((a, i) => (i === index ? action : a)));
  },
  setMapping: (app, { id, index, at, field, value }) => {
    checkIndex(findAutomation(app, id), index);
    return updateActions(app, id, (actions) =>
      actions.map((a, i) => (i === index ? setMappingIn(a, at, field, value) : a)),
    );
  },
};

/** Applies one command; throws AutomationCommandError when what it names does not exist. */
export function applyAutomationCommand(app: AppDefinition, cmd: AutomationCommand): AppDefinition {
  const handler = handlers[cmd.type] as Handler<AutomationCommandType>;
  return handler(app, cmd as never);
}

/**
 * A record action pointed at another form: the mapping, key, per-row choice and record selector
 * were about the old form's fields, so they start over.
 */
export function retargetAction(
  action: AutomationAction,
  target: { app?: string; form: FormDefinition },
): AutomationAction {
  const where = { ...(target.app ? { app: target.app } : {}), form: target.form.id };
  switch (action.type) {
    case 'create':
      return { type: 'create', ...where, values: [] };
    case 'update':
      return {
        type: 'update',
        ...where,
        records: action.records.kind === 'trigger' ? action.records : { kind: 'match', match: [] },
        values: [],
      };
    case 'upsert':
      return { type: 'upsert', ...where, key: keyCandidates(target.form)[0]?.id ?? '', values: [] };
    case 'delete':
      return {
        type: 'delete',
        ...where,
        records: action.records.kind === 'trigger' ? action.records : { kind: 'match', match: [] },
      };
    default:
      return action;
  }
}
