import type { AjvError } from './generated/validators.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';

/** Turns Ajv's raw errors into issues a person can read, one per problem. */
export function issuesFromAjv(
  errors: readonly AjvError[] | null | undefined,
  basePath = '',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // oneOf/anyOf summaries repeat what their branches already said.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const issue = describe(error, basePath);
    const key = `${issue.path}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function describe(error: AjvError, basePath: string): ValidationIssue {
  const path = basePath + error.instancePath;
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return {
        path: pointer(path, String(p.missingProperty)),
        code: 'required',
        message: `${String(p.missingProperty)} is required`,
      };
    case 'additionalProperties':
      return {
        path: pointer(path, String(p.additionalProperty)),
        code: 'unknown_property',
        message: `unknown property "${String(p.additionalProperty)}"`,
      };
    case 'unevaluatedProperties':
      return {
        path: pointer(path, String(p.unevaluatedProperty)),
        code: 'unknown_property',
        message: `unknown property "${String(p.unevaluatedProperty)}"`,
      };
    case 'discriminator':
      return {
        path: pointer(path, String(p.tag)),
        code: 'unknown_kind',
        message:
          p.error === 'mapping'
            ? `unknown ${String(p.tag)} "${String(p.tagValue)}"`
            : `${String(p.tag)} is required and must be a string`,
      };
    case 'enum':
      return {
        path,
        code: 'enum',
        message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { path, code: 'const', message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'not':
      return { path, code: 'reserved', message: 'this value is reserved' };
    default:
      return { path, code: error.keyword, message: error.message ?? 'is invalid' };
  }
}
