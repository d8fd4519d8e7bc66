import { shippingCents } from './core.mjs';

// The handler only adapts the event to the core and the core's answer to a response.
export const handler = async (event) => ({ shippingCents: shippingCents(event.weightGrams, event.express) });
