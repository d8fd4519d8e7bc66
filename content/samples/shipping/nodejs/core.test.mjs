import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shippingCents } from './core.mjs';

test('500 cents plus 2 per started 100 g', () => {
  assert.equal(shippingCents(1250), 526);
});

test('express doubles the price', () => {
  assert.equal(shippingCents(1250, true), 1052);
});
