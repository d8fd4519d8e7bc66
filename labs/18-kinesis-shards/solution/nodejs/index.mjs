// Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
// Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.

// A record that cannot be read fails the invocation: the mapping then bisects the batch down to
// that record and, its retries spent, describes it to the on-failure destination, while every
// other record of the shard goes through (DG services-kinesis-parameters.html).
export const handler = async (event) => {
  let totalCents = 0;
  for (const record of event.Records) {
    const payment = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
    totalCents += payment.amountCents;
  }
  return { records: event.Records.length, totalCents };
};
