import { fieldRegistry, patternProblem } from '@tangram/fields';
import { checkFilter, checkLookups } from '@tangram/query';
import {
  pointer,
  validateAppDefinition,
  walkFields,
  type AppDefinition,
  type Assignee,
  type ValidationIssue,
} from '@tangram/schema';
import type { PermissionGroupsMode } from '../config';
import { refuseBadWebhookUrls } from '../automations/webhooks/url-check';
import type { Db } from '../db/db';
import { validationFailed } from '../http/app-error';
import { checkFormulas } from '../records/formula-fields';
import { checkDashboardQueries } from '../reports/dashboard-checks';

/**
 * Validates a submitted app definition end to end: format upgrade, JSON Schema, references,
 * then the checks that need the field registry (which types may be unique) and the formula
 * language (syntax, unknown fields, cycles). Throws 400 with every issue and its JSON path.
 */
export function checkAppDefinition(raw: unknown): AppDefinition {
  refuseBadWebhookUrls(raw); // 422 for a webhook URL that cannot be saved (decision 0037)
  const result = validateAppDefinition(raw);
  if (!result.ok) throw validationFailed(result.issues, 'The app definition is invalid.');
  const issues: ValidationIssue[] = [];
  result.value.forms.forEach((form, i) => {
    const formPath = pointer('', 'forms', i);
    for (const { field, path, parent } of walkFields(form, formPath)) {
      if (field.unique && (parent || !fieldRegistry.of(field).uniqueAllowed)) {
        issues.push({
          path: pointer(path, 'unique'),
          code: 'unique_not_allowed',
          message: `a ${field.type} field${parent ? ' inside a subform' : ''} cannot be unique`,
        });
      }
      // Patterns run on every write, in the browser too: only ones the linear-time engine takes.
      const pattern = field.type === 'text' ? field.config?.pattern : undefined;
      const patternIssue = pattern === undefined ? null : patternProblem(pattern);
      if (patternIssue) {
        issues.push({
          path: pointer(path, 'config', 'pattern'),
          code: 'invalid_pattern',
          message: `${field.label.en ?? field.label['zh-CN'] ?? field.id}: the pattern ${patternIssue}`,
        });
      }
    }
    issues.push(...checkFormulas(form, formPath));
    // Lookups: an aggregate that suits the related field, a filter valid on the related form (0031).
    issues.push(...checkLookups(form, result.value, formPath));
    // A relation's choice filter runs against its target form (picker list and server check).
    form.fields.forEach((field, f) => {
      if (field.type !== 'relation' || !field.config.filter) return;
      if (field.config.app !== undefined && field.config.app !== result.value.id) return;
      const target = result.value.forms.find((t) => t.id === field.config.form);
      if (target)
        issues.push(
          ...checkFilter(field.config.filter, target, pointer(formPath, 'fields', f, 'config', 'filter')),
        );
    });
    // Rule conditions run on every write and live in the browser: they must be valid queries.
    (form.rules?.visibility ?? []).forEach((rule, r) => {
      issues.push(...checkFilter(rule.when, form, pointer(formPath, 'rules', 'visibility', r, 'when')));
    });
  });
  issues.push(...checkDashboardQueries(result.value));
  // Workflow branch conditions run in the engine's in-memory evaluator: they must be valid queries
  // (operators per field type, value shapes), which @tangram/schema alone cannot check.
  (result.value.workflows ?? []).forEach((workflow, w) => {
    const form = result.value.forms.find((f) => f.id === workflow.form);
    workflow.nodes.forEach((node, n) => {
      if (!form || node.type !== 'branch') return;
      node.branches.forEach((branch, k) => {
        const at = pointer('', 'workflows', w, 'nodes', n, 'branches', k, 'condition');
        issues.push(...checkFilter(branch.condition, form, at));
      });
    });
  });
  if (issues.length) throw validationFailed(issues, 'The app definition is invalid.');
  return result.value;
}

/**
 * When an operator switches permission groups off (`PERMISSION_GROUPS=refused`; they are enforced
 * by default), a submitted definition whose forms carry non-empty groups is refused rather than
 * saved with a restriction the operator chose not to offer. Reads the raw body (before the format
 * upgrade), so it runs first on every save path. Throws 400 naming each form's groups.
 */
export function refuseUnenforcedGroups(raw: unknown, mode: PermissionGroupsMode): void {
  if (mode === 'enforced' || typeof raw !== 'object' || raw === null) return;
  const forms = (raw as { forms?: unknown }).forms;
  if (!Array.isArray(forms)) return;
  const issues: ValidationIssue[] = [];
  forms.forEach((form: unknown, i) => {
    const groups = (form as { permissionGroups?: unknown } | null)?.permissionGroups;
    if (!Array.isArray(groups) || groups.length === 0) return;
    issues.push({
      path: pointer('', 'forms', i, 'permissionGroups'),
      code: 'permission_groups_not_enforced',
      message:
        'permission groups are switched off on this server (PERMISSION_GROUPS=refused); remove them or ask the administrator to switch them on',
    });
  });
  if (issues.length) throw validationFailed(issues, 'The app definition is invalid.');
}

/**
 * Checks that need the org's directory: users, roles and departments named as workflow assignees
 * (handlers, cc recipients, escalation targets) must exist in the org. Throws 400 with a JSON
 * pointer per unknown id. Pure workflow checks (graph, fields) run in `validateAppDefinition`.
 */
export async function checkAppOrgReferences(db: Db, orgId: string, app: AppDefinition): Promise<void> {
  const wanted = { users: new Set<string>(), roles: new Set<string>(), departmentLeaders: new Set<string>() };
  const refs: { kind: keyof typeof wanted; id: string; path: string }[] = [];
  (app.workflows ?? []).forEach((workflow, w) => {
    workflow.nodes.forEach((node, n) => {
      const nodePath = pointer('', 'workflows', w, 'nodes', n);
      const lists: [Assignee[] | undefined, string][] = [
        ['assignees' in node ? node.assignees : undefined, pointer(nodePath, 'assignees')],
        ['recipients' in node ? node.recipients : undefined, pointer(nodePath, 'recipients')],
        [
          'timeout' in node ? node.timeout?.escalateTo : undefined,
          pointer(nodePath, 'timeout', 'escalateTo'),
        ],
      ];
      for (const [list, listPath] of lists) {
        list?.forEach((a, i) => {
          if (a.kind !== 'users' && a.kind !== 'roles' && a.kind !== 'departmentLeaders') return;
          a.ids.forEach((id, k) => {
            wanted[a.kind].add(id);
            refs.push({ kind: a.kind, id, path: pointer(listPath, i, 'ids', k) });
          });
        });
      }
    });
  });
  if (refs.length === 0) return;
  const found = async (table: string, ids: Set<string>) =>
    ids.size === 0
      ? new Set<string>()
      : new Set(
          (
            await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE org_id = $1 AND id = ANY($2)`, [
              orgId,
              [...ids],
            ])
          ).rows.map((r) => r.id),
        );
  const existing = {
    users: await found('users', wanted.users),
    roles: await found('roles', wanted.roles),
    departmentLeaders: await found('departments', wanted.departmentLeaders),
  };
  const what = { users: 'user', roles: 'role', departmentLeaders: 'department' } as const;
  const issues: ValidationIssue[] = refs
    .filter((r) => !existing[r.kind].has(r.id))
    .map((r) => ({
      path: r.path,
      code: `unknown_${what[r.kind]}`,
      message: `no ${what[r.kind]} "${r.id}" in this organisation`,
    }));
  if (issues.length) throw validationFailed(issues, 'The app definition is invalid.');
}
