import assert from 'node:assert/strict';
import { test } from 'node:test';
// The only way in is the handler: the test must build a Lambda event and a fake context.
import { handler } from './index.mjs';

test('adds up unit price times quantity', async () => {
  const event = { items: [{ sku: 'A', unitPriceCents: 1250, quantity: 2 }] };
  const context = { awsRequestId: 'test' };
  assert.equal((await handler(event, context)).totalCents, 2500);
});
