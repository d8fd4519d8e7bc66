// Everything in the handler: the pricing rules can only be reached through a Lambda event and
// context, so testing them means faking both.
export const handler = async (event, context) => {
  console.log(`pricing ${event.items.length} items for request ${context.awsRequestId}`);
  let subtotalCents = 0;
  for (const item of event.items) subtotalCents += item.unitPriceCents * item.quantity;
  let discountCents = 0;
  if (event.coupon === 'SAVE10') discountCents = Math.floor((subtotalCents * 10) / 100);
  if (event.coupon === 'FLAT500') discountCents = Math.min(500, subtotalCents);
  return { subtotalCents, discountCents, totalCents: subtotalCents - discountCents };
};
