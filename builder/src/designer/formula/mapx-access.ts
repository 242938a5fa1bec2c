import { parse, type AstNode } from '@tangram/formula';
import type { AppDefinition, FormDefinition } from '@tangram/schema';

/** A MAPX call that reads fields some permission groups of its target form hide. */
export interface MapxAccessWarning {
  form: FormDefinition;
  /** Field ids the formula reads there that at least one group hides. */
  fields: string[];
}

function mapxReads(node: AstNode, out: Map<string, Set<string>>): void {
  switch (node.kind) {
    case 'call':
      if (node.name.toUpperCase() === 'MAPX') {
        for (const arg of node.args.slice(2, 4)) {
          if (arg.kind !== 'field' || arg.column === undefined) continue;
          const fields = out.get(arg.id) ?? new Set<string>();
          fields.add(arg.column);
          out.set(arg.id, fields);
        }
      }
      node.args.forEach((a) => mapxReads(a, out));
      return;
    case 'unary':
      mapxReads(node.operand, out);
      return;
    case 'binary':
      mapxReads(node.left, out);
      mapxReads(node.right, out);
      return;
    default:
      return;
  }
}

/**
 * MAPX reads its target form as the system (decision 0027): every live record and field,
 * whatever the permission groups of that form say, and its result is stored in a field that
 * readers of this form see. So the designer warns when a formula's MAPX reads (match or return
 * field) a field that some group of the target form hides: members of that group will see values
 * derived from it here. Pure: no warning for formulas that do not parse or do not use MAPX.
 */
export function mapxAccessWarnings(app: AppDefinition, formula: string): MapxAccessWarning[] {
  if (!/\bMAPX\s*\(/i.test(formula)) return [];
  const { ast } = parse(formula);
  if (!ast) return [];
  const reads = new Map<string, Set<string>>();
  mapxReads(ast, reads);
  const out: MapxAccessWarning[] = [];
  for (const [formId, fieldIds] of reads) {
    const form = app.forms.find((f) => f.id === formId);
    if (!form?.permissionGroups?.length) continue;
    const hidden = [...fieldIds].filter((id) =>
      form.permissionGroups!.some((g) => {
        const visible = g.fields?.visible;
        return visible !== undefined && visible !== 'all' && !visible.includes(id);
      }),
    );
    if (hidden.length) out.push({ form, fields: hidden });
  }
  return out;
}
