import { Tag } from 'antd';
import type { RecordDto } from '@tangram/client';
import { useViewTexts } from './texts';

/** Tag colours of the approval states (the same as the record's Process tab). */
export const WORKFLOW_STATUS_COLORS = {
  running: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
} as const;

/** The approval state of a process form's record as a coloured tag; nothing without a flow. */
export function WorkflowStatusTag({ status }: { status: RecordDto['workflowStatus'] }) {
  const { tx } = useViewTexts();
  if (!status || !Object.hasOwn(WORKFLOW_STATUS_COLORS, status)) return null;
  return (
    <Tag color={WORKFLOW_STATUS_COLORS[status]} data-testid="workflow-status-tag" data-status={status}>
      {tx.workflowStatus[status]}
    </Tag>
  );
}
