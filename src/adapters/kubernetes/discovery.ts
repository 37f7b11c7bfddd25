/**
 * Answers the API server's discovery gives once per cluster (which version serves Evictions, which
 * serves CronJobs): asked on first use and remembered; a failed discovery is asked again next time,
 * never remembered as the answer.
 */
export function discoverOnce<T>(ask: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return async () => {
    answer ??= ask();
    try {
      return await answer;
    } catch (error) {
      answer = undefined;
      throw error;
    }
  };
}
