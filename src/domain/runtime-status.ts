/** Durable Functions' runtime status of an orchestration instance, as winshift reads it. */
export type RuntimeStatus =
  | 'Pending'
  | 'Running'
  | 'Completed'
  | 'ContinuedAsNew'
  | 'Failed'
  | 'Canceled'
  | 'Terminated'
  | 'Suspended'
  | 'Unknown';

/** States in which the orchestration still listens for events. */
export function isActive(status: string | undefined): boolean {
  return (
    status === 'Running' ||
    status === 'Pending' ||
    status === 'Suspended' ||
    status === 'ContinuedAsNew'
  );
}
