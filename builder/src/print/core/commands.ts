/**
 * The print template designer's commands (decision 0045): pure functions of the app definition,
 * applied by the shared document store (undo/redo, dirty, save). The format is
 * packages/schema/schemas/print.schema.json; the server checks field references again on save.
 */
import type { AppDefinition, FormDefinition, PrintTemplate } from '@tangram/schema';

export type PrintCommand =
  | { type: 'addTemplate'; formId: string; template: PrintTemplate }
  | { type: 'removeTemplate'; formId: string; templateId: string }
  | { type: 'setTemplate'; formId: string; template: PrintTemplate };

export class PrintCommandError extends Error {
  constructor(readonly code: 'unknown_form' | 'unknown_template' | 'duplicate_id' | 'too_many') {
    super(code);
  }
}

/** The schema's bound on templates per form. */
export const MAX_TEMPLATES = 20;

const withForm = (app: AppDefinition, formId: string, f: (form: FormDefinition) => FormDefinition) => {
  if (!app.forms.some((form) => form.id === formId)) throw new PrintCommandError('unknown_form');
  return { ...app, forms: app.forms.map((form) => (form.id === formId ? f(form) : form)) };
};

const withTemplates = (form: FormDefinition, templates: PrintTemplate[]): FormDefinition => {
  const { printTemplates: _, ...rest } = form;
  return templates.length ? { ...rest, printTemplates: templates } : rest;
};

export function applyPrintCommand(app: AppDefinition, cmd: PrintCommand): AppDefinition {
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

/** A free template id: `print1`, `print2`, … */
export function nextTemplateId(form: FormDefinition): string {
  const taken = new Set((form.printTemplates ?? []).map((t) => t.id));
  let n = 1;
  while (taken.has(`print${n}`)) n += 1;
  return `print${n}`;
}

const NO_VALUE = new Set(['description', 'divider']);

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
