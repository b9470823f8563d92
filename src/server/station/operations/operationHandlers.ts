import type { StationOperation, StationOperationType } from '../stationOperations.ts';
import { checkIn, issueTicket } from './arrivalOperations.ts';
import type { Applied, OperationContext, OperationHandler } from './operationContext.ts';
import { call, finish, handOver, leaveQueue, recall, resume, startService } from './servingOperations.ts';
import { closeStop, openStop, signOffChecklist } from './stopOperations.ts';

/** One handler per operation type: a type added to `stationOperationTypes` fails to compile until it has one. */
export const stationOperationHandlers: { readonly [K in StationOperationType]: OperationHandler<K> } = {
  open_stop: openStop,
  close_stop: closeStop,
  check_in: checkIn,
  issue_ticket: issueTicket,
  call,
  recall,
  resume,
  start_service: startService,
  no_show: leaveQueue,
  park: leaveQueue,
  hand_over: handOver,
  finish,
  sign_off_checklist: signOffChecklist,
};

/** Runs the handler of the context's operation. */
export function handleStationOperation(context: OperationContext): Promise<Applied> {
  const operation = context.props.operation;
  const handler = stationOperationHandlers[operation.type] as (
    context: OperationContext,
    operation: StationOperation,
  ) => Promise<Applied>;
  return handler(context, operation);
}
