import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priceOrder } from './core.mjs';

const items = [
  { sku: 'A', unitPriceCents: 1250, quantity: 2 },
  { sku: 'B', unitPriceCents: 399, quantity: 1 },
];

test('adds up unit price times quantity', () => {
  assert.deepEqual(priceOrder(items), { subtotalCents: 2899, discountCents: 0, totalCents: 2899 });
});

test('SAVE10 takes 10%, rounded down to the cent', () => {
  assert.deepEqual(priceOrder(items, 'SAVE10'), { subtotalCents: 2899, discountCents: 289, totalCents: 2610 });
});

test('FLAT500 never takes more than the subtotal', () => {
  assert.deepEqual(priceOrder([{ sku: 'C', unitPriceCents: 300, quantity: 1 }], 'FLAT500'), { subtotalCents: 300, discountCents: 300, totalCents: 0 });
});

test('an unknown coupon gives no discount', () => {
  assert.equal(priceOrder(items, 'NOPE').discountCents, 0);
});
