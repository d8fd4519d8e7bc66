// Runs once per execution environment, during Init.
const startedAt = new Date().toISOString();
let invocations = 0;

export const handler = async (event, context) => {
  invocations += 1; // still counting on a warm start
  return { startedAt, invocations };
};
