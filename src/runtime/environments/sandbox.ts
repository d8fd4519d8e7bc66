// A sandbox folder (task root with the code, opt with the layers, its own tmp) and its Runtime
// API listener: everything an execution environment needs except its process. The service
// prepares one ahead for each deployed package, as Lambda keeps code cached on its workers, so a
// cold start spends its time starting the runtime rather than copying files.

import { mkdirSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { copyTree } from '../registry/code-snapshot.ts';
import { listenRuntimeApi, refusals, type RuntimeApiCalls, type RuntimeApiListener } from '../runtime-api/server.ts';

export class Sandbox {
  readonly id: string;
  readonly dir: string;
  readonly taskRoot: string;
  readonly tmp: string;
  readonly opt: string;
  private api?: RuntimeApiListener;
  private owner?: RuntimeApiCalls;

  private constructor(parent: string, id: string) {
    this.id = id;
    this.dir = join(parent, id);
    this.taskRoot = join(this.dir, 'task');
    this.tmp = join(this.dir, 'tmp');
    this.opt = join(this.dir, 'opt');
  }

  /** Copies the layers (in order: later files win) and the code in, and opens the listener. */
  static async prepare(parent: string, id: string, codeDirectory: string, layers: string[]): Promise<Sandbox> {
    const box = new Sandbox(parent, id);
    try {
      mkdirSync(box.tmp, { recursive: true });
      mkdirSync(box.opt, { recursive: true });
      for (const layer of layers) copyTree(layer, box.opt);
      copyTree(codeDirectory, box.taskRoot);
      // Calls go to whichever environment adopts the sandbox; before that there is nobody to answer.
      const forward = (): RuntimeApiCalls | undefined => box.owner;
      box.api = await listenRuntimeApi({
        next: (reply: ServerResponse) => (forward() ? forward()!.next(reply) : reply.destroy()),
        response: (id, body) => forward()?.response(id, body),
        error: (id, body, type) => forward()?.error(id, body, type),
        initError: (body, type) => forward()?.initError(body, type),
        tooLarge: (id, size) => forward()?.tooLarge(id, size),
        responseStream: async (id, body) => {
          const owner = forward();
          if (owner) return owner.responseStream(id, body);
          body.resume();
          return 'accepted';
        },
        refusal: (call, id) => {
          const owner = forward();
          if (owner) return owner.refusal(call, id);
          // A runtime with no environment yet has nothing to answer for.
          return refusals.stateTransition('RuntimeStartedState', call === 'init-error' ? 'InitErrorResponse' : call === 'error' ? 'InvocationErrorResponse' : 'InvocationResponse');
        },
        isOwnRuntime: (socket) => forward()?.isOwnRuntime(socket) ?? false, // nobody's runtime before adoption
      });
    } catch (error) {
      await box.dispose();
      throw error;
    }
    return box;
  }

  /** "127.0.0.1:port", for AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    return this.api!.address;
  }

  adopt(calls: RuntimeApiCalls): void {
    this.owner = calls;
  }

  async dispose(): Promise<void> {
    this.owner = undefined;
    await this.api?.close();
    this.api = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
