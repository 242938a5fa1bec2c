import { checkBalanceLookups } from './balance-lookup-semantic.js';
import type {
  AppDefinition,
  FieldDefinition,
  Filter,
  FormDefinition,
  LayoutNode,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { checkDashboards } from './dashboard-semantic.js';
import { checkWorkflows } from './workflow-semantic.js';
import { checkAggregates } from './aggregate-semantic.js';
import { checkAutomations } from './automation-semantic.js';
import { checkPermissions, type DirectoryContext } from './permission-semantic.js';
import { isReservedFieldId } from './system-fields.js';
import { checkPrintTemplates } from './print-semantic.js';

/** Field types that cannot sit inside a subform row. */
const NOT_IN_SUBFORM = new Set<FieldDefinition['type']>(['subform', 'lookup', 'serial']);

/**
 * Checks what JSON Schema cannot express: unique ids, references between parts of the app
 * (layout, title field, rules, relations, lookups, navigation) and option lists.
 * Assumes the definition already passed the JSON Schema. With a `directory`, the users, departments
 * and roles named by permissions are checked against it too.
 */
export function checkAppSemantics(app: AppDefinition, directory?: DirectoryContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const formsById = new Map<string, FormDefinition>();
  app.forms.forEach((form, i) => {
    const at = pointer('', 'forms', i);
    if (formsById.has(form.id.toLowerCase())) {
      issues.push({
        path: pointer(at, 'id'),
        code: 'duplicate_id',
        message: `form id "${form.id}" is used twice`,
      });
    }
    formsById.set(form.id.toLowerCase(), form);
  });
  app.forms.forEach((form, i) => issues.push(...checkForm(form, pointer('', 'forms', i), formsById)));
  app.forms.forEach((form, i) => issues.push(...checkBalanceLookups(app, form, pointer('', 'forms', i))));
  app.forms.forEach((form, i) => issues.push(...checkPrintTemplates(form, pointer('', 'forms', i))));
  (app.navigation ?? []).forEach((item, i) => {
    const links =
      item.kind === 'group'
        ? item.items.map((link, j) => [link, pointer('', 'navigation', i, 'items', j)] as const)
        : [[item, pointer('', 'navigation', i)] as const];
    for (const [link, at] of links) {
      if (link.kind === 'form' && !formsById.has(link.target.toLowerCase())) {
        issues.push({
          path: pointer(at, 'target'),
          code: 'unknown_form',
          message: `navigation points to unknown form "${link.target}"`,
        });
      }
      if (link.kind === 'dashboard' && !(app.dashboards ?? []).some((d) => d.id === link.target)) {
        issues.push({
          path: pointer(at, 'target'),
          code: 'unknown_dashboard',
          message: `navigation points to unknown dashboard "${link.target}"`,
        });
      }
      if (link.kind === 'aggregate' && !(app.aggregates ?? []).some((a) => a.id === link.target)) {
        issues.push({
          path: pointer(at, 'target'),
          code: 'unknown_aggregate',
          message: `navigation points to unknown aggregate "${link.target}"`,
        });
      }
    }
  });
  issues.push(...checkPermissions(app, directory));
  issues.push(...checkDashboards(app));
  issues.push(...checkWorkflows(app));
  issues.push(...checkAutomations(app));
  issues.push(...checkAggregates(app));
  return issues;
}

/** All fields of a form, sub-fields of subforms included, with their JSON pointers. */
export function walkFields(
  form: FormDefinition,
  formPath = '',
): { field: FieldDefinition; path: string; parent?: FieldDefinition }[] {
  const out: { field: FieldDefinition; path: string; parent?: FieldDefinition }[] = [];
  form.fields.forEach((field, i) => {
    const path = pointer(formPath, 'fields', i);
    out.push({ field, path });
    if (field.type === 'subform') {
      field.config.fields.forEach((sub, j) =>
        out.push({ field: sub, path: pointer(path, 'config', 'fields', j), parent: field }),
      );
    }
  });
  return out;
}

function checkForm(
  form: FormDefinition,
  at: string,
  formsById: Map<string, FormDefinition>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fields = walkFields(form, at);
  const topLevel = new Map(form.fields.map((f) => [f.id, f]));
  const seen = new Set<string>();
  for (const { field, path, parent } of fields) {
    const key = field.id.toLowerCase();
    if (seen.has(key)) {
      issues.push({
        path: pointer(path, 'id'),
        code: 'duplicate_id',
        message: `field id "${field.id}" is used twice in form "${form.id}" (ids are compared ignoring case)`,
      });
    }
    seen.add(key);
    if (isReservedFieldId(field.id)) {
      issues.push({
        path: pointer(path, 'id'),
        code: 'reserved_id',
        message: `field id "${field.id}" in form "${form.id}" is a reserved system name (compared ignoring case); choose another id`,
      });
    }
    // A balance lookup reads keys from its row, so it may sit in a subform (decision 0036).
    const balance = field.type === 'lookup' ? field.config.balance : undefined;
    if (parent && NOT_IN_SUBFORM.has(field.type) && !balance) {
      issues.push({
        path: pointer(path, 'type'),
        code: 'not_in_subform',
        message:
          field.type === 'lookup'
            ? 'in a subform a lookup shows an aggregate table balance (config.balance), not a linked field'
            : `a ${field.type} field cannot be placed inside a subform`,
      });
    }
    issues.push(...checkFieldReferences(field, path, form, topLevel, formsById));
  }
  if (form.titleField !== undefined && !topLevel.has(form.titleField)) {
    issues.push({
      path: pointer(at, 'titleField'),
      code: 'unknown_field',
      message: `title field "${form.titleField}" is not a field of this form`,
    });
  }
  issues.push(...checkLayout(form, at, topLevel));
  issues.push(...checkRules(form, at, topLevel));
  return issues;
}

function checkFieldReferences(
  field: FieldDefinition,
  path: string,
  form: FormDefinition,
  topLevel: Map<string, FieldDefinition>,
  formsById: Map<string, FormDefinition>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if ('config' in field && field.config && 'options' in field.config) {
    const values = new Set<string>();
    field.config.options.forEach((option, k) => {
      if (values.has(option.value)) {
        issues.push({
          path: pointer(path, 'config', 'options', k, 'value'),
          code: 'duplicate_option',
          message: `option "${option.value}" is listed twice`,
        });
      }
      values.add(option.value);
    });
  }
  if (
    field.type === 'relation' &&
    field.config.app === undefined &&
    !formsById.has(field.config.form.toLowerCase())
  ) {
    issues.push({
      path: pointer(path, 'config', 'form'),
      code: 'unknown_form',
      message: `relation points to unknown form "${field.config.form}"`,
    });
  }
  if (field.type === 'lookup' && !field.config.balance) {
    const relation = topLevel.get(field.config.relation ?? '');
    if (!relation || relation.type !== 'relation') {
      issues.push({
        path: pointer(path, 'config', 'relation'),
        code: 'unknown_field',
        message: `lookup needs a relation field of form "${form.id}"; "${field.config.relation}" is not one`,
      });
    } else if (relation.config.app === undefined) {
      const target = formsById.get(relation.config.form.toLowerCase());
      if (target && !target.fields.some((f) => f.id === field.config.field)) {
        issues.push({
          path: pointer(path, 'config', 'field'),
          code: 'unknown_field',
          message: `form "${target.id}" has no field "${field.config.field}"`,
        });
      }
    }
  }
  if (field.default?.kind === 'linkage') {
    const source = formsById.get(field.default.form.toLowerCase());
    if (!source) {
      issues.push({
        path: pointer(path, 'default', 'form'),
        code: 'unknown_form',
        message: `data linkage points to unknown form "${field.default.form}"`,
      });
    } else {
      const sourceIds = new Set(source.fields.map((f) => f.id));
      if (!sourceIds.has(field.default.take)) {
        issues.push({
          path: pointer(path, 'default', 'take'),
          code: 'unknown_field',
          message: `form "${source.id}" has no field "${field.default.take}"`,
        });
      }
      field.default.match.forEach((m, k) => {
        if (!sourceIds.has(m.source))
          issues.push({
            path: pointer(path, 'default', 'match', k, 'source'),
            code: 'unknown_field',
            message: `form "${source.id}" has no field "${m.source}"`,
          });
        if (!topLevel.has(m.target))
          issues.push({
            path: pointer(path, 'default', 'match', k, 'target'),
            code: 'unknown_field',
            message: `this form has no field "${m.target}"`,
          });
      });
    }
  }
  return issues;
}

function checkLayout(
  form: FormDefinition,
  at: string,
  topLevel: Map<string, FieldDefinition>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const placed = new Set<string>();
  const visit = (nodes: LayoutNode[], path: string): void => {
    nodes.forEach((node, i) => {
      const nodePath = pointer(path, i);
      if (node.kind === 'row') {
        let span = 0;
        node.cells.forEach((cell, j) => {
          const cellPath = pointer(nodePath, 'cells', j, 'field');
          span += cell.span ?? Math.floor(24 / node.cells.length);
          if (!topLevel.has(cell.field))
            issues.push({
              path: cellPath,
              code: 'unknown_field',
              message: `layout places unknown field "${cell.field}"`,
            });
          else if (placed.has(cell.field))
            issues.push({
              path: cellPath,
              code: 'duplicate_placement',
              message: `field "${cell.field}" is placed twice`,
            });
          placed.add(cell.field);
        });
        if (span > 24)
          issues.push({
            path: pointer(nodePath, 'cells'),
            code: 'row_too_wide',
            message: `the fields of this row span ${span} of 24 columns`,
          });
      } else if (node.kind === 'section') {
        visit(node.items, pointer(nodePath, 'items'));
      } else {
        node.tabs.forEach((tab, j) => visit(tab.items, pointer(nodePath, 'tabs', j, 'items')));
      }
    });
  };
  if (form.layout) visit(form.layout.items, pointer(at, 'layout', 'items'));
  return issues;
}

function checkRules(
  form: FormDefinition,
  at: string,
  topLevel: Map<string, FieldDefinition>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ruleIds = new Set<string>();
  const checkId = (id: string, path: string) => {
    if (ruleIds.has(id))
      issues.push({ path, code: 'duplicate_id', message: `rule id "${id}" is used twice` });
    ruleIds.add(id);
  };
  (form.rules?.visibility ?? []).forEach((rule, i) => {
    const path = pointer(at, 'rules', 'visibility', i);
    checkId(rule.id, pointer(path, 'id'));
    for (const [fieldId, fieldPath] of filterFields(rule.when, pointer(path, 'when'))) {
      if (!topLevel.has(fieldId))
        issues.push({
          path: fieldPath,
          code: 'unknown_field',
          message: `condition uses unknown field "${fieldId}"`,
        });
    }
    rule.show.forEach((fieldId, j) => {
      if (!topLevel.has(fieldId))
        issues.push({
          path: pointer(path, 'show', j),
          code: 'unknown_field',
          message: `rule shows unknown field "${fieldId}"`,
        });
    });
  });
  (form.rules?.validation ?? []).forEach((rule, i) =>
    checkId(rule.id, pointer(at, 'rules', 'validation', i, 'id')),
  );
  return issues;
}

/** The field ids a filter reads, with the pointer of each reference. */
export function filterFields(filter: Filter, path: string): [string, string][] {
  if (filter.kind === 'cmp') return [[filter.field, pointer(path, 'field')]];
  return filter.items.flatMap((item, i) => filterFields(item, pointer(path, 'items', i)));
}
