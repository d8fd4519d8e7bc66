// Handler string: index.handler (file index, export handler).
class InvalidName extends Error {
  name = 'InvalidName'; // becomes the errorType the caller sees
}

export const handler = async (event, context) => {
  if (typeof event.name !== 'string' || event.name === '') {
    throw new InvalidName('event.name must be a non-empty string');
  }
  return { greeting: `Hello, ${event.name}!` };
};
