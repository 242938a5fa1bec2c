/** comment: only a log entry, allowed to anyone who can see the instance, even after it finished. */
import { log } from '../run';
import { WorkflowError } from '../types';
import { findTask, type ActionHandler } from './common';

export const comment: ActionHandler<'comment'> = (run, action) => {
  if (!action.comment?.trim()) throw new WorkflowError('comment_required', 'Write something to comment.');
  const task = action.taskId === undefined ? undefined : findTask(run, action.taskId);
  log(run, {
    actor: run.ctx.actor,
    action: 'comment',
    comment: action.comment,
    taskId: task?.id,
    nodeId: task?.nodeId,
  });
};
