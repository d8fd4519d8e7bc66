// A function's state as Lambda's API reports it. CreateFunction answers while the function is
// still Pending (here: while its code is built) and it becomes Active when the build is done, or
// Failed; an update answers with LastUpdateStatus InProgress, then Successful or Failed. The SDK's
// waiters (waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2) poll these fields.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
// The service knows a function only once it is built; until then, and after a failed build, it
// lives here. Settings the service does not model (Role, Architectures) are kept here too.

import type { DeploymentHooks, LambdaService } from '../../runtime/service.ts';
import type { FunctionConfiguration } from '../../runtime/types.ts';
import { ApiError } from './errors.ts';
import { lambdaTimestamp } from './request.ts';

interface Failure {
  reason: string;
  code: string;
}

export interface FunctionExtras {
  Role: string;
  Architectures: string[];
}

export class Deployments {
  private readonly service: LambdaService;
  /** Accepted, being built: the configuration CreateFunction answered with. */
  private readonly creating = new Map<string, FunctionConfiguration>();
  /** Creations whose build failed: Lambda keeps such a function, in state Failed, until it is deleted. */
  private readonly failed = new Map<string, { config: FunctionConfiguration; failure: Failure }>();
  private readonly updating = new Set<string>();
  private readonly lastUpdate = new Map<string, { status: 'Successful' } | ({ status: 'Failed' } & Failure)>();
  private readonly extras = new Map<string, FunctionExtras>();
  private readonly tags = new Map<string, Record<string, string>>();
  private readonly builds = new Set<Promise<unknown>>();
  private readonly onChange: (line: string) => void;

  /** `onChange` hears each state a create or update ends in (serve prints it: builds take seconds). */
  constructor(service: LambdaService, onChange: (line: string) => void = () => {}) {
    this.service = service;
    this.onChange = onChange;
  }

  /** True while a create or an update is under way: Lambda refuses other changes then. */
  assertIdle(name: string): void {
    if (this.creating.has(name) || this.updating.has(name)) {
      throw new ApiError('ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${this.service.functionArn(name)}`);
    }
  }

  /** Invoke runs only Active functions (an update in progress still runs the previous code). */
  assertInvocable(name: string): void {
    const state = this.creating.has(name) ? 'Pending' : this.failed.has(name) ? 'Failed' : undefined;
    if (state) {
      throw new ApiError(
        'ResourceConflictException',
        `The operation cannot be performed at this time. The function is currently in the following state: ${state}${state === 'Pending' ? '. Wait for it to become Active (waitUntilFunctionActiveV2) before invoking it.' : `: ${this.failed.get(name)!.failure.reason}`}`,
      );
    }
  }

  /** Known here or to the service (Pending and Failed functions exist on Lambda too). */
  exists(name: string): boolean {
    return this.creating.has(name) || this.failed.has(name);
  }

  /**
   * Runs a create or update: resolves with the configuration once the checks passed and the
   * build started (an answer for the caller), or rejects with the check that failed. The build
   * goes on; its end moves the state on.
   */
  async start(name: string, kind: 'create' | 'update', run: (hooks: DeploymentHooks) => Promise<FunctionConfiguration>, options: { replacingFailed?: boolean } = {}): Promise<FunctionConfiguration> {
    if (kind === 'create' && this.exists(name) && !(options.replacingFailed && this.failed.has(name))) {
      throw new ApiError('ResourceConflictException', `Function already exist: ${name}`);
    }
    if (kind === 'update') this.assertIdle(name);
    let accept!: (config: FunctionConfiguration) => void;
    let wasAccepted = false;
    const accepted = new Promise<FunctionConfiguration>((resolve) => (accept = resolve));
    const started = performance.now();
    const done = run({
      accepted: (config) => {
        wasAccepted = true;
        this.failed.delete(name);
        if (kind === 'create') this.creating.set(name, config);
        else this.updating.add(name);
        accept(config);
      },
    });
    const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    const build = done.then(
      () => {
        if (kind === 'update') this.lastUpdate.set(name, { status: 'Successful' });
        this.onChange(kind === 'create' ? `${name} is Active (${took()})` : `${name} update Successful (${took()})`);
      },
      (error: Error) => {
        // Refused before the build: the caller got the error, and the state did not change.
        if (!wasAccepted) return;
        const failure = { reason: error.message.split('\n')[0]!.slice(0, 1000), code: 'InvalidConfiguration' };
        if (kind === 'create') this.failed.set(name, { config: this.creating.get(name)!, failure });
        else this.lastUpdate.set(name, { status: 'Failed', ...failure });
        this.onChange(`${name} ${kind === 'create' ? 'is Failed' : 'update Failed'}: ${error.message}`);
      },
    ).finally(() => {
      this.creating.delete(name);
      this.updating.delete(name);
      this.builds.delete(build);
    });
    this.builds.add(build);
    // A refusal before the build started rejects `done` first; Promise.race then rethrows it.
    return Promise.race([accepted, done]);
  }

  setExtras(name: string, extras: Partial<FunctionExtras>): void {
    const current = this.extras.get(name) ?? { Role: `arn:aws:iam::${this.service.accountId}:role/lambda-dojo-local`, Architectures: ['x86_64'] };
    this.extras.set(name, { ...current, ...Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined)) });
  }

  /** The configuration a Failed function was created with, to build it again with new code. */
  failedConfiguration(name: string): FunctionConfiguration | undefined {
    return this.failed.get(name)?.config;
  }

  /** Forgets a Failed function (DeleteFunction); false when there was none. */
  forgetFailed(name: string): boolean {
    const had = this.failed.delete(name);
    if (had) this.forget(name);
    return had;
  }

  /** A function's tags (TagResource, CreateFunction's Tags): kept here, as the service has none. */
  tagsOf(name: string): Record<string, string> {
    return { ...this.tags.get(name) };
  }

  setTags(name: string, tags: Record<string, string>): void {
    if (Object.keys(tags).length === 0) this.tags.delete(name);
    else this.tags.set(name, tags);
  }

  forget(name: string): void {
    this.extras.delete(name);
    this.tags.delete(name);
    this.lastUpdate.delete(name);
  }

  /** The configuration as GetFunctionConfiguration answers it, state included. */
  describe(name: string, qualifier?: string): Record<string, unknown> {
    const creating = this.creating.get(name);
    if (creating && (!qualifier || qualifier === '$LATEST')) {
      return this.present(creating, { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' });
    }
    const failed = this.failed.get(name);
    if (failed && (!qualifier || qualifier === '$LATEST')) {
      return this.present(failed.config, { State: 'Failed', StateReason: failed.failure.reason, StateReasonCode: failed.failure.code, LastUpdateStatus: 'Failed' });
    }
    return this.present(this.service.getFunctionConfiguration(name, qualifier));
  }

  /** Every function, Pending and Failed ones included, by name. */
  listLatest(): Array<Record<string, unknown>> {
    const all = [
      ...this.service.listFunctions().map((c) => this.present(c)),
      ...[...this.creating.keys(), ...this.failed.keys()].map((name) => this.describe(name)),
    ];
    return all.sort((a, b) => String(a.FunctionName).localeCompare(String(b.FunctionName)));
  }

  /** A configuration in the API's shape: Lambda's timestamps and the fields the service does not model. */
  present(config: FunctionConfiguration, state?: Record<string, string>): Record<string, unknown> {
    const name = config.FunctionName;
    const extras = this.extras.get(name) ?? { Role: `arn:aws:iam::${this.service.accountId}:role/lambda-dojo-local`, Architectures: ['x86_64'] };
    const update = config.Version === '$LATEST' && this.updating.has(name)
      ? { LastUpdateStatus: 'InProgress', LastUpdateStatusReason: 'The function is being created.', LastUpdateStatusReasonCode: 'Creating' }
      : (() => {
          const last = this.lastUpdate.get(name);
          return last?.status === 'Failed' && config.Version === '$LATEST'
            ? { LastUpdateStatus: 'Failed', LastUpdateStatusReason: last.reason, LastUpdateStatusReasonCode: last.code }
            : { LastUpdateStatus: 'Successful' };
        })();
    const { Environment, Layers, LastModified, ...rest } = config;
    return {
      ...rest,
      LastModified: lambdaTimestamp(LastModified),
      ...(Object.keys(Environment.Variables).length > 0 ? { Environment } : {}),
      ...(Layers.length > 0 ? { Layers } : {}),
      Role: extras.Role,
      Architectures: extras.Architectures,
      PackageType: 'Zip',
      TracingConfig: { Mode: 'PassThrough' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
      ...(state ?? { State: 'Active' }),
      ...(state?.LastUpdateStatus ? {} : update),
    };
  }

  /** Waits for builds under way (shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.builds]);
  }
}
