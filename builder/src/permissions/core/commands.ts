/**
 * The permission designer's commands: pure functions from an app definition to the next one, one
 * handler per command type (a table, not a switch). The store turns each change into undo/redo
 * patches; the definition format is packages/schema/schemas/permission.schema.json and what it
 * means is docs/decisions/0022-grant-model.md.
 */
import type {
  AppAccess,
  AppDefinition,
  Audience,
  FieldSelection,
  FormDefinition,
  I18NText,
  PermissionAction,
  PermissionGroup,
  RowScope,
} from '@tangram/schema';
import { maskableFields } from './fields';

/** How a group treats one field: hidden, visible (read only) or editable (implies visible). */
export type FieldLevel = 'hidden' | 'visible' | 'editable';

export type PermissionCommand =
  | { type: 'addGroup'; formId: string; name: I18NText }
  | { type: 'renameGroup'; formId: string; groupId: string; name: I18NText }
  | { type: 'duplicateGroup'; formId: string; groupId: string; suffix: I18NText }
  | { type: 'removeGroup'; formId: string; groupId: string }
  | { type: 'moveGroup'; formId: string; groupId: string; to: number }
  | { type: 'setMembers'; formId: string; groupId: string; members: Audience[] }
  | { type: 'setAction'; formId: string; groupId: string; action: PermissionAction; on: boolean }
  | { type: 'setScope'; formId: string; groupId: string; scope: RowScope }
  | { type: 'setFieldLevel'; formId: string; groupId: string; fieldId: string; level: FieldLevel }
  | { type: 'setAllFields'; formId: string; groupId: string; level: FieldLevel }
  | { type: 'setAccess'; access: AppAccess };

export type PermissionCommandType = PermissionCommand['type'];

/** A command that cannot apply (an unknown form or group): the store reports it, nothing changes. */
export class PermissionCommandError extends Error {
  constructor(
    readonly code: 'unknown_form' | 'unknown_group',
    message: string,
  ) {
    super(message);
  }
}

type Handler<T extends PermissionCommandType> = (
  app: AppDefinition,
  cmd: Extract<PermissionCommand, { type: T }>,
) => AppDefinition;

const formOf = (app: AppDefinition, formId: string): FormDefinition => {
  const form = app.forms.find((f) => f.id === formId);
  if (!form) throw new PermissionCommandError('unknown_form', `no form ${formId}`);
  return form;
};

const NO_GROUPS: PermissionGroup[] = [];

/** The form's groups (one shared empty list when it has none, so selectors stay stable). */
export const groupsOf = (form: FormDefinition): PermissionGroup[] => form.permissionGroups ?? NO_GROUPS;

/** The app with form `formId`'s groups replaced; an empty list is dropped (no groups = app default). */
function withGroups(app: AppDefinition, formId: string, groups: PermissionGroup[]): AppDefinition {
  return {
    ...app,
    forms: app.forms.map((f) => {
      if (f.id !== formId) return f;
      const { permissionGroups: _drop, ...rest } = f;
      return groups.length ? { ...rest, permissionGroups: groups } : rest;
    }),
  };
}

function updateGroup(
  app: AppDefinition,
  formId: string,
  groupId: string,
  change: (g: PermissionGroup, form: FormDefinition) => PermissionGroup,
): AppDefinition {
  const form = formOf(app, formId);
  const groups = groupsOf(form);
  if (!groups.some((g) => g.id === groupId))
    throw new PermissionCommandError('unknown_group', `no group ${groupId} on form ${formId}`);
  return withGroups(
    app,
    formId,
    groups.map((g) => (g.id === groupId ? change(g, form) : g)),
  );
}

/** An id no group of the form has: `group_<n>`. */
export function nextGroupId(form: FormDefinition): string {
  const ids = new Set(groupsOf(form).map((g) => g.id));
  let n = ids.size + 1;
  while (ids.has(`group_${n}`)) n++;
  return `group_${n}`;
}

const appendText = (name: I18NText, suffix: I18NText): I18NText => {
  const out: I18NText = {};
  for (const lang of ['zh-CN', 'en'] as const) {
    const base = name[lang] ?? name[lang === 'en' ? 'zh-CN' : 'en'];
    if (base !== undefined) out[lang] = `${base}${suffix[lang] ?? ''}`;
  }
  return out;
};

// --- fields -------------------------------------------------------------------------------------

/** The ids a selection names, against the form's maskable fields ("all" = every one of them). */
export function selectedIds(selection: FieldSelection | undefined, form: FormDefinition): Set<string> {
  const all = maskableFields(form).map((f) => f.id);
  if (selection === undefined || selection === 'all') return new Set(all);
  return new Set(selection.filter((id) => all.includes(id)));
}

/** The level of one field in a group (no `fields` = every field editable). */
export function fieldLevel(group: PermissionGroup, form: FormDefinition, fieldId: string): FieldLevel {
  if (selectedIds(group.fields?.editable, form).has(fieldId)) return 'editable';
  return selectedIds(group.fields?.visible, form).has(fieldId) ? 'visible' : 'hidden';
}

/**
 * Writes visible/editable sets back: every field selected is stored as "all" (so fields added
 * later are included, the designer's natural reading of "all ticked"), and all/all drops `fields`.
 * Editable always stays within visible.
 */
function withFieldSets(
  group: PermissionGroup,
  form: FormDefinition,
  visible: Set<string>,
  editable: Set<string>,
): PermissionGroup {
  const all = maskableFields(form).map((f) => f.id);
  for (const id of editable) visible.add(id);
  const asSelection = (set: Set<string>): FieldSelection =>
    all.every((id) => set.has(id)) ? 'all' : all.filter((id) => set.has(id));
  const next = { visible: asSelection(visible), editable: asSelection(editable) };
  const { fields: _drop, ...rest } = group;
  return next.visible === 'all' && next.editable === 'all' ? rest : { ...rest, fields: next };
}

function setLevel(group: PermissionGroup, form: FormDefinition, ids: string[], level: FieldLevel) {
  const visible = selectedIds(group.fields?.visible, form);
  const editable = selectedIds(group.fields?.editable, form);
  for (const id of ids) {
    if (level === 'hidden') visible.delete(id);
    else visible.add(id);
    if (level === 'editable') editable.add(id);
    else editable.delete(id);
  }
  return withFieldSets(group, form, visible, editable);
}

// --- the handler table --------------------------------------------------------------------------

const handlers: { [T in PermissionCommandType]: Handler<T> } = {
  addGroup(app, { formId, name }) {
    const form = formOf(app, formId);
    const group: PermissionGroup = {
      id: nextGroupId(form),
      name,
      members: [],
      actions: ['view'],
      scope: { kind: 'all' },
    };
    return withGroups(app, formId, [...groupsOf(form), group]);
  },
  renameGroup: (app, { formId, groupId, name }) => updateGroup(app, formId, groupId, (g) => ({ ...g, name })),
  duplicateGroup(app, { formId, groupId, suffix }) {
    const form = formOf(app, formId);
    const groups = groupsOf(form);
    const at = groups.findIndex((g) => g.id === groupId);
    const source = groups[at];
    if (!source) throw new PermissionCommandError('unknown_group', `no group ${groupId} on form ${formId}`);
    const copy: PermissionGroup = {
      ...structuredClone(source),
      id: nextGroupId(form),
      name: appendText(source.name, suffix),
    };
    return withGroups(app, formId, [...groups.slice(0, at + 1), copy, ...groups.slice(at + 1)]);
  },
  removeGroup(app, { formId, groupId }) {
    const form = formOf(app, formId);
    return withGroups(
      app,
      formId,
      groupsOf(form).filter((g) => g.id !== groupId),
    );
  },
  moveGroup(app, { formId, groupId, to }) {
    const groups = [...groupsOf(formOf(app, formId))];
    const from = groups.findIndex((g) => g.id === groupId);
    if (from < 0) throw new PermissionCommandError('unknown_group', `no group ${groupId} on form ${formId}`);
    const target = Math.max(0, Math.min(groups.length - 1, to));
    const [group] = groups.splice(from, 1);
    groups.splice(target, 0, group as PermissionGroup);
    return withGroups(app, formId, groups);
  },
  setMembers: (app, { formId, groupId, members }) =>
    updateGroup(app, formId, groupId, (g) => ({ ...g, members })),
  setAction: (app, { formId, groupId, action, on }) =>
    updateGroup(app, formId, groupId, (g) => ({
      ...g,
      // Only what the designer ticked is stored; implications are computed (withImplied).
      actions: on ? [...new Set([...g.actions, action])] : g.actions.filter((a) => a !== action),
    })),
  setScope: (app, { formId, groupId, scope }) => updateGroup(app, formId, groupId, (g) => ({ ...g, scope })),
  setFieldLevel: (app, { formId, groupId, fieldId, level }) =>
    updateGroup(app, formId, groupId, (g, form) => setLevel(g, form, [fieldId], level)),
  setAllFields: (app, { formId, groupId, level }) =>
    updateGroup(app, formId, groupId, (g, form) =>
      setLevel(
        g,
        form,
        maskableFields(form).map((f) => f.id),
        level,
      ),
    ),
  setAccess: (app, { access }) => ({ ...app, access }),
};

/** Applies one command; throws PermissionCommandError when its form or group does not exist. */
export function applyPermissionCommand(app: AppDefinition, cmd: PermissionCommand): AppDefinition {
  const handler = handlers[cmd.type] as Handler<PermissionCommandType>;
  return handler(app, cmd as never);
}
