import type {
  AppDefinition,
  AutomationAction,
  AutomationDefinition,
  FieldMapping,
  FormDefinition,
  ValueSource,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { filterFields } from './semantic.js';
import { isSystemFieldName, SYSTEM_FIELD_NAMES } from './system-fields.js';

/**
 * Checks the automations of an app beyond JSON Schema (decision 0029): unique ids; the trigger's
 * form, workflow, node and fields exist; a schedule has five cron fields and no condition; the
 * condition, field values and row values name fields of the trigger form; every action's mapped
 * fields exist in its target form (when the target is in this app); `forEachRow` and `rows` name
 * subforms; an upsert maps its key; "the trigger record" is only used on the trigger's form; a
 * filter selector names fields of its target; an `earlier` value names an earlier writing action.
 * Formulas are checked when they run (their error names the mapping).
 */
export function checkAutomations(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  (app.automations ?? []).forEach((automation, i) => {
    const at = pointer('', 'automations', i);
    if (seen.has(automation.id.toLowerCase()))
      issues.push({
        path: pointer(at, 'id'),
        code: 'duplicate_id',
        message: `automation id "${automation.id}" is used twice`,
      });
    seen.add(automation.id.toLowerCase());
    issues.push(...checkAutomation(app, automation, at));
  });
  return issues;
}

const formOf = (app: AppDefinition, id: string | undefined) =>
  id ? app.forms.find((f) => f.id === id) : undefined;

const hasField = (form: FormDefinition, id: string) =>
  isSystemFieldName(id) || form.fields.some((f) => f.id === id);

const subformOf = (form: FormDefinition | undefined, id: string) => {
  const field = form?.fields.find((f) => f.id === id);
  return field?.type === 'subform' ? field : undefined;
};

/** The trigger form's id, reporting unknown forms, workflows, nodes and fields of the trigger. */
function checkTrigger(
  app: AppDefinition,
  automation: AutomationDefinition,
  at: string,
  issues: ValidationIssue[],
) {
  const trigger = automation.trigger;
  const tp = pointer(at, 'trigger');
  const unknownForm = (id: string) =>
    issues.push({
      path: pointer(tp, 'form'),
      code: 'unknown_form',
      message: `trigger names unknown form "${id}"`,
    });
  switch (trigger.type) {
    case 'schedule': {
      if (trigger.cron.trim().split(/\s+/).length !== 5)
        issues.push({
          path: pointer(tp, 'cron'),
          code: 'bad_cron',
          message: 'a schedule needs five fields: minute hour day-of-month month day-of-week',
        });
      if (automation.condition)
        issues.push({
          path: pointer(at, 'condition'),
          code: 'condition_without_record',
          message: 'a scheduled automation has no trigger record to test a condition on',
        });
      return undefined;
    }
    case 'workflow': {
      const workflow = app.workflows?.find((w) => w.id === trigger.workflow);
      if (!workflow) {
        issues.push({
          path: pointer(tp, 'workflow'),
          code: 'unknown_workflow',
          message: `trigger names unknown workflow "${trigger.workflow}"`,
        });
        return undefined;
      }
      if (trigger.node && !workflow.nodes.some((n) => n.id === trigger.node))
        issues.push({
          path: pointer(tp, 'node'),
          code: 'unknown_node',
          message: `workflow "${workflow.id}" has no node "${trigger.node}"`,
        });
      if (trigger.event === 'hook' && !trigger.hook)
        issues.push({
          path: tp,
          code: 'hook_required',
          message: "a hook trigger names the automation node's hook",
        });
      return formOf(app, workflow.form);
    }
    default: {
      const form = formOf(app, trigger.form);
      if (!form) {
        unknownForm(trigger.form);
        return undefined;
      }
      const fields =
        trigger.type === 'record'
          ? (trigger.fields ?? []).map((f, k) => [f, pointer(tp, 'fields', k)] as const)
          : trigger.type === 'webhook'
            ? trigger.map.map((m, k) => [m.field, pointer(tp, 'map', k, 'field')] as const)
            : [];
      for (const [field, path] of fields)
        if (!hasField(form, field))
          issues.push({ path, code: 'unknown_field', message: `form "${form.id}" has no field "${field}"` });
      return form;
    }
  }
}

function checkAutomation(
  app: AppDefinition,
  automation: AutomationDefinition,
  at: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const triggerForm = checkTrigger(app, automation, at, issues);
  const onTrigger = (field: string, path: string) => {
    if (triggerForm && !hasField(triggerForm, field))
      issues.push({
        path,
        code: 'unknown_field',
        message: `trigger form "${triggerForm.id}" has no field "${field}"`,
      });
  };
  for (const side of ['new', 'old'] as const) {
    const filter = automation.condition?.[side];
    if (filter)
      for (const [field, path] of filterFields(filter, pointer(at, 'condition', side)))
        onTrigger(field, path);
  }
  automation.actions.forEach((action, k) => {
    checkAction(app, action, pointer(at, 'actions', k), triggerForm, onTrigger, issues);
    checkEarlierSources(automation.actions, k, pointer(at, 'actions', k), issues);
  });
  return issues;
}

/** Action types whose result names a written record that a later `earlier` source can read. */
const WRITES_A_RECORD: ReadonlySet<AutomationAction['type']> = new Set(['create', 'update', 'upsert']);

/** Every `earlier` source of action `k` must name an action before it that writes a record. */
function checkEarlierSources(
  actions: readonly AutomationAction[],
  k: number,
  at: string,
  issues: ValidationIssue[],
) {
  const visit = (source: ValueSource, path: string) => {
    if (source.kind === 'rows')
      source.values.forEach((m, i) => visit(m.value, pointer(path, 'values', i, 'value')));
    if (source.kind !== 'earlier') return;
    const earlier = actions[source.action];
    if (source.action >= k || !earlier || !WRITES_A_RECORD.has(earlier.type))
      issues.push({
        path: pointer(path, 'action'),
        code: 'invalid_earlier_action',
        message: `action ${source.action + 1} is not an earlier create, update or upsert action of this automation`,
      });
  };
  const action = actions[k]!;
  const lists: [readonly FieldMapping[], string][] = [];
  if ('values' in action) lists.push([action.values, pointer(at, 'values')]);
  if ((action.type === 'update' || action.type === 'delete') && action.records.kind === 'match')
    lists.push([action.records.match, pointer(at, 'records', 'match')]);
  for (const [list, path] of lists) list.forEach((m, i) => visit(m.value, pointer(path, i, 'value')));
  if (action.type === 'notify' && action.message) visit(action.message, pointer(at, 'message'));
}

function checkAction(
  app: AppDefinition,
  action: AutomationAction,
  at: string,
  triggerForm: FormDefinition | undefined,
  onTrigger: (field: string, path: string) => void,
  issues: ValidationIssue[],
) {
  if (action.type === 'webhook') return;
  if (action.type === 'notify') {
    (action.userFields ?? []).forEach((f, k) => onTrigger(f, pointer(at, 'userFields', k)));
    if (action.message)
      checkSource(
        action.message,
        pointer(at, 'message'),
        undefined,
        triggerForm,
        undefined,
        onTrigger,
        issues,
      );
    return;
  }
  // A form of another app is checked when the action runs (this definition cannot see it).
  const target = action.app && action.app !== app.id ? undefined : formOf(app, action.form);
  if (!target && !(action.app && action.app !== app.id))
    issues.push({
      path: pointer(at, 'form'),
      code: 'unknown_form',
      message: `action names unknown form "${action.form}"`,
    });
  const forEachRow = 'forEachRow' in action ? action.forEachRow : undefined;
  const rowForm = forEachRow ? subformOf(triggerForm, forEachRow) : undefined;
  if (forEachRow && triggerForm && !rowForm)
    issues.push({
      path: pointer(at, 'forEachRow'),
      code: 'not_a_subform',
      message: `"${forEachRow}" is not a subform of the trigger form "${triggerForm.id}"`,
    });
  const rowFields = rowForm?.type === 'subform' ? rowForm.config.fields : undefined;
  const lists: [readonly FieldMapping[], string, FieldList | undefined][] = [];
  if ('values' in action) lists.push([action.values, pointer(at, 'values'), target?.fields]);
  // A match may also name system fields (`id`: the record a relation of the trigger points to).
  if ((action.type === 'update' || action.type === 'delete') && action.records.kind === 'match')
    lists.push([
      action.records.match,
      pointer(at, 'records', 'match'),
      target ? [...target.fields, ...SYSTEM_FIELD_NAMES.map((id) => ({ id, type: 'system' }))] : undefined,
    ]);
  for (const [list, path, fields] of lists)
    checkMappings(list, path, fields, rowFields, triggerForm, onTrigger, issues);
  if ((action.type === 'update' || action.type === 'delete') && action.records.kind === 'trigger') {
    if (!triggerForm || triggerForm.id !== action.form || (action.app && action.app !== app.id))
      issues.push({
        path: pointer(at, 'records'),
        code: 'not_trigger_form',
        message: "the trigger record can only be changed by an action on the trigger's own form",
      });
  }
  if ((action.type === 'update' || action.type === 'delete') && action.records.kind === 'filter' && target)
    for (const [field, path] of filterFields(action.records.filter, pointer(at, 'records', 'filter')))
      if (!hasField(target, field))
        issues.push({ path, code: 'unknown_field', message: `the target has no field "${field}"` });
  if (action.type === 'upsert' && !action.values.some((m) => m.field === action.key))
    issues.push({
      path: pointer(at, 'key'),
      code: 'key_not_mapped',
      message: `the upsert key "${action.key}" needs a value in values`,
    });
}

type FieldList = readonly { id: string; type: string; config?: unknown }[];

function checkMappings(
  list: readonly FieldMapping[],
  at: string,
  targetFields: FieldList | undefined,
  rowFields: FieldList | undefined,
  triggerForm: FormDefinition | undefined,
  onTrigger: (field: string, path: string) => void,
  issues: ValidationIssue[],
) {
  const seen = new Set<string>();
  list.forEach((m, k) => {
    const path = pointer(at, k);
    if (seen.has(m.field))
      issues.push({
        path: pointer(path, 'field'),
        code: 'duplicate_field',
        message: `field "${m.field}" is mapped twice`,
      });
    seen.add(m.field);
    const target = targetFields?.find((f) => f.id === m.field);
    if (targetFields && !target)
      issues.push({
        path: pointer(path, 'field'),
        code: 'unknown_field',
        message: `the target has no field "${m.field}"`,
      });
    checkSource(m.value, pointer(path, 'value'), target, triggerForm, rowFields, onTrigger, issues);
  });
}

function checkSource(
  source: ValueSource,
  at: string,
  target: FieldList[number] | undefined,
  triggerForm: FormDefinition | undefined,
  rowFields: FieldList | undefined,
  onTrigger: (field: string, path: string) => void,
  issues: ValidationIssue[],
) {
  if (source.kind === 'field') onTrigger(source.field, pointer(at, 'field'));
  if (source.kind === 'row') {
    if (!rowFields)
      issues.push({
        path: at,
        code: 'row_without_rows',
        message: 'a row value needs forEachRow or a rows mapping',
      });
    else if (!rowFields.some((f) => f.id === source.field))
      issues.push({
        path: pointer(at, 'field'),
        code: 'unknown_field',
        message: `the row has no field "${source.field}"`,
      });
  }
  if (source.kind === 'rows') {
    const from = subformOf(triggerForm, source.from);
    if (triggerForm && !from)
      issues.push({
        path: pointer(at, 'from'),
        code: 'not_a_subform',
        message: `"${source.from}" is not a subform of the trigger form "${triggerForm.id}"`,
      });
    if (target && target.type !== 'subform')
      issues.push({ path: at, code: 'not_a_subform', message: 'rows can only fill a subform field' });
    const columns = target?.type === 'subform' ? (target.config as { fields: FieldList }).fields : undefined;
    const fromColumns = from?.type === 'subform' ? from.config.fields : undefined;
    checkMappings(source.values, pointer(at, 'values'), columns, fromColumns, triggerForm, onTrigger, issues);
  }
}
