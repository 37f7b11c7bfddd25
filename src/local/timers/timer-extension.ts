import path from 'node:path';
import { invokeRegistration } from '../functions-core/invoke.js';
import type { Registration } from '../functions-core/types.js';
import { triggerOf } from '../functions-core/types.js';
import type { HostContext, HostExtension } from '../host-extension.js';
import { isFunctionDisabled, TIMER_STATUS_DIR_SETTING } from '../settings.js';
import { compileSchedule, type TimerSchedule } from './schedule.js';
import { ScheduleStatusStore, type ScheduleStatus } from './status-store.js';
import { formatLocal, timerInfoJson } from './timer-info.js';
import { TimerListener } from './timer-listener.js';

/** Monitoring is on by default only for schedules whose interval is at least a minute. */
const MONITOR_THRESHOLD_MS = 60_000;

/** Fires `timerTrigger` functions by their NCRONTAB schedules, like the host's timer extension. */
export class TimerExtension implements HostExtension {
  readonly name = 'timers';
  private readonly listeners = new Map<string, TimerListener>();
  private context: HostContext | undefined;

  async start(context: HostContext): Promise<void> {
    this.context = context;
    const directory =
      context.settings[TIMER_STATUS_DIR_SETTING] ??
      path.join(context.appDir ?? '.', '.winshift', 'timers');
    const store = new ScheduleStatusStore(directory);
    const timezone = context.settings.WEBSITE_TIME_ZONE || undefined;
    for (const registration of context.core.registrations.values()) {
      const trigger = triggerOf(registration);
      if (trigger.type !== 'timerTrigger') continue;
      const name = registration.metadata.name;
      if (isFunctionDisabled(name, context.settings)) continue;
      let schedule: TimerSchedule;
      try {
        schedule = compileSchedule(
          typeof trigger.schedule === 'string' ? trigger.schedule : '',
          context.settings,
          timezone,
        );
      } catch (error) {
        // As the real host: the function fails to index and stays off; the others run.
        context.log('error', `Error indexing function '${name}': ${(error as Error).message}`);
        continue;
      }
      const listener = new TimerListener({
        name,
        schedule,
        runOnStartup: trigger.runOnStartup === true,
        monitor: usesMonitor(trigger.useMonitor, schedule) ? store : undefined,
        invoke: (status, isPastDue) => this.invoke(registration, status, isPastDue),
        log: (level, message) => context.log(level, message),
      });
      this.listeners.set(name.toLowerCase(), listener);
    }
    await Promise.all([...this.listeners.values()].map((listener) => listener.start()));
  }

  handleRequest(): Promise<boolean> {
    return Promise.resolve(false);
  }

  inputFor(): undefined {
    return undefined;
  }

  invokeFromAdmin(registration: Registration): Promise<void> | undefined {
    return this.listeners.get(registration.metadata.name.toLowerCase())?.runNow();
  }

  describeFunction(registration: Registration): string | undefined {
    const listener = this.listeners.get(registration.metadata.name.toLowerCase());
    if (!listener) return undefined;
    const next = listener.nextOccurrence;
    return `timerTrigger, next occurrence ${next ? formatLocal(next) : 'unknown'}`;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.listeners.values()].map((listener) => listener.stop()));
  }

  private async invoke(
    registration: Registration,
    status: ScheduleStatus | undefined,
    isPastDue: boolean,
  ): Promise<void> {
    const core = this.context!.core;
    await invokeRegistration(core, registration, {
      trigger: { json: timerInfoJson(status, isPastDue) },
    });
  }
}

function usesMonitor(option: unknown, schedule: TimerSchedule): boolean {
  if (typeof option === 'boolean') return option;
  const [first, second] = schedule.nextOccurrences(2, new Date());
  return second!.getTime() - first!.getTime() >= MONITOR_THRESHOLD_MS;
}
