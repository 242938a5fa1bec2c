import { fieldRegistry, isEmptyValue, type CheckContext } from '@tangram/fields';
import type { QueryContext } from '@tangram/query';
import type { FormDefinition } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createFormModel, type FormModel } from './form-model';
import { recompute, recomputeAll, type ComputeEnv } from './formulas';
import {
  errorKey,
  fieldOfKey,
  FINISHED_VALUE_CODES,
  submitData,
  validateValues,
  type FieldErrors,
  type IssueMessage,
} from './validation';
import { hiddenFields } from './visibility';

export interface FormState {
  values: Record<string, unknown>;
  /** Fields the user has changed or that were part of a submit attempt. */
  touched: Record<string, true>;
  /** Client validation messages by key (`field` or `sub/row/col`). */
  errors: FieldErrors;
  /** Messages from the server's last answer, by the same keys; cleared per field on edit. */
  serverErrors: FieldErrors;
  /** Ids of fields hidden now (definition `hidden` or visibility rules). */
  hidden: Record<string, true>;
  submitting: boolean;
}

export interface FormActions {
  /** Sets one field's value, then recomputes dependants and visibility, and revalidates it if shown. */
  setValue(fieldId: string, value: unknown): void;
  /** Replaces all values (e.g. the current record after a 409), recomputing every formula. */
  reset(values: Record<string, unknown>): void;
  /** Validates every visible field, marks them touched; true when there is no error. */
  validate(): boolean;
  /** The data to send: writable, visible fields only. */
  toSubmitData(): Record<string, unknown>;
  /** Maps an ApiError's `details` (`/data/<field>`, `/data/<sub>/<row>/<col>`) onto fields; returns unmatched messages. */
  applyServerErrors(details: readonly { path?: string; message: string }[]): string[];
  setSubmitting(submitting: boolean): void;
}

export type FormStore = StoreApi<FormState & FormActions> & { model: FormModel };

export interface FormStoreOptions {
  initial?: Record<string, unknown>;
  mode: 'create' | 'update';
  env: ComputeEnv;
  query: QueryContext;
  requiredMessage?: (key: string) => string;
  /** Other validation messages in the UI language (a number box holding "2O", a value below min). */
  issueMessage?: IssueMessage;
  /** The organisation's country: phone numbers are checked against its plan (China by default). */
  check?: CheckContext;
}

function staticDefaults(form: FormDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of form.fields)
    if (field.default?.kind === 'static') out[field.id] = structuredClone(field.default.value);
  return out;
}

const asFlags = (ids: Iterable<string>): Record<string, true> =>
  Object.fromEntries([...ids].map((id) => [id, true as const]));

function sameFlags(a: Record<string, true>, b: Record<string, true>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k]);
}

/** Drops the messages of one field (and of its subform cells). */
function withoutField(errors: FieldErrors, fieldId: string): FieldErrors {
  let out = errors;
  for (const key of Object.keys(errors)) {
    if (fieldOfKey(key) !== fieldId) continue;
    if (out === errors) out = { ...errors };
    delete out[key];
  }
  return out;
}

/**
 * A form instance's state (values, touched, errors, server errors, visibility) in a vanilla zustand
 * store: React-free, one per rendered form. Widgets subscribe to their own slice, so a keystroke
 * re-renders the edited field and the fields that depend on it, never the whole form.
 */
export function createFormStore(form: FormDefinition, opts: FormStoreOptions): FormStore {
  const model = createFormModel(form);
  const required = opts.requiredMessage ?? ((key: string) => `${key} is required`);
  const initialValues = recomputeAll(
    model,
    opts.mode === 'create' ? { ...staticDefaults(form), ...opts.initial } : { ...opts.initial },
    opts.env,
  );
  const hiddenOf = (values: Record<string, unknown>) => asFlags(hiddenFields(model, values, opts.query));

  const store = createStore<FormState & FormActions>()((set, get) => ({
    values: initialValues,
    touched: {},
    errors: {},
    serverErrors: {},
    hidden: hiddenOf(initialValues),
    submitting: false,

    setValue(fieldId, value) {
      const state = get();
      const { values } = recompute(
        model,
        { ...state.values, [fieldId]: value },
        new Set([fieldId]),
        opts.env,
      );
      const hiddenNext = hiddenOf(values);
      const hidden = sameFlags(hiddenNext, state.hidden) ? state.hidden : hiddenNext;
      let errors = withoutField(state.errors, fieldId);
      // A non-empty value is checked from the first keystroke ("2O" in a number box is wrong at
      // once); an empty one only after the field was touched, so "required" does not nag early.
      if (
        state.touched[fieldId] ||
        !isEmptyValue(value) ||
        Object.keys(state.errors).some((k) => fieldOfKey(k) === fieldId)
      ) {
        const all = validateValues(
          model,
          values,
          new Set(Object.keys(hidden)),
          opts.mode,
          required,
          opts.issueMessage,
          { ...(opts.check ? { context: opts.check } : {}), skipCodes: FINISHED_VALUE_CODES },
        );
        for (const [key, message] of Object.entries(all))
          if (fieldOfKey(key) === fieldId) errors = { ...errors, [key]: message };
      }
      set({
        values,
        hidden,
        errors,
        serverErrors: withoutField(state.serverErrors, fieldId),
        touched: state.touched[fieldId] ? state.touched : { ...state.touched, [fieldId]: true },
      });
    },

    reset(values) {
      const next = recomputeAll(model, { ...values }, opts.env);
      set({ values: next, hidden: hiddenOf(next), errors: {}, serverErrors: {}, touched: {} });
    },

    validate() {
      const state = get();
      const errors = validateValues(
        model,
        state.values,
        new Set(Object.keys(state.hidden)),
        opts.mode,
        required,
        opts.issueMessage,
        opts.check ? { context: opts.check } : {},
      );
      const touched = asFlags(model.fields.filter((f) => fieldRegistry.of(f).writable).map((f) => f.id));
      set({ errors, touched });
      return Object.keys(errors).length === 0;
    },

    toSubmitData() {
      const state = get();
      return submitData(model, state.values, new Set(Object.keys(state.hidden)));
    },

    applyServerErrors(details) {
      const serverErrors: FieldErrors = {};
      const unmatched: string[] = [];
      for (const detail of details) {
        const key = detail.path ? errorKey(detail.path) : null;
        if (key && model.byId.has(fieldOfKey(key))) serverErrors[key] ??= detail.message;
        else unmatched.push(detail.message);
      }
      set({ serverErrors });
      return unmatched;
    },

    setSubmitting(submitting) {
      set({ submitting });
    },
  }));
  return Object.assign(store, { model });
}
