import { fieldRegistry } from '@tangram/fields';
import type {
  AppDefinition,
  FieldBase,
  FieldDefinition,
  FieldType,
  Filter,
  FormDefinition,
  I18NText,
  LayoutRow,
  SubformField,
  ValidationRule,
  VisibilityRule,
} from '@tangram/schema';
import {
  GRID,
  locateInTree,
  resetSpans,
  rowsIn,
  rowsOf,
  treeInsert,
  treeOf,
  treeWithout,
  treeWithRow,
  withTree,
  type Placement,
  type TreeItem,
} from './layout';

/** A new section or tab group (empty; fields are dropped into it). */
export type NewContainer =
  | { kind: 'section'; id: string; title: I18NText; collapsed?: boolean }
  | { kind: 'tabs'; id: string; tabs: Array<{ id: string; title: I18NText }> };

export type ContainerPatch = {
  title?: I18NText;
  collapsed?: boolean | undefined;
  /** A tab group's panes: kept ids keep their rows; rows of dropped panes move to the last pane. */
  tabs?: Array<{ id: string; title: I18NText }>;
};

/** Changes to the common properties of a field; `undefined` removes a property. */
export type FieldPatch = { [K in Exclude<keyof FieldBase, 'id'>]?: FieldBase[K] | undefined } & {
  config?: unknown;
};

export type FormPatch = {
  name?: I18NText;
  description?: I18NText | undefined;
  titleField?: string | undefined;
  /** Only `false` is stored: the Related tab is shown by default (decision 0060). */
  showRelated?: false | undefined;
};

export type RuleRef =
  { kind: 'visibility'; rule: VisibilityRule } | { kind: 'validation'; rule: ValidationRule };

/** Every change the designer can make to the definition. Each is applied purely by `applyCommand`. */
export type Command =
  | { type: 'addField'; formId: string; field: FieldDefinition; at: Placement }
  | { type: 'moveField'; formId: string; fieldId: string; to: Placement }
  | { type: 'updateField'; formId: string; fieldId: string; patch: FieldPatch }
  | { type: 'changeFieldType'; formId: string; fieldId: string; fieldType: FieldType }
  | { type: 'removeField'; formId: string; fieldId: string }
  | { type: 'duplicateField'; formId: string; fieldId: string; newId: string }
  | { type: 'setLayoutRow'; formId: string; row: number; spans: number[] }
  | { type: 'addContainer'; formId: string; container: NewContainer; index: number }
  | { type: 'updateContainer'; formId: string; containerId: string; patch: ContainerPatch }
  | { type: 'removeContainer'; formId: string; containerId: string }
  /**
   * Moves a section or tab group, with its fields, to before top-level item `index` (counted
   * before the move, as drop targets see the canvas; `index` = length moves it to the end).
   */
  | { type: 'moveContainer'; formId: string; containerId: string; index: number }
  | { type: 'addSubformColumn'; formId: string; subformId: string; field: FieldDefinition; index?: number }
  | { type: 'updateForm'; formId: string; patch: FormPatch }
  | { type: 'addRule'; formId: string; rule: RuleRef }
  | { type: 'updateRule'; formId: string; rule: RuleRef }
  | { type: 'removeRule'; formId: string; kind: RuleRef['kind']; ruleId: string }
  | { type: 'replaceApp'; app: AppDefinition };

export type CommandType = Command['type'];

/** A command that cannot apply (unknown field, full row...); the document is left as it was. */
export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Types a subform column may not have (nested tables, links and layout). A lookup may: in a row it
 * shows an aggregate table's balance (decision 0036).
 */
export const NOT_IN_SUBFORM: ReadonlySet<FieldType> = new Set<FieldType>([
  'subform',
  'relation',
  'description',
  'divider',
]);

/** A new field of `type` with the registry's default configuration. */
export function newField(type: FieldType, id: string): FieldDefinition {
  const spec = fieldRegistry.spec(type);
  return { id, type, label: { ...spec.label }, config: spec.defaultConfig() } as FieldDefinition;
}

/** Every field id used in a form, subform columns included. */
export function fieldIds(form: FormDefinition): Set<string> {
  const ids = new Set<string>();
  for (const f of form.fields) {
    ids.add(f.id);
    if (f.type === 'subform') for (const c of f.config.fields) ids.add(c.id);
  }
  return ids;
}

/** Ids of a layout's sections, tab groups and tab panes. */
export function containerIds(tree: readonly TreeItem[]): Set<string> {
  const ids = new Set<string>();
  for (const item of tree) {
    if (item.kind === 'row') continue;
    ids.add(item.id);
    if (item.kind === 'tabs') for (const t of item.tabs) ids.add(t.id);
  }
  return ids;
}

/** A readable id not used in the form yet: `number_1`, `number_2`... */
export function nextFieldId(
  form: FormDefinition,
  type: FieldType,
  taken: ReadonlySet<string> = new Set(),
): string {
  const ids = fieldIds(form);
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`;
    if (!ids.has(id) && !taken.has(id)) return id;
  }
}

export interface FoundField {
  field: FieldDefinition;
  /** The subform holding the field as a column, when it is one. */
  subform?: SubformField;
}

export function findField(form: FormDefinition, fieldId: string): FoundField | null {
  for (const f of form.fields) {
    if (f.id === fieldId) return { field: f };
    if (f.type === 'subform') {
      const col = f.config.fields.find((c) => c.id === fieldId);
      if (col) return { field: col, subform: f };
    }
  }
  return null;
}

function formOf(app: AppDefinition, formId: string): FormDefinition {
  const form = app.forms.find((f) => f.id === formId);
  if (!form) throw new CommandError('unknown_form', `form "${formId}" does not exist`);
  return form;
}

function withForm(app: AppDefinition, form: FormDefinition): AppDefinition {
  return { ...app, forms: app.forms.map((f) => (f.id === form.id ? form : f)) };
}

/** Replaces a field wherever it is (top level or subform column). */
function mapField(
  form: FormDefinition,
  fieldId: string,
  fn: (f: FieldDefinition) => FieldDefinition,
): FormDefinition {
  return {
    ...form,
    fields: form.fields.map((f) => {
      if (f.id === fieldId) return fn(f);
      if (f.type === 'subform' && f.config.fields.some((c) => c.id === fieldId)) {
        return {
          ...f,
          config: { ...f.config, fields: f.config.fields.map((c) => (c.id === fieldId ? fn(c) : c)) },
        };
      }
      return f;
    }),
  };
}

/** Takes a field out of the form (keeping the layout in step); returns the form and the field. */
function detach(form: FormDefinition, fieldId: string): { form: FormDefinition; field: FieldDefinition } {
  const found = findField(form, fieldId);
  if (!found) throw new CommandError('unknown_field', `field "${fieldId}" does not exist`);
  if (found.subform) {
    const sub = found.subform;
    const next = mapField(form, sub.id, () => ({
      ...sub,
      config: { ...sub.config, fields: sub.config.fields.filter((c) => c.id !== fieldId) },
    }));
    return { form: next, field: found.field };
  }
  const tree = treeWithout(treeOf(form), fieldId);
  const next = withTree({ ...form, fields: form.fields.filter((f) => f.id !== fieldId) }, tree);
  return { form: next, field: found.field };
}

/** Puts a field into the form at a placement. */
function attach(form: FormDefinition, field: FieldDefinition, at: Placement): FormDefinition {
  if (at.kind === 'column') {
    const found = findField(form, at.subformId);
    if (!found || found.field.type !== 'subform' || found.subform) {
      throw new CommandError('unknown_field', `subform "${at.subformId}" does not exist`);
    }
    if (NOT_IN_SUBFORM.has(field.type)) {
      throw new CommandError('not_in_subform', `a ${field.type} field cannot be a subform column`);
    }
    const sub = found.field;
    const cols = [...sub.config.fields];
    cols.splice(Math.max(0, Math.min(at.index, cols.length)), 0, {
      ...field,
      unique: undefined,
    } as FieldDefinition);
    const clean = cols.map((c) => stripUndefined(c));
    return mapField(form, sub.id, () => ({ ...sub, config: { ...sub.config, fields: clean } }));
  }
  let tree: TreeItem[];
  try {
    tree = treeInsert(treeOf(form), field.id, at);
  } catch (e) {
    const full = (e as { code?: string }).code === 'row_full';
    throw new CommandError(full ? 'row_full' : 'unknown_container', (e as Error).message);
  }
  return withTree({ ...form, fields: [...form.fields, field] }, tree);
}

function stripUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function cloneWithIds(field: FieldDefinition, form: FormDefinition, id: string): FieldDefinition {
  const copy = structuredClone(field);
  copy.id = id;
  if (copy.type === 'subform') {
    const taken = new Set<string>([id]);
    copy.config.fields = copy.config.fields.map((c) => {
      const cid = nextFieldId(form, c.type, taken);
      taken.add(cid);
      return { ...c, id: cid };
    });
  }
  return copy;
}

/** A filter without the conditions that read `fieldId` (undefined when nothing is left). */
export function filterWithout(filter: Filter, fieldId: string): Filter | undefined {
  if (filter.kind === 'cmp') return filter.field === fieldId ? undefined : filter;
  const items = filter.items
    .map((f) => filterWithout(f, fieldId))
    .filter((f): f is Filter => f !== undefined);
  if (items.length === 0) return filter.items.length === 0 ? filter : undefined;
  return items.length === filter.items.length && items.every((f, i) => f === filter.items[i])
    ? filter
    : { ...filter, items };
}

/**
 * Rules without a removed field: it leaves every `show`, and conditions that read it are dropped
 * (a rule with no condition left goes, so its fields are no longer ruled: they show, as an empty
 * condition would have them).
 */
function removeFromRules(form: FormDefinition, fieldId: string): FormDefinition {
  const visibility = form.rules?.visibility
    ?.map((r) => ({ ...r, show: r.show.filter((s) => s !== fieldId), when: filterWithout(r.when, fieldId) }))
    .filter((r): r is VisibilityRule => r.show.length > 0 && r.when !== undefined);
  const rules = form.rules ? stripUndefined({ ...form.rules, visibility }) : undefined;
  return stripUndefined({
    ...form,
    rules,
    titleField: form.titleField === fieldId ? undefined : form.titleField,
  });
}

/** Relation filters (in any form of the app) over `formId` lose the conditions on a removed field. */
function relationFiltersWithout(app: AppDefinition, formId: string, fieldId: string): AppDefinition {
  const forms = app.forms.map((f) => {
    let changed = false;
    const fields = f.fields.map((field) => {
      if (field.type !== 'relation' || field.config.app !== undefined || field.config.form !== formId)
        return field;
      if (!field.config.filter) return field;
      const filter = filterWithout(field.config.filter, fieldId);
      if (filter === field.config.filter) return field;
      changed = true;
      return { ...field, config: stripUndefined({ ...field.config, filter }) };
    });
    return changed ? { ...f, fields } : f;
  });
  return forms.some((f, i) => f !== app.forms[i]) ? { ...app, forms } : app;
}

function changeType(field: FieldDefinition, type: FieldType): FieldDefinition {
  const spec = fieldRegistry.spec(type);
  const { id, label, description, placeholder, required, readOnly, hidden } = field;
  const unique = field.unique && spec.uniqueAllowed ? true : undefined;
  return stripUndefined({
    id,
    type,
    label,
    description,
    placeholder,
    required,
    unique,
    readOnly,
    hidden,
    config: spec.defaultConfig(),
  }) as FieldDefinition;
}

function rulesWith(
  form: FormDefinition,
  ref: RuleRef,
  fn: <R extends { id: string }>(list: R[], rule: R) => R[],
) {
  const rules = form.rules ?? {};
  if (ref.kind === 'visibility')
    return { ...form, rules: { ...rules, visibility: fn(rules.visibility ?? [], ref.rule) } };
  return { ...form, rules: { ...rules, validation: fn(rules.validation ?? [], ref.rule) } };
}

/** Applies a command purely: returns the next definition or throws a CommandError. */
export function applyCommand(app: AppDefinition, cmd: Command): AppDefinition {
  if (cmd.type === 'replaceApp') return cmd.app;
  const form = formOf(app, cmd.formId);
  switch (cmd.type) {
    case 'addField': {
      if (fieldIds(form).has(cmd.field.id))
        throw new CommandError('duplicate_id', `id "${cmd.field.id}" is taken`);
      return withForm(app, attach(form, cmd.field, cmd.at));
    }
    case 'addSubformColumn': {
      if (fieldIds(form).has(cmd.field.id))
        throw new CommandError('duplicate_id', `id "${cmd.field.id}" is taken`);
      const sub = findField(form, cmd.subformId);
      const index = cmd.index ?? (sub?.field.type === 'subform' ? sub.field.config.fields.length : 0);
      return withForm(app, attach(form, cmd.field, { kind: 'column', subformId: cmd.subformId, index }));
    }
    case 'moveField': {
      if (cmd.to.kind === 'beside' && cmd.to.fieldId === cmd.fieldId) return app;
      if (cmd.to.kind === 'column' && cmd.to.subformId === cmd.fieldId) {
        throw new CommandError('not_in_subform', 'a subform cannot go into itself');
      }
      let to = cmd.to;
      // A move inside one subform: the index counts positions before the field was taken out.
      const found = findField(form, cmd.fieldId);
      if (to.kind === 'column' && found?.subform?.id === to.subformId) {
        const from = found.subform.config.fields.findIndex((c) => c.id === cmd.fieldId);
        if (from < to.index) to = { ...to, index: to.index - 1 };
      }
      if (to.kind === 'row' && found && !found.subform) {
        const tree = treeOf(form);
        const where = locateInTree(tree, cmd.fieldId);
        const list = where ? (where.slot === undefined ? tree : rowsIn(tree, where.slot)) : [];
        const alone = where && (list[where.index] as LayoutRow).cells.length === 1;
        if (where && alone && where.slot === to.slot && where.index < to.index)
          to = { ...to, index: to.index - 1 };
      }
      const { form: without, field } = detach(form, cmd.fieldId);
      return withForm(app, attach(without, field, to));
    }
    case 'updateField': {
      if (!findField(form, cmd.fieldId))
        throw new CommandError('unknown_field', `field "${cmd.fieldId}" does not exist`);
      return withForm(
        app,
        mapField(form, cmd.fieldId, (f) => stripUndefined({ ...f, ...cmd.patch }) as FieldDefinition),
      );
    }
    case 'changeFieldType': {
      const found = findField(form, cmd.fieldId);
      if (!found) throw new CommandError('unknown_field', `field "${cmd.fieldId}" does not exist`);
      if (found.subform && NOT_IN_SUBFORM.has(cmd.fieldType)) {
        throw new CommandError('not_in_subform', `a ${cmd.fieldType} field cannot be a subform column`);
      }
      return withForm(
        app,
        mapField(form, cmd.fieldId, (f) => changeType(f, cmd.fieldType)),
      );
    }
    case 'removeField': {
      const { form: without } = detach(form, cmd.fieldId);
      return relationFiltersWithout(
        withForm(app, removeFromRules(without, cmd.fieldId)),
        form.id,
        cmd.fieldId,
      );
    }
    case 'duplicateField': {
      const found = findField(form, cmd.fieldId);
      if (!found) throw new CommandError('unknown_field', `field "${cmd.fieldId}" does not exist`);
      if (fieldIds(form).has(cmd.newId)) throw new CommandError('duplicate_id', `id "${cmd.newId}" is taken`);
      const copy = cloneWithIds(found.field, form, cmd.newId);
      if (found.subform) {
        const cols = found.subform.config.fields;
        const index = cols.findIndex((c) => c.id === cmd.fieldId) + 1;
        return withForm(app, attach(form, copy, { kind: 'column', subformId: found.subform.id, index }));
      }
      const tree = treeOf(form);
      const where = locateInTree(tree, cmd.fieldId);
      const list = where ? (where.slot === undefined ? tree : rowsIn(tree, where.slot)) : tree;
      const full = where ? (list[where.index] as LayoutRow).cells.length >= 4 : true;
      const at: Placement = full
        ? { kind: 'row', index: (where?.index ?? tree.length - 1) + 1, slot: where?.slot }
        : { kind: 'beside', fieldId: cmd.fieldId, side: 'after' };
      return withForm(app, attach(form, copy, at));
    }
    case 'setLayoutRow': {
      const rows = rowsOf(form);
      const row = rows[cmd.row];
      if (!row) throw new CommandError('unknown_row', `row ${cmd.row} does not exist`);
      if (cmd.spans.length !== row.cells.length || cmd.spans.some((s) => !Number.isInteger(s) || s < 1)) {
        throw new CommandError('bad_spans', 'give one whole span of at least 1 per cell');
      }
      if (cmd.spans.reduce((a, b) => a + b, 0) > GRID) {
        throw new CommandError('bad_spans', `spans add up to more than ${GRID}`);
      }
      const next: LayoutRow = {
        kind: 'row',
        cells: row.cells.map((c, i) => ({ field: c.field, span: cmd.spans[i] })),
      };
      const equal = cmd.spans.every((s) => s === Math.floor(GRID / row.cells.length));
      return withForm(
        app,
        withTree(form, treeWithRow(treeOf(form), cmd.row, equal ? resetSpans(next) : next)),
      );
    }
    case 'addContainer': {
      const tree = treeOf(form);
      const c = cmd.container;
      const ids = [c.id, ...(c.kind === 'tabs' ? c.tabs.map((t) => t.id) : [])];
      const taken = new Set([...fieldIds(form), ...containerIds(tree)]);
      if (ids.some((id) => taken.has(id)) || new Set(ids).size !== ids.length)
        throw new CommandError('duplicate_id', `id "${c.id}" is taken`);
      if (c.kind === 'tabs' && c.tabs.length === 0)
        throw new CommandError('no_tabs', 'a tab group needs at least one tab');
      const item: TreeItem =
        c.kind === 'section'
          ? stripUndefined({ ...c, items: [] })
          : { ...c, tabs: c.tabs.map((t) => ({ ...t, items: [] })) };
      const index = Math.max(0, Math.min(cmd.index, tree.length));
      return withForm(app, withTree(form, [...tree.slice(0, index), item, ...tree.slice(index)]));
    }
    case 'updateContainer': {
      const tree = treeOf(form);
      const at = tree.findIndex((i) => i.kind !== 'row' && i.id === cmd.containerId);
      const item = tree[at];
      if (!item || item.kind === 'row')
        throw new CommandError('unknown_container', `no section or tabs "${cmd.containerId}"`);
      const { tabs, ...rest } = cmd.patch;
      let next: TreeItem;
      if (item.kind === 'section') next = stripUndefined({ ...item, ...rest });
      else {
        if (tabs && tabs.length === 0)
          throw new CommandError('no_tabs', 'a tab group needs at least one tab');
        const panes = tabs
          ? tabs.map((t) => ({ ...t, items: item.tabs.find((o) => o.id === t.id)?.items ?? [] }))
          : item.tabs;
        const kept = new Set(panes.map((p) => p.id));
        const orphans = item.tabs.filter((t) => !kept.has(t.id)).flatMap((t) => t.items);
        const last = panes[panes.length - 1] as (typeof panes)[number];
        last.items = [...last.items, ...orphans];
        next = { ...item, tabs: panes };
      }
      return withForm(
        app,
        withTree(
          form,
          tree.map((i, n) => (n === at ? next : i)),
        ),
      );
    }
    case 'removeContainer': {
      // The container goes; its fields stay, as top-level rows where it was.
      const tree = treeOf(form);
      const at = tree.findIndex((i) => i.kind !== 'row' && i.id === cmd.containerId);
      const item = tree[at];
      if (!item || item.kind === 'row')
        throw new CommandError('unknown_container', `no section or tabs "${cmd.containerId}"`);
      const rows = item.kind === 'section' ? item.items : item.tabs.flatMap((t) => t.items);
      return withForm(app, withTree(form, [...tree.slice(0, at), ...rows, ...tree.slice(at + 1)]));
    }
    case 'moveContainer': {
      const tree = treeOf(form);
      const from = tree.findIndex((i) => i.kind !== 'row' && i.id === cmd.containerId);
      if (from < 0) throw new CommandError('unknown_container', `no section or tabs "${cmd.containerId}"`);
      if (!Number.isInteger(cmd.index) || cmd.index < 0 || cmd.index > tree.length)
        throw new CommandError('bad_index', `index must be a whole number from 0 to ${tree.length}`);
      const to = cmd.index > from ? cmd.index - 1 : cmd.index;
      if (to === from) return app;
      const next = [...tree];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item as TreeItem);
      // withTree also reorders `fields`, so the reading order follows the container.
      return withForm(app, withTree(form, next));
    }
    case 'updateForm':
      return withForm(app, stripUndefined({ ...form, ...cmd.patch }));
    case 'addRule': {
      const list = cmd.rule.kind === 'visibility' ? form.rules?.visibility : form.rules?.validation;
      if (list?.some((r) => r.id === cmd.rule.rule.id))
        throw new CommandError('duplicate_id', `rule "${cmd.rule.rule.id}" exists`);
      return withForm(
        app,
        rulesWith(form, cmd.rule, (l, r) => [...l, r]),
      );
    }
    case 'updateRule':
      return withForm(
        app,
        rulesWith(form, cmd.rule, (l, r) => l.map((x) => (x.id === r.id ? r : x))),
      );
    case 'removeRule': {
      const rules = form.rules ?? {};
      const key = cmd.kind;
      const list = (rules[key] ?? []) as { id: string }[];
      return withForm(app, { ...form, rules: { ...rules, [key]: list.filter((r) => r.id !== cmd.ruleId) } });
    }
  }
}
