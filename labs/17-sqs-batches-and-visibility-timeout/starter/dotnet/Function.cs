using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

// Lab 17: an order consumer fed by an SQS queue through an event source mapping.
// Each message body is an order: {"orderId": "o-1", "quantity": 2}.
namespace Lab
{
    // The shapes of AWS's Amazon.Lambda.SQSEvents package (SQSEvent, SQSBatchResponse), which
    // Lambda Dojo's C# runtime does not include: on AWS, reference the package and delete these.
    public class SQSEvent
    {
        public List<SQSMessage> Records { get; set; }

        public class SQSMessage
        {
            public string MessageId { get; set; }
            public string ReceiptHandle { get; set; }
            public string Body { get; set; }
            public string EventSourceArn { get; set; }
        }
    }

    public class SQSBatchResponse
    {
        [JsonPropertyName("batchItemFailures")]
        public List<BatchItemFailure> BatchItemFailures { get; set; }

        public class BatchItemFailure
        {
            [JsonPropertyName("itemIdentifier")]
            public string ItemIdentifier { get; set; }
        }
    }

    public class Order
    {
        public string OrderId { get; set; }
        public int Quantity { get; set; }
    }

    public class Function
    {
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        /// <summary>Checks one order; throws when the body is not an order we can process.</summary>
        public static void ProcessOrder(string body)
        {
            var order = JsonSerializer.Deserialize<Order>(body, JsonOptions);
            if (order == null || string.IsNullOrEmpty(order.OrderId)) throw new ArgumentException("an order needs an orderId");
            if (order.Quantity < 1) throw new ArgumentException("order " + order.OrderId + ": quantity must be a whole number of at least 1");
            // A real consumer would charge and ship the order here.
        }

        public SQSBatchResponse FunctionHandler(SQSEvent sqsEvent, ILambdaContext context)
        {
            // One bad message throws, and the whole batch goes back to the queue.
            foreach (var message in sqsEvent.Records) ProcessOrder(message.Body);
            return null;
        }
    }
}
