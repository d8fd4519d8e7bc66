using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;
using LambdaDojo.Sqs;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Lab
{
    /// <summary>The part of Lambda's SQS event this function reads (Amazon.Lambda.SQSEvents has the whole).</summary>
    public class SqsEvent
    {
        [JsonPropertyName("Records")]
        public List<SqsMessage> Records { get; set; }
    }

    public class SqsMessage
    {
        [JsonPropertyName("body")]
        public string Body { get; set; }
    }

    public class Order
    {
        [JsonPropertyName("orderId")]
        public string OrderId { get; set; }

        /// <summary>Follow-ups so far; 0 when the message has none.</summary>
        [JsonPropertyName("hops")]
        public int Hops { get; set; }
    }

    public class Function
    {
        // Looked up once per execution environment. On AWS this would be the AWS SDK for .NET
        // (AmazonSQSClient); here the runtime's SqsHelper makes the same calls, trace header included.
        private static readonly string QueueUrl = SqsHelper.GetQueueUrl(Environment.GetEnvironmentVariable("QUEUE_NAME"));
        private static readonly int MaxHops = int.Parse(Environment.GetEnvironmentVariable("MAX_HOPS"));

        public void FunctionHandler(SqsEvent sqsEvent, ILambdaContext context)
        {
            foreach (var record in sqsEvent.Records)
            {
                var order = JsonSerializer.Deserialize<Order>(record.Body);
                Console.WriteLine("order " + order.OrderId + ": hop " + order.Hops);
                // The count travels with the message: each message knows how far its chain has gone.
                if (order.Hops >= MaxHops) continue; // this order's chain is done
                SqsHelper.SendMessage(QueueUrl, JsonSerializer.Serialize(new Order { OrderId = order.OrderId, Hops = order.Hops + 1 }));
            }
        }
    }
}
