/**
 * The print template designer's commands (decision 0045): pure functions of the app definition,
 * applied by the shared document store (undo/redo, dirty, save). The format is
 * packages/schema/schemas/print.schema.json; the server checks field references again on save.
 */
import type { AppDefinition, FormDefinition, PrintTemplate } from '@tangram/schema';

type Block = PrintTemplate['body'][number];

/**
 * Where on the page a field goes (decision 0061): a new block at `index` of the body (0 = before
 * the first block, `body.length` = after the last), or into the fields row at body index `block`,
 * before its field at `position` (its length = at the end).
 */
export type BodySpot = { kind: 'gap'; index: number } | { kind: 'into'; block: number; position: number };

export type PrintCommand =
  | { type: 'addTemplate'; formId: string; template: PrintTemplate }
  | { type: 'removeTemplate'; formId: string; templateId: string }
  | { type: 'setTemplate'; formId: string; template: PrintTemplate }
  /** A field of the form not yet on the page: a new row (a table for a subform) or into a row. */
  | { type: 'placeField'; formId: string; templateId: string; fieldId: string; at: BodySpot }
  /** A field already in a row: to another row, another place in its row, or a row of its own. */
  | { type: 'moveField'; formId: string; templateId: string; fieldId: string; at: BodySpot }
  /** The block at `from` to the gap `to` (as in BodySpot: 0 to body.length). */
  | { type: 'moveBlock'; formId: string; templateId: string; from: number; to: number };

export type PrintCommandCode =
  | 'unknown_form'
  | 'unknown_template'
  | 'duplicate_id'
  | 'too_many'
  | 'unknown_field'
  /** Description and divider fields have nothing to print (the schema's `no_value`). */
  | 'no_value'
  /** A subform prints as a table of its own, never as a cell of a row. */
  | 'subform_in_row'
  | 'already_placed'
  | 'not_placed'
  | 'row_full'
  /** The target block is a table or text, not a row of fields. */
  | 'not_a_row'
  | 'unknown_block'
  | 'too_many_blocks';

export class PrintCommandError extends Error {
  constructor(readonly code: PrintCommandCode) {
    super(code);
  }
}

/** The schema's bound on templates per form. */
export const MAX_TEMPLATES = 20;
/** Layout-only field types: nothing to print. */
const NO_VALUE = new Set(['description', 'divider']);

/** The schema's bounds on a template's body and on a row. */
export const MAX_BLOCKS = 200;
export const MAX_PER_ROW = 4;

const withForm = (app: AppDefinition, formId: string, f: (form: FormDefinition) => FormDefinition) => {
  if (!app.forms.some((form) => form.id === formId)) throw new PrintCommandError('unknown_form');
  return { ...app, forms: app.forms.map((form) => (form.id === formId ? f(form) : form)) };
};

const withTemplates = (form: FormDefinition, templates: PrintTemplate[]): FormDefinition => {
  const { printTemplates: _, ...rest } = form;
  return templates.length ? { ...rest, printTemplates: templates } : rest;
};

export function applyPrintCommand(app: AppDefinition, cmd: PrintCommand): AppDefinition {
  if (cmd.type === 'placeField' || cmd.type === 'moveField' || cmd.type === 'moveBlock') {
    const form = app.forms.find((f) => f.id === cmd.formId);
    if (!form) throw new PrintCommandError('unknown_form');
    const template = form.printTemplates?.find((t) => t.id === cmd.templateId);
    if (!template) throw new PrintCommandError('unknown_template');
    const body = editBody(form, template.body, cmd);
    // Nothing moved (a block dropped where it was): no undo step.
    if (body === template.body) return app;
    return applyPrintCommand(app, { type: 'setTemplate', formId: form.id, template: { ...template, body } });
  }
  return withForm(app, cmd.formId, (form) => {
    const templates = form.printTemplates ?? [];
    switch (cmd.type) {
      case 'addTemplate':
        if (templates.length >= MAX_TEMPLATES) throw new PrintCommandError('too_many');
        if (templates.some((t) => t.id === cmd.template.id)) throw new PrintCommandError('duplicate_id');
        return withTemplates(form, [...templates, cmd.template]);
      case 'removeTemplate':
        if (!templates.some((t) => t.id === cmd.templateId)) throw new PrintCommandError('unknown_template');
        return withTemplates(
          form,
          templates.filter((t) => t.id !== cmd.templateId),
        );
      case 'setTemplate':
        if (!templates.some((t) => t.id === cmd.template.id)) throw new PrintCommandError('unknown_template');
        return withTemplates(
          form,
          templates.map((t) => (t.id === cmd.template.id ? cmd.template : t)),
        );
    }
  });
}

/** Whether `fieldId` is on the page already: in a row, or as a table. */
export function isPlaced(body: readonly Block[], fieldId: string): boolean {
  return body.some((b) =>
    b.kind === 'fields' ? b.fields.includes(fieldId) : b.kind === 'subform' && b.field === fieldId,
  );
}

/** The body after a drag-and-drop command; the same array when nothing changes. */
function editBody(
  form: FormDefinition,
  body: Block[],
  cmd: Extract<PrintCommand, { type: 'placeField' | 'moveField' | 'moveBlock' }>,
): Block[] {
  if (cmd.type === 'moveBlock') {
    const { from, to } = cmd;
    if (!Number.isInteger(from) || from < 0 || from >= body.length)
      throw new PrintCommandError('unknown_block');
    if (!Number.isInteger(to) || to < 0 || to > body.length) throw new PrintCommandError('unknown_block');
    if (to === from || to === from + 1) return body;
    const next = [...body];
    const [moved] = next.splice(from, 1);
    next.splice(to > from ? to - 1 : to, 0, moved!);
    return next;
  }
  const field = form.fields.find((f) => f.id === cmd.fieldId);
  if (!field) throw new PrintCommandError('unknown_field');
  if (NO_VALUE.has(field.type)) throw new PrintCommandError('no_value');
  if (field.type === 'subform' && cmd.at.kind === 'into') throw new PrintCommandError('subform_in_row');
  let next = body;
  let at = cmd.at;
  if (cmd.type === 'placeField') {
    if (isPlaced(body, cmd.fieldId)) throw new PrintCommandError('already_placed');
  } else {
    const from = body.findIndex((b) => b.kind === 'fields' && b.fields.includes(cmd.fieldId));
    if (from < 0) throw new PrintCommandError('not_placed');
    const row = body[from] as Extract<Block, { kind: 'fields' }>;
    const index = row.fields.indexOf(cmd.fieldId);
    if (at.kind === 'into' && at.block === from) {
      // Within its own row: a new position, counted in the row as it is now.
      checkRow(body, at);
      const position = at.position > index ? at.position - 1 : at.position;
      if (position === index) return body;
      const fields = row.fields.filter((id) => id !== cmd.fieldId);
      fields.splice(position, 0, cmd.fieldId);
      return body.map((b, i) => (i === from ? { ...row, fields } : b));
    }
    if (at.kind === 'gap' && row.fields.length === 1 && (at.index === from || at.index === from + 1))
      return body; // already a row of its own, right there
    if (at.kind === 'into') checkRow(body, at, true);
    // Take it out of its row (a row left empty goes), then count the target in the shorter body.
    const rest = row.fields.filter((id) => id !== cmd.fieldId);
    next = rest.length
      ? body.map((b, i) => (i === from ? { ...row, fields: rest } : b))
      : body.filter((_, i) => i !== from);
    if (!rest.length)
      at =
        at.kind === 'gap'
          ? { ...at, index: at.index > from ? at.index - 1 : at.index }
          : { ...at, block: at.block > from ? at.block - 1 : at.block };
  }
  if (at.kind === 'gap') {
    if (!Number.isInteger(at.index) || at.index < 0 || at.index > next.length)
      throw new PrintCommandError('unknown_block');
    if (next.length >= MAX_BLOCKS) throw new PrintCommandError('too_many_blocks');
    const block: Block =
      field.type === 'subform'
        ? { kind: 'subform', field: field.id }
        : { kind: 'fields', fields: [field.id] };
    return [...next.slice(0, at.index), block, ...next.slice(at.index)];
  }
  const row = checkRow(next, at, true);
  const fields = [...row.fields];
  fields.splice(Math.min(Math.max(0, at.position), fields.length), 0, field.id);
  return next.map((b, i) => (i === at.block ? { ...row, fields } : b));
}

/** The fields row `at` names; refuses a table or text block, and a full row when `adding`. */
function checkRow(body: readonly Block[], at: Extract<BodySpot, { kind: 'into' }>, adding = false) {
  const row = body[at.block];
  if (!row) throw new PrintCommandError('unknown_block');
  if (row.kind !== 'fields') throw new PrintCommandError('not_a_row');
  if (adding && row.fields.length >= MAX_PER_ROW) throw new PrintCommandError('row_full');
  return row;
}

/** A free template id: `print1`, `print2`, … */
export function nextTemplateId(form: FormDefinition): string {
  const taken = new Set((form.printTemplates ?? []).map((t) => t.id));
  let n = 1;
  while (taken.has(`print${n}`)) n += 1;
  return `print${n}`;
}

/** A new template from the form: two fields a row, subforms as tables, page numbers on. */
export function starterTemplate(
  form: FormDefinition,
  id: string,
  name: PrintTemplate['name'],
): PrintTemplate {
  const body: PrintTemplate['body'] = [];
  let row: string[] = [];
  const flush = () => {
    if (row.length) body.push({ kind: 'fields', fields: row });
    row = [];
  };
  for (const field of form.fields) {
    if (NO_VALUE.has(field.type)) continue;
    if (field.type === 'subform') {
      flush();
      body.push({ kind: 'subform', field: field.id });
      continue;
    }
    row.push(field.id);
    if (row.length === 2) flush();
  }
  flush();
  return {
    id,
    name,
    page: { size: 'A4', orientation: 'portrait' },
    header: { companyName: true, logo: { kind: 'appIcon' } },
    footer: { pageNumbers: true },
    body: body.slice(0, 200),
  };
}
