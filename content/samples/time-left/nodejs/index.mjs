const processItem = async (item) => item; // your real work

export const handler = async (event, context) => {
  let processed = 0;
  for (const item of event.items ?? []) {
    // Keep a margin to answer before the timeout ends the invocation.
    if (context.getRemainingTimeInMillis() < 500) break;
    await processItem(item);
    processed += 1;
  }
  console.log(`${context.functionName} processed ${processed} items`);
  return { processed, requestId: context.awsRequestId };
};
