import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: process.env.QUEUE_NAME }));
const MAX_HOPS = Number(process.env.MAX_HOPS);

export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    const hops = order.hops ?? 0;
    console.log(`order ${order.orderId}: hop ${hops}`);
    // Every order gets a follow-up on the same queue... and so does every follow-up.
    // TODO: stop once the order has had MAX_HOPS follow-ups.
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ ...order, hops: hops + 1 }) }));
  }
};
