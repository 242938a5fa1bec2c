/** Actions of the submitter: withdraw and urge. */
import { finish } from '../flow';
import { emit, isOpen, log, type Run } from '../run';
import { WorkflowError, type LogAction } from '../types';
import type { ActionHandler } from './common';

/** Log actions that count as someone handling the record. */
const HANDLING = new Set<LogAction>(['approve', 'reject', 'transfer', 'addApprover', 'timeout', 'escalate']);

/**
 * Has anyone but the submitter handled the record since it was last submitted? A send-back to
 * the submitter is itself handling, so a record waiting at the start node cannot be withdrawn.
 */
function handledSinceSubmit(run: Run): boolean {
  const log = run.state.log;
  let i = log.length - 1;
  while (i >= 0 && log[i]!.action !== 'submit') i--;
  return log.slice(i + 1).some((e) => HANDLING.has(e.action) && e.actor !== run.ctx.submitter);
}

export const withdraw: ActionHandler<'withdraw'> = (run, action) => {
  if (run.ctx.actor !== run.ctx.submitter)
    throw new WorkflowError(
      'withdraw_not_allowed',
      'Only the person who submitted the record can withdraw it.',
    );
  if (run.state.status !== 'running')
    throw new WorkflowError('not_running', 'This process has already finished.');
  if (run.graph.definition.settings?.allowWithdraw === false)
    throw new WorkflowError('withdraw_not_allowed', 'This process does not allow withdrawing.');
  if (handledSinceSubmit(run))
    throw new WorkflowError(
      'withdraw_not_allowed',
      'Someone has already handled the record; it can no longer be withdrawn.',
    );
  const handlers = [...new Set(run.state.tasks.filter(isOpen).map((t) => t.assignee))].filter(
    (u) => u !== run.ctx.submitter,
  );
  log(run, { actor: run.ctx.actor, action: 'withdraw', comment: action.comment });
  finish(run, 'withdrawn', run.ctx.actor);
  emit(run, { type: 'notify', kind: 'withdrawn', userIds: handlers });
};

export const urge: ActionHandler<'urge'> = (run, action) => {
  if (run.ctx.actor !== run.ctx.submitter)
    throw new WorkflowError('action_not_allowed', 'Only the person who submitted the record can urge.');
  if (run.state.status !== 'running')
    throw new WorkflowError('not_running', 'This process has already finished.');
  const pending = run.state.tasks.filter((t) => t.status === 'pending' && t.assignee !== run.ctx.submitter);
  log(run, { actor: run.ctx.actor, action: 'urge', comment: action.comment });
  emit(run, { type: 'notify', kind: 'urge', userIds: [...new Set(pending.map((t) => t.assignee))] });
};
