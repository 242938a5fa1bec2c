import { DownOutlined } from '@ant-design/icons';
import type { WorkflowActionName } from '@tangram/client';
import { Button, Dropdown, Grid } from 'antd';
import { ACTIONS, arrangeActions } from '../core/actions';
import { useWorkflowTexts } from '../texts';

/**
 * The buttons the viewer may press, from the action registry. On a phone the bar is fixed to the
 * bottom with at most three buttons; the rest go into "more".
 */
export function ActionBar({
  actions,
  busy,
  onPick,
}: {
  actions: readonly WorkflowActionName[];
  busy: WorkflowActionName | null;
  onPick(action: WorkflowActionName): void;
}) {
  const { tx } = useWorkflowTexts();
  const screens = Grid.useBreakpoint();
  if (actions.length === 0) return null;
  const { visible, overflow } = arrangeActions(actions, screens.sm === false ? 3 : 6);
  return (
    <div className="tg-wf-actionbar" data-testid="workflow-actions">
      {overflow.length > 0 ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: overflow.map((k) => ({
              key: k,
              label: tx.actions[k],
              'data-testid': `workflow-action-${k}`,
            })),
            onClick: ({ key }) => onPick(key as WorkflowActionName),
          }}
        >
          <Button data-testid="workflow-actions-more">
            {tx.more} <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
      {visible.map((k) => (
        <Button
          key={k}
          type={ACTIONS[k].look === 'primary' ? 'primary' : 'default'}
          danger={ACTIONS[k].look === 'danger'}
          loading={busy === k}
          data-testid={`workflow-action-${k}`}
          onClick={() => onPick(k)}
        >
          {tx.actions[k]}
        </Button>
      ))}
    </div>
  );
}
