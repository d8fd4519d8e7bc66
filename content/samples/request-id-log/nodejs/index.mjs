export const handler = async (event, context) => {
  console.log(JSON.stringify({ level: 'info', requestId: context.awsRequestId, message: 'order received' }));
  return { ok: true };
};
