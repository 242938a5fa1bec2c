/** The action registry: one handler per action type. */
import type { WorkflowAction } from '../types';
import type { ActionHandler } from './common';
import { comment } from './comment';
import { approve, reject } from './decide';
import { addApprover, transfer } from './delegate';
import { urge, withdraw } from './submitter';
import { remind, timeout } from './system';

export const actionHandlers: { [T in WorkflowAction['type']]: ActionHandler<T> } = {
  approve,
  reject,
  transfer,
  addApprover,
  withdraw,
  comment,
  urge,
  remind,
  timeout,
};
