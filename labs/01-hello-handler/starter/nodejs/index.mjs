// Lab 1: hello handler.
// Code up here, outside the handler, runs once per execution environment: during init,
// the cold start.

// Lambda calls the handler once per invocation. `event` is the JSON the function was
// invoked with, for example { "name": "Ada" }.
export const handler = async (event) => {
  // Your code here: greet event.name ("world" when there is none), log a line that
  // mentions the name, and return coldStart: true or false.
  return { message: 'Hello, world!' };
};
