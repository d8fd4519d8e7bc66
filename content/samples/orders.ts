// Lesson 1.1's first handler (content/samples/orders/<language>/), as the lesson shows it: the
// handler string of each language and what the lesson says it answers. test/site/samples.test.ts
// runs each one through the embedded runtime and holds it to these answers.
import { fileURLToPath } from 'node:url';
import type { LambdaService } from '../../src/runtime/service.ts';
import type { SampleLanguage } from './sample-runtimes.ts';

export const ordersFolder = fileURLToPath(new URL('./orders/', import.meta.url));

export const orderHandlers: Record<SampleLanguage, string> = {
  nodejs: 'index.handler',
  python: 'lambda_function.lambda_handler',
  java: 'example.Orders::handleRequest',
  dotnet: 'Orders::Orders.Function::FunctionHandler',
  go: 'bootstrap',
  ruby: 'lambda_function.lambda_handler',
};

/** The events the lesson invokes the handler with, and what it says the handler answers and logs. */
export const orderExamples = [
  { event: { drink: 'tea' }, answer: { order: 'One tea, coming up' }, logs: 'Order for tea' },
  { event: {}, answer: { order: 'One coffee, coming up' }, logs: 'Order for coffee' },
] as const;

/** Invokes one language's handler with each example event; returns what came back and the log. */
export async function runOrders(service: LambdaService, language: SampleLanguage, runtime: string): Promise<Array<{ answer: unknown; log: string }>> {
  const FunctionName = `lesson-orders-${language}`;
  await service.createFunction({ FunctionName, Runtime: runtime, Handler: orderHandlers[language], Code: { Directory: `${ordersFolder}${language}` } });
  try {
    const results = [];
    for (const example of orderExamples) {
      const result = await service.invoke({ FunctionName, Payload: example.event, LogType: 'Tail' });
      results.push({ answer: JSON.parse(result.Payload.toString('utf8')), log: Buffer.from(result.LogResult ?? '', 'base64').toString('utf8') });
    }
    return results;
  } finally {
    await service.deleteFunction(FunctionName);
  }
}
