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
        // One embedded metric format document per order: CloudWatch Logs extracts the metrics from
        // the log line, so publishing costs no API call in the handler.
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
        private static void Publish(bool accepted)
        {
            Console.WriteLine("{\"_aws\":{\"Timestamp\":" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()
                + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Lab20/Orders\",\"Dimensions\":[[\"Service\"]],"
                + "\"Metrics\":[{\"Name\":\"OrdersAccepted\",\"Unit\":\"Count\"},{\"Name\":\"OrdersRejected\",\"Unit\":\"Count\"}]}]},"
                + "\"Service\":\"orders\",\"OrdersAccepted\":" + (accepted ? 1 : 0) + ",\"OrdersRejected\":" + (accepted ? 0 : 1) + "}");
        }

        public void FunctionHandler(SqsEvent sqsEvent, ILambdaContext context)
        {
            foreach (var record in sqsEvent.Records)
            {
                var order = JsonSerializer.Deserialize<Order>(record.Body);
                var accepted = order.Amount > 0;
                Publish(accepted);
            }
        }
    }
}
