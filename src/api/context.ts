/** What the API routes are given: dependencies, passed in, never reached through singletons. */
import type { AlertService } from '../alerts/service.js';
import type { MonitorService } from '../monitors/service.js';
import type { Store } from '../storage/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';

export interface ConfigState {
  readonly file: string;
  readonly lastLoadedAt: number | null;
  readonly lastErrorAt: number | null;
  readonly lastError: readonly string[] | null;
  readonly conflicts: readonly string[];
}

export interface ApiDeps {
  readonly service: MonitorService;
  /** Channels, alert events and deliveries (absent in API tests that do not need them). */
  readonly alerts?: AlertService;
  readonly store: Store;
  readonly token: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly version: string;
  readonly startedAt: number;
  readonly configState: () => ConfigState;
}
