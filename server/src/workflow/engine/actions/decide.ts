/** approve (submit at fill and start nodes) and reject. */
import { completeNode } from '../flow';
import { afterApproval } from '../tasks';
import { closeTask, log } from '../run';
import { WorkflowError } from '../types';
import {
  canReject,
  heldTask,
  rejectNode,
  requireOpinion,
  resolveRejectTarget,
  type ActionHandler,
} from './common';

export const approve: ActionHandler<'approve'> = (run, action) => {
  const { task, active, node } = heldTask(run, action.taskId);
  requireOpinion(node, action.comment, action.signature);
  closeTask(run, task, 'approved');
  log(run, {
    actor: run.ctx.actor,
    action: node.type === 'approve' ? 'approve' : 'submit',
    nodeId: node.id,
    taskId: task.id,
    comment: action.comment,
    signature: action.signature,
  });
  if (node.type === 'start') completeNode(run, active);
  else afterApproval(run, node, task);
};

export const reject: ActionHandler<'reject'> = (run, action) => {
  const { task, active, node } = heldTask(run, action.taskId);
  if (!canReject(node)) throw new WorkflowError('action_not_allowed', 'This step does not allow rejecting.');
  requireOpinion(node, action.comment, action.signature);
  const target = resolveRejectTarget(run, node, active, action.to);
  closeTask(run, task, 'rejected');
  log(run, {
    actor: run.ctx.actor,
    action: 'reject',
    nodeId: node.id,
    taskId: task.id,
    comment: action.comment,
    signature: action.signature,
    target,
  });
  rejectNode(run, active, target, run.ctx.actor);
};
