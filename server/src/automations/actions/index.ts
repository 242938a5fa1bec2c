/**
 * The action registry of the app: every action type of automation.schema.json with its entry.
 * Built once per engine by `createAutomationActions` (never a module global).
 */
import { createActionRegistry, type ActionRegistry } from './registry';
import { notifyAction } from './notify.action';
import { createAction, deleteAction, updateAction, upsertAction } from './record.actions';
import { webhookActionEntry } from './webhook';

export function createAutomationActions(): ActionRegistry {
  return createActionRegistry({
    create: createAction,
    update: updateAction,
    upsert: upsertAction,
    delete: deleteAction,
    notify: notifyAction,
    webhook: webhookActionEntry,
  });
}
