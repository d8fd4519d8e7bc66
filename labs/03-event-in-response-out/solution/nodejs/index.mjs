// Thrown, not answered: an order the shop cannot serve is an error worth an alarm.
// Lambda reports error.name as the errorType, so the subclass sets it.
class OutOfStockError extends Error {
  constructor(item) {
    super(`Sorry, we are out of ${item}`);
    this.name = 'OutOfStockError';
  }
}

const json = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event) => {
  let order;
  try {
    order = JSON.parse(event.body ?? '');
  } catch {
    return json(400, { error: 'The body must be JSON, for example {"item": "tea", "quantity": 2}' });
  }
  const { item, quantity } = order ?? {};
  if (typeof item !== 'string' || item === '') return json(400, { error: 'item must be a non-empty string' });
  if (!Number.isInteger(quantity) || quantity < 1) return json(400, { error: 'quantity must be a whole number of at least 1' });
  if (item === 'unicorn') throw new OutOfStockError(item);
  return json(201, { item, quantity, status: 'accepted' });
};
