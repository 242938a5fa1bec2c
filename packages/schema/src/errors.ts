/**
 * A problem found in a definition or a request, with the JSON pointer of the bad value so that
 * editors can show it next to the offending field and APIs can return it as error details.
 */
export interface ValidationIssue {
  /** JSON pointer into the validated document, e.g. `/forms/0/fields/3/config/precision`. */
  path: string;
  /** A stable machine code: the JSON Schema keyword or a semantic check's name. */
  code: string;
  /** A sentence a person can act on. */
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Appends a JSON-pointer segment, escaping `~` and `/` as RFC 6901 requires. */
export function pointer(base: string, ...segments: (string | number)[]): string {
  return segments.reduce<string>(
    (acc, s) => `${acc}/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`,
    base,
  );
}
