/** The `durableClient` input binding value the Durable extension gives a client function. */
export interface DurableClientBinding {
  taskHubName: string;
  creationUrls: Record<string, string>;
  managementUrls: Record<string, string>;
  baseUrl: string;
  requiredQueryStringParameters: string;
  rpcBaseUrl: string;
  httpBaseUrl: string;
  maxGrpcMessageSizeInBytes: number;
  grpcHttpClientTimeout: string;
}

export const WEBHOOK_PATH = '/runtime/webhooks/durabletask';
/** The client's RPC endpoint (the real extension listens on a separate localhost port). */
export const RPC_PATH = '/durabletask';

export function durableClientBinding(
  origin: string,
  hubName: string,
  systemKey: string,
): DurableClientBinding {
  const base = `${origin}${WEBHOOK_PATH}`;
  const code = `code=${encodeURIComponent(systemKey)}`;
  const query = `taskHub=${hubName}&connection=Storage&${code}`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName: hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${code}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${code}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: code,
    rpcBaseUrl: `${origin}${RPC_PATH}/`,
    httpBaseUrl: '',
    maxGrpcMessageSizeInBytes: 0,
    grpcHttpClientTimeout: '00:01:40',
  };
}

/** The management URLs of one instance (the HTTP API's start response and Location header). */
export function managementPayload(
  binding: DurableClientBinding,
  instanceId: string,
): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const [key, value] of Object.entries(binding.managementUrls)) {
    payload[key] = value.replace('INSTANCEID', encodeURIComponent(instanceId));
  }
  payload.id = instanceId;
  return payload;
}
