import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

// Made once per execution environment (lesson 7.1); the SDK sends the invocation's trace header
// with every call, which is how Lambda follows the chain through the queue.
const sqs = new SQSClient({});
const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: process.env.QUEUE_NAME }));
const MAX_HOPS = Number(process.env.MAX_HOPS);

export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    const hops = order.hops ?? 0;
    console.log(`order ${order.orderId}: hop ${hops}`);
    // The count travels with the message: each message knows how far its chain has gone.
    if (hops >= MAX_HOPS) continue; // this order's chain is done
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ ...order, hops: hops + 1 }) }));
  }
};
