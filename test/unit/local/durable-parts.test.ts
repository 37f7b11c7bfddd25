import { describe, expect, it } from '@jest/globals';
import {
  ActionType,
  scheduleActions,
  type OrchestratorAction,
} from '../../../src/local/durable/actions.js';
import { buildBatch } from '../../../src/local/durable/batch.js';
import {
  durableClientBinding,
  managementPayload,
} from '../../../src/local/durable/client-binding.js';
import { durableConfig } from '../../../src/local/durable/config.js';
import { EventType, event, type HistoryEvent } from '../../../src/local/durable/history.js';
import { decideRetry } from '../../../src/local/durable/retry.js';
import { statusCode } from '../../../src/local/durable/status.js';
import { getString, putString } from '../../../src/local/durable/table-values.js';

const now = new Date('2026-03-01T12:00:00Z');
const activity = (name: string): OrchestratorAction => ({
  actionType: ActionType.CallActivity,
  functionName: name,
  input: 1,
});

describe('table values', () => {
  it.each([0, 10, 32 * 1024, 32 * 1024 + 1, 100_000])(
    'round-trips a %i-character string',
    (length) => {
      const value = 'abcdefghij'.repeat(Math.ceil(length / 10)).slice(0, length);
      const entity: Record<string, unknown> = {};
      putString(entity, 'Event', value);
      for (const v of Object.values(entity))
        if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(32 * 1024);
      expect(getString(entity, 'Event')).toBe(value);
      expect(Object.keys(entity)).toHaveLength(
        length > 32 * 1024 ? Math.ceil(length / (32 * 1024)) + 1 : 1,
      );
    },
  );

  it('refuses a split value with a part missing', () => {
    expect(() => getString({ Event_0: 'a', Event_parts: 2 }, 'Event')).toThrow('Event_1');
  });
});

describe('scheduleActions: new actions get the SDK task ids', () => {
  it('counts children of nested compounds in order; waits and continueAsNew take no id', () => {
    const actions: OrchestratorAction[] = [
      activity('a'),
      { actionType: ActionType.WaitForExternalEvent, externalEventName: 'e' },
      {
        actionType: ActionType.WhenAny,
        compoundActions: [
          { actionType: ActionType.WhenAll, compoundActions: [activity('b'), activity('c')] },
          {
            actionType: ActionType.CreateTimer,
            fireAt: new Date(now.getTime() + 1000).toISOString(),
          },
          { actionType: ActionType.CallSubOrchestrator, functionName: 'child', input: 'x' },
        ],
      },
    ];
    const out = scheduleActions(actions, { instanceId: 'p', now, nextTaskId: 7 });
    expect(out.events.map((e) => [e.EventType, e.EventId, e.Name])).toEqual([
      [EventType.TaskScheduled, 7, 'a'],
      [EventType.TaskScheduled, 8, 'b'],
      [EventType.TaskScheduled, 9, 'c'],
      [EventType.TimerCreated, 10, undefined],
      [EventType.SubOrchestrationInstanceCreated, 11, 'child'],
    ]);
    expect(out.nextTaskId).toBe(12);
    expect(out.events[4]).toMatchObject({ InstanceId: 'p:000B', Input: '"x"' });
  });

  it('passes pre-serialized string inputs through and keeps retry policies', () => {
    const out = scheduleActions(
      [
        {
          actionType: ActionType.CallActivityWithRetry,
          functionName: 'f',
          input: '"s"',
          retryOptions: { firstRetryIntervalInMilliseconds: 5, maxNumberOfAttempts: 2 },
        },
      ],
      { instanceId: 'p', now, nextTaskId: 0 },
    );
    expect(out.events[0]).toMatchObject({
      Input: '"s"',
      Attempt: 1,
      RetryOptions: { maxNumberOfAttempts: 2 },
    });
  });

  it('splits timers longer than 6 days into a 3-day first segment', () => {
    const day = 24 * 3600_000;
    const [long] = scheduleActions(
      [
        {
          actionType: ActionType.CreateTimer,
          fireAt: new Date(now.getTime() + 7 * day).toISOString(),
        },
      ],
      { instanceId: 'p', now, nextTaskId: 0 },
    ).events;
    expect(long).toMatchObject({
      FireAt: new Date(now.getTime() + 3 * day).toISOString(),
      FinalFireAt: new Date(now.getTime() + 7 * day).toISOString(),
    });
  });

  it.each([ActionType.CallHttp, ActionType.CallEntity, ActionType.SignalEntity])(
    'refuses action type %i clearly',
    (actionType) => {
      const out = scheduleActions([{ actionType }], { instanceId: 'p', now, nextTaskId: 0 });
      expect(out.unsupported).toContain('not supported by the local host');
    },
  );
});

describe('decideRetry', () => {
  const policy = {
    firstRetryIntervalInMilliseconds: 100,
    maxNumberOfAttempts: 5,
    backoffCoefficient: 2,
    maxRetryIntervalInMilliseconds: 300,
  };
  it.each([
    [1, 0, { retry: true, delayMs: 100 }],
    [2, 0, { retry: true, delayMs: 200 }],
    [3, 0, { retry: true, delayMs: 300 }],
    [4, 0, { retry: true, delayMs: 300 }],
    [5, 0, { retry: false }],
  ])('after attempt %i (%i ms in)', (attempt, elapsed, expected) => {
    expect(decideRetry(policy, attempt, new Date(now.getTime() - elapsed), now)).toEqual(expected);
  });
  it('stops once the retry timeout has passed', () => {
    const timed = { ...policy, retryTimeoutInMilliseconds: 1000 };
    expect(decideRetry(timed, 1, new Date(now.getTime() - 999), now)).toMatchObject({
      retry: true,
    });
    expect(decideRetry(timed, 1, new Date(now.getTime() - 1000), now)).toEqual({ retry: false });
  });
});

describe('buildBatch', () => {
  const scheduled = (id: number, fields: Partial<HistoryEvent> = {}): HistoryEvent =>
    event(EventType.TaskScheduled, now, { EventId: id, Name: 'f', ...fields });
  const failed = (id: number): HistoryEvent =>
    event(EventType.TaskFailed, now, {
      TaskScheduledId: id,
      Reason: 'boom',
      FailureDetails: { ErrorType: 'Error', ErrorMessage: 'boom' },
    });
  const done = (id: number): HistoryEvent =>
    event(EventType.TaskCompleted, now, { TaskScheduledId: id, Result: '1' });
  const retry = { firstRetryIntervalInMilliseconds: 50, maxNumberOfAttempts: 3 };

  it('puts id-allocating events first and gives their ids from the host counter', () => {
    const open = new Map([
      [0, scheduled(0)],
      [1, scheduled(1, { RetryOptions: retry, Attempt: 1, FirstAttemptAt: now.toISOString() })],
    ]);
    const batch = buildBatch({
      instanceId: 'i',
      now,
      nextTaskId: 2,
      scheduled: open,
      completed: new Set(),
      inbox: [done(0), failed(1)],
    });
    expect(batch.events.map((e) => [e.EventType, e.EventId, e.TaskScheduledId])).toEqual([
      [EventType.TaskFailed, -1, 1],
      [EventType.TimerCreated, 2, undefined],
      [EventType.TaskCompleted, -1, 0],
    ]);
    expect(batch.events[1]).toMatchObject({
      RetryFor: 1,
      FireAt: new Date(now.getTime() + 50).toISOString(),
    });
    expect(batch.nextTaskId).toBe(3);
  });

  it('schedules the next attempt when a retry timer fires', () => {
    const open = new Map([
      [1, scheduled(1, { RetryOptions: retry, Attempt: 1, FirstAttemptAt: now.toISOString() })],
      [
        2,
        event(EventType.TimerCreated, now, { EventId: 2, RetryFor: 1, FireAt: now.toISOString() }),
      ],
    ]);
    const fired = event(EventType.TimerFired, now, { TimerId: 2 });
    const batch = buildBatch({
      instanceId: 'i',
      now,
      nextTaskId: 3,
      scheduled: open,
      completed: new Set([1]),
      inbox: [fired],
    });
    expect(batch.events.map((e) => [e.EventType, e.EventId])).toEqual([
      [EventType.TimerFired, -1],
      [EventType.TaskScheduled, 3],
    ]);
    expect(batch.events[1]).toMatchObject({ Attempt: 2, Name: 'f' });
  });

  it('ends a retried task whose attempts are used up with an immediate final timer', () => {
    const open = new Map([
      [4, scheduled(4, { RetryOptions: retry, Attempt: 3, FirstAttemptAt: now.toISOString() })],
    ]);
    const batch = buildBatch({
      instanceId: 'i',
      now,
      nextTaskId: 5,
      scheduled: open,
      completed: new Set(),
      inbox: [failed(4)],
    });
    expect(batch.events.map((e) => [e.EventType, e.EventId, e.TimerId])).toEqual([
      [EventType.TaskFailed, -1, undefined],
      [EventType.TimerCreated, 5, undefined],
      [EventType.TimerFired, -1, 5],
    ]);
  });

  it('drops repeated results and results of unknown tasks', () => {
    const open = new Map([[0, scheduled(0)]]);
    const batch = buildBatch({
      instanceId: 'i',
      now,
      nextTaskId: 1,
      scheduled: open,
      completed: new Set(),
      inbox: [done(0), done(0), done(9)],
    });
    expect(batch.events).toHaveLength(1);
  });
});

describe('durableConfig', () => {
  it('resolves %SETTING% in the hub name and takes app-setting overrides as the host does', () => {
    const hostJson = {
      extensions: { durableTask: { hubName: '%HUB%', maxConcurrentActivityFunctions: 4 } },
    };
    expect(durableConfig(hostJson, { HUB: 'Winshift' })).toMatchObject({
      hubName: 'Winshift',
      maxConcurrentActivityFunctions: 4,
      maxConcurrentOrchestratorFunctions: 10,
    });
    const overridden = durableConfig(hostJson, {
      HUB: 'Winshift',
      AzureFunctionsJobHost__extensions__durableTask__hubName: 'Other',
      AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: '2',
    });
    expect(overridden).toMatchObject({ hubName: 'Other', maxConcurrentActivityFunctions: 2 });
    expect(durableConfig({}, {}).hubName).toBe('TestHubName');
  });
});

describe('the durableClient binding and the status API shapes', () => {
  it('gives the client the fields durable-functions reads, pointing at this host', () => {
    const binding = durableClientBinding('http://127.0.0.1:7071', 'Hub', 'k/+');
    expect(binding).toMatchObject({
      taskHubName: 'Hub',
      baseUrl: 'http://127.0.0.1:7071/runtime/webhooks/durabletask',
      requiredQueryStringParameters: 'code=k%2F%2B',
      rpcBaseUrl: 'http://127.0.0.1:7071/durabletask/',
    });
    expect(binding.creationUrls.createNewInstancePostUri).toBe(
      'http://127.0.0.1:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?code=k%2F%2B',
    );
    const links = managementPayload(binding, 'a b');
    expect(links.id).toBe('a b');
    expect(links.statusQueryGetUri).toBe(
      'http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/a%20b?taskHub=Hub&connection=Storage&code=k%2F%2B',
    );
    expect(links.sendEventPostUri).toContain('/instances/a%20b/raiseEvent/{eventName}?');
  });

  it.each([
    ['Completed', false, 200],
    ['Running', false, 202],
    ['Pending', false, 202],
    ['Failed', false, 400],
    ['Failed', true, 500],
    ['Terminated', false, 400],
  ])('answers a %s instance (500 on failure: %s) with %i', (runtimeStatus, failureAs500, code) => {
    expect(statusCode(runtimeStatus, failureAs500)).toBe(code);
  });
});
