// What the local AWS endpoint adds to an invoke: the real SDK's InvokeCommand against `serve`'s
// endpoint (signing, HTTP, the REST-JSON mapping) beside the in-process service.invoke it wraps,
// on the same warm function, alternated sample by sample in the same run (issue 10: under 1 ms
// added at p50).

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startEndpoint } from '../src/endpoint/server.ts';
import type { RuntimeUnderTest } from '../test/support/runtimes.ts';
import type { BenchOptions } from './options.ts';
import { interleave, percentile, summarize, type Summary } from './stats.ts';

export interface EndpointResult {
  runtime: string;
  sdkMs: Summary;
  inProcessMs: Summary;
  /** Median of the per-pair differences (SDK minus in-process), each pair taken back to back. */
  addedP50Ms: number;
  /**
   * This process's CPU per invoke (client and endpoint both live here; the function's own process
   * is apart), SDK path minus in-process path, in µs: what the endpoint costs, less swayed by the
   * machine's load than wall time.
   */
  addedCpuUs: number;
}

export async function measureEndpoint(bench: RuntimeUnderTest, options: BenchOptions): Promise<EndpointResult> {
  const endpoint = await startEndpoint({ service: { idleTimeoutMs: 600_000 } });
  try {
    const { code, handler } = bench.fixture('echo');
    const name = 'bench-endpoint';
    await endpoint.service.createFunction({ FunctionName: name, Runtime: bench.runtime, Handler: handler, Code: { Directory: code } });
    const client = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
    const payload = '{"bench":true}';
    const viaSdk = async () => {
      const start = performance.now();
      const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: payload }));
      const elapsed = performance.now() - start;
      if (out.FunctionError) throw new Error(`the endpoint bench's function failed: ${Buffer.from(out.Payload ?? []).toString('utf8')}`);
      return elapsed;
    };
    const inProcess = async () => {
      const start = performance.now();
      const out = await endpoint.service.invoke({ FunctionName: name, Payload: payload });
      const elapsed = performance.now() - start;
      if (out.FunctionError) throw new Error(`the endpoint bench's function failed: ${out.Payload.toString('utf8')}`);
      return elapsed;
    };
    // Warm both paths: the environment, the SDK's lazy loading, the HTTP agent's connection.
    for (let i = 0; i < (options.quick ? 5 : 30); i++) await viaSdk(), await inProcess();
    const samples = await interleave(options.warmSamples, { sdk: viaSdk, inProcess });
    const cpuPerInvoke = async (run: () => Promise<number>) => {
      const before = process.cpuUsage();
      for (let i = 0; i < options.cpuBlock; i++) await run();
      const used = process.cpuUsage(before);
      return (used.user + used.system) / options.cpuBlock;
    };
    const cpu = await interleave(options.cpuBlocks, { sdk: () => cpuPerInvoke(viaSdk), inProcess: () => cpuPerInvoke(inProcess) });
    client.destroy();
    const differences = samples.sdk.map((value, i) => value - samples.inProcess[i]!);
    return {
      runtime: bench.runtime,
      sdkMs: summarize(samples.sdk),
      inProcessMs: summarize(samples.inProcess),
      addedP50Ms: percentile(differences, 50),
      addedCpuUs: percentile(cpu.sdk, 50) - percentile(cpu.inProcess, 50),
    };
  } finally {
    await endpoint.close();
  }
}
