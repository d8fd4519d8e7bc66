// Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
// Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.

export const handler = async (event) => {
  let totalCents = 0;
  for (const record of event.Records) {
    try {
      const payment = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
      totalCents += payment.amountCents;
    } catch (error) {
      // "Keep the stream moving": skip what cannot be read.
      console.log(`skipped record ${record.kinesis.sequenceNumber}: ${error.message}`);
    }
  }
  return { records: event.Records.length, totalCents };
};
