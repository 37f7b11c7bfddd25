/** Event Grid's own origins: the abuse-protection handshake echoes one of these, as the extension does. */
const EVENT_GRID_ORIGINS = new Set([
  'eventgrid.azure.net',
  'eventgrid.azure.us',
  'eventgrid.azure.eaglex.ic.gov',
  'eventgrid.azure.microsoft.scloud',
  'eventgrid.azure.cn',
]);

/** The `WebHook-Allowed-Origin` answer: the caller's origin when it is an Event Grid cloud. */
export function allowedOrigin(requestOrigin: string | undefined): string {
  return requestOrigin && EVENT_GRID_ORIGINS.has(requestOrigin)
    ? requestOrigin
    : 'eventgrid.azure.net';
}

/**
 * The validation code of a `SubscriptionValidation` delivery: `[0].data.validationCode` for the
 * Event Grid schema (an array), or from a CloudEvent's `data` (an object, data possibly a JSON
 * string), as the extension reads it. Undefined when the body holds none.
 */
export function validationCodeOf(body: unknown): string | undefined {
  const first = Array.isArray(body) ? (body[0] as unknown) : body;
  if (typeof first !== 'object' || first === null) return undefined;
  let data = (first as { data?: unknown }).data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
  }
  const code = (data as { validationCode?: unknown } | null | undefined)?.validationCode;
  return typeof code === 'string' ? code : undefined;
}

/** The events of a `Notification` delivery: an array (a batch) or one object (a single CloudEvent). */
export function eventsOf(body: unknown): Record<string, unknown>[] | undefined {
  const list = Array.isArray(body) ? (body as unknown[]) : [body];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  // An empty batch is accepted (and answered 202), as the extension does.
  return list.every(isObject) ? list : undefined;
}
