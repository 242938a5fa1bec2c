// Approvals in the player: the task inbox, a record's process (page and drawer tab), the top bar's
// inbox and notification entries. The React-free core lives in ./core.
export { InboxPage } from './react/inbox-page';
export { ProcessPage } from './react/process-page';
export { ProcessPanel } from './react/process-panel';
export { WorkflowHeaderItems } from './react/header-items';
export { WorkflowStyles } from './react/styles';
export { processPath, inboxPath } from './core/inbox-format';
export { workflowTexts, useWorkflowTexts } from './texts';
export { RecordProcessTab } from './react/record-process-tab';
export { formForStart } from './core/field-access';
