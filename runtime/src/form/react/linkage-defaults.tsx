import { useEffect } from 'react';
import { changedLinkages, linkageKeys, linkageRules } from '../core/linkage';
import { useFormEnv } from './form-context';

/** How long typing in a key field pauses before the server is asked (one request per pause). */
const TYPING_PAUSE_MS = 300;

/**
 * Data linkage defaults as the user types (decision 0031): when a key field of a linkage changes,
 * the server answers the linked value through the read door with the user's grant, and the field
 * takes it. An answer that arrives after the keys changed again is dropped. Renders nothing.
 */
export function LinkageDefaults() {
  const { store, client, app, formId, readOnly } = useFormEnv();
  useEffect(() => {
    const rules = linkageRules(store.model.form);
    if (!client || readOnly || rules.length === 0) return;
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const ref = { appId: app.id, formId };
    const unsubscribe = store.subscribe((state, previous) => {
      for (const rule of changedLinkages(rules, previous.values, state.values)) {
        clearTimeout(timers.get(rule.fieldId));
        timers.set(
          rule.fieldId,
          setTimeout(() => {
            const keys = linkageKeys(rule, store.getState().values);
            if (!keys) return;
            const asked = JSON.stringify(keys);
            client.records
              .linkage(ref, rule.fieldId, keys)
              .then((value) => {
                const now = linkageKeys(rule, store.getState().values);
                if (value !== null && JSON.stringify(now) === asked)
                  store.getState().setValue(rule.fieldId, value);
              })
              // A linkage the user may not read (hidden field) leaves the field as it is.
              .catch(() => undefined);
          }, TYPING_PAUSE_MS),
        );
      }
    });
    return () => {
      unsubscribe();
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, [store, client, app.id, formId, readOnly]);
  return null;
}
