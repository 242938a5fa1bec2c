import { Ajv, type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { validationFailed, type ErrorDetail } from './app-error';

// One Ajv instance for route bodies. allErrors: report every bad field at once, so a form can
// mark them all. Schemas should set `additionalProperties: false`: unknown fields are rejected.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** A JSON schema for a body type (Ajv's typed schema, or a plain schema object with `unknown` data). */
export type BodySchema<T> = JSONSchemaType<T> | (Record<string, unknown> & { __type?: T });

/**
 * Validates `value` against `schema` (compiled once per schema object) and returns it typed, or
 * throws 400 `validation_failed` with one `{ path, code, message }` per problem.
 */
export function validate<T>(schema: BodySchema<T>, value: unknown): T {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  if (fn(value)) return value as T;
  throw validationFailed((fn.errors ?? []).map(toDetail));
}

function toDetail(e: ErrorObject): ErrorDetail {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path: `${e.instancePath}/${params.missingProperty}`, code: 'required', message: 'is required' };
  }
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      path: `${e.instancePath}/${params.additionalProperty}`,
      code: 'unknown_field',
      message: 'is not an allowed field',
    };
  }
  return { path: e.instancePath || '/', code: e.keyword, message: e.message ?? 'is invalid' };
}

/** Largest value of a PostgreSQL `integer` column (versions, counters). */
export const INT32_MAX = 2_147_483_647;

/** Body schema of a version number (an `integer` column): 1..2^31-1, so 2**31 is a 400, not a 500. */
export const versionNumberSchema = { type: 'integer', minimum: 1, maximum: INT32_MAX } as const;
