using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

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

        [JsonPropertyName("amount")]
        public double Amount { get; set; }
    }

    public class Function
    {

        public void FunctionHandler(SqsEvent sqsEvent, ILambdaContext context)
        {
            foreach (var record in sqsEvent.Records)
            {
                var order = JsonSerializer.Deserialize<Order>(record.Body);
                var accepted = order.Amount > 0;
                // A log line for people to read. TODO: publish OrdersAccepted and OrdersRejected as metrics.
                Console.WriteLine("{\"service\":\"orders\",\"orderId\":\"" + order.OrderId + "\",\"accepted\":" + (accepted ? "true" : "false") + "}");
            }
        }
    }
}
