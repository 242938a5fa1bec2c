import type { WorkflowLogEntry } from '@tangram/client';
import type { WorkflowDefinition } from '@tangram/schema';
import { Image, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useClient } from '../../react/context';
import { formatLog } from '../core/log-format';
import { useWorkflowTexts } from '../texts';

/** The full log of an instance: who did what, when, with comments and signature images. */
export function WorkflowLog({
  log,
  definition,
  userName,
}: {
  log: readonly WorkflowLogEntry[];
  definition: WorkflowDefinition;
  userName(id: string): string;
}) {
  const { tx, lang } = useWorkflowTexts();
  const client = useClient();
  const lines = useMemo(
    () => formatLog(log, { texts: tx, lang, definition, userName }),
    [log, tx, lang, definition, userName],
  );
  return (
    <Timeline
      className="tg-wf-log"
      data-testid="workflow-log"
      items={lines.map((line) => ({
        key: line.key,
        color: line.tone,
        content: (
          <div data-testid="workflow-log-entry">
            <div className="tg-wf-log-line">
              <Typography.Text strong>{line.actor}</Typography.Text>
              <span>{line.text}</span>
              <span className="tg-wf-log-time">{dayjs(line.at).format('YYYY-MM-DD HH:mm')}</span>
            </div>
            {line.comment ? <div className="tg-wf-log-comment">{line.comment}</div> : null}
            {line.signature ? (
              <Image
                src={client.files.url(line.signature)}
                alt={tx.signature}
                className="tg-wf-log-signature"
                data-testid="workflow-log-signature"
              />
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
