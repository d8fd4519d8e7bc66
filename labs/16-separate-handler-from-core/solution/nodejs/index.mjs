import { priceOrder } from './core.mjs';

// The handler only adapts: it takes the event apart, calls the core, and shapes the answer.
export const handler = async (event, context) => {
  console.log(`pricing ${event.items.length} items for request ${context.awsRequestId}`);
  return priceOrder(event.items, event.coupon);
};
