/**
 * What the designer knows per trigger type and per action type, one entry each (STYLE: one
 * registry per concept): the value a new one starts with and the form it is about. Adding a type
 * to automation.schema.json without an entry here is a type error (`satisfies`).
 */
import { fieldRegistry } from '@tangram/fields';
import type {
  AppDefinition,
  AutomationAction,
  AutomationTrigger,
  FieldDefinition,
  FormDefinition,
} from '@tangram/schema';

export type TriggerType = AutomationTrigger['type'];
export type ActionType = AutomationAction['type'];
type TriggerOf<T extends TriggerType> = Extract<AutomationTrigger, { type: T }>;

export interface TriggerKind<T extends TriggerType> {
  /** A trigger of this type for the app, or null when the app has nothing it could be about. */
  make(app: AppDefinition, formId: string | null): TriggerOf<T> | null;
  /** The form whose records the trigger is about (conditions and `field` values read it). */
  form(trigger: TriggerOf<T>, app: AppDefinition): string | null;
  /** Whether conditions can compare values before the change (an update's previous values). */
  hasOld: boolean;
}

const firstForm = (app: AppDefinition, formId: string | null) =>
  formId && app.forms.some((f) => f.id === formId) ? formId : (app.forms[0]?.id ?? null);

export const triggerKinds = {
  record: {
    make: (app, formId) => {
      const form = firstForm(app, formId);
      return form ? { type: 'record', form, events: ['created'] } : null;
    },
    form: (t) => t.form,
    hasOld: true,
  },
  workflow: {
    make: (app, formId) => {
      const workflows = app.workflows ?? [];
      const wf = workflows.find((w) => w.form === formId) ?? workflows[0];
      return wf ? { type: 'workflow', workflow: wf.id, event: 'approved' } : null;
    },
    form: (t, app) => (app.workflows ?? []).find((w) => w.id === t.workflow)?.form ?? null,
    hasOld: false,
  },
  schedule: {
    make: () => ({ type: 'schedule', cron: '0 9 * * 1' }),
    form: () => null,
    hasOld: false,
  },
  button: {
    make: (app, formId) => {
      const form = firstForm(app, formId);
      return form ? { type: 'button', form, label: { 'zh-CN': '执行', en: 'Run' }, confirm: true } : null;
    },
    form: (t) => t.form,
    hasOld: false,
  },
  webhook: {
    make: (app, formId) => {
      const form = firstForm(app, formId);
      return form ? { type: 'webhook', form, map: [] } : null;
    },
    form: (t) => t.form,
    hasOld: false,
  },
} satisfies { [T in TriggerType]: TriggerKind<T> };

export const TRIGGER_TYPES = Object.keys(triggerKinds) as TriggerType[];

export function triggerKind(type: TriggerType): TriggerKind<TriggerType> {
  const kind = triggerKinds[type] as TriggerKind<TriggerType> | undefined;
  if (!kind) throw new Error(`Unknown trigger type "${type}"`);
  return kind;
}

/** The form the trigger's record belongs to (null for a schedule). */
export const triggerFormId = (trigger: AutomationTrigger, app: AppDefinition): string | null =>
  triggerKind(trigger.type).form(trigger, app);

export interface ActionKind<T extends ActionType> {
  /** A new action of this type; record actions target `formId` (default: the first form). */
  make(app: AppDefinition, formId: string | null): Extract<AutomationAction, { type: T }> | null;
  /** Whether the action writes records of a form (and has a field mapping). */
  writes: boolean;
}

export const actionKinds = {
  create: {
    make: (app, formId) => {
      const form = firstForm(app, formId);
      return form ? { type: 'create', form, values: [] } : null;
    },
    writes: true,
  },
  update: {
    make: (app, formId) => {
      const form = firstForm(app, formId);
      return form ? { type: 'update', form, records: { kind: 'match', match: [] }, values: [] } : null;
    },
    writes: true,
  },
  upsert: {
    make: (app, formId) => {
      const form = app.forms.find((f) => f.id === firstForm(app, formId));
      const key = form ? keyCandidates(form)[0] : undefined;
      return form && key ? { type: 'upsert', form: form.id, key: key.id, values: [] } : null;
    },
    writes: true,
  },
  delete: {
    make: (app, formId) => {
      const form = firstForm(app, formId);
      return form ? { type: 'delete', form, records: { kind: 'match', match: [] } } : null;
    },
    writes: true,
  },
  notify: {
    make: () => ({ type: 'notify', title: { 'zh-CN': '通知', en: 'Notification' }, users: [] }),
    writes: false,
  },
  webhook: {
    make: () => ({ type: 'webhook', url: 'https://', method: 'POST' }),
    writes: false,
  },
} satisfies { [T in ActionType]: ActionKind<T> };

export const ACTION_TYPES = Object.keys(actionKinds) as ActionType[];

export function actionKind(type: ActionType): ActionKind<ActionType> {
  const kind = actionKinds[type] as ActionKind<ActionType> | undefined;
  if (!kind) throw new Error(`Unknown action type "${type}"`);
  return kind;
}

/** The fields of a form an action can write: the field registry's writable types (no layout, no computed). */
export const writableFields = (form: FormDefinition): FieldDefinition[] =>
  form.fields.filter((f) => fieldRegistry.of(f).writable);

/** Fields an upsert can match on: single-valued scalar fields, unique ones first. */
export function keyCandidates(form: FormDefinition): FieldDefinition[] {
  const scalar = writableFields(form).filter((f) =>
    ['text', 'number', 'money', 'phone', 'email', 'url', 'date', 'select', 'radio'].includes(f.type),
  );
  return [...scalar.filter((f) => f.unique), ...scalar.filter((f) => !f.unique)];
}

/** The subform fields of a form (forEachRow and `rows` values read them). */
export const subforms = (form: FormDefinition | undefined): FieldDefinition[] =>
  form ? form.fields.filter((f) => f.type === 'subform') : [];

/** A subform's columns. */
export const subformColumns = (field: FieldDefinition | undefined): FieldDefinition[] =>
  field && field.type === 'subform' ? (field.config.fields as FieldDefinition[]) : [];
