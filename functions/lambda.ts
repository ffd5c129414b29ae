// How the functions meet Lambda. Each function module exports createHandler(deps), the handler
// built from its dependencies (tests and the local stack build it from their own), and `handler`,
// Lambda's entry, built from the deployment's environment on its first invocation: importing a
// module reads no setting, and a missing one fails the invocation with its name.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** A function fed by an SQS event source mapping that reports partial batch failures. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** The handler `build` makes, made on the first call and kept for the container's life (not kept when building fails). */
export function builtOnFirstCall<Args extends unknown[], Result>(build: () => (...args: Args) => Result): (...args: Args) => Result {
  let built: ((...args: Args) => Result) | undefined;
  return (...args) => (built ??= build())(...args);
}
