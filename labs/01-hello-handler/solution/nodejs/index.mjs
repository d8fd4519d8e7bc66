// Runs once per execution environment, during init: true only until the first invocation.
let coldStart = true;

export const handler = async (event) => {
  const name = event?.name ?? 'world';
  const wasCold = coldStart;
  coldStart = false;
  console.log(`Greeting ${name} (cold start: ${wasCold})`);
  return { message: `Hello, ${name}!`, coldStart: wasCold };
};
