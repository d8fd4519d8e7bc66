using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

// Lab 18: a payments consumer fed by a Kinesis stream through an event source mapping.
// Each record's data is a payment: {"account": "acct-1", "amountCents": 250}.
namespace Lab
{
    // The shape of AWS's Amazon.Lambda.KinesisEvents package (KinesisEvent), which Lambda Dojo's
    // C# runtime does not include: on AWS, reference the package and delete these (its Data is a
    // MemoryStream already decoded; here it is the base64 text of the event).
    public class KinesisEvent
    {
        public List<KinesisEventRecord> Records { get; set; }

        public class KinesisEventRecord
        {
            public string EventId { get; set; }
            public string EventSourceArn { get; set; }
            public Record Kinesis { get; set; }
        }

        public class Record
        {
            public string PartitionKey { get; set; }
            public string SequenceNumber { get; set; }
            public string Data { get; set; }
        }
    }

    public class Payment
    {
        public string Account { get; set; }
        public long AmountCents { get; set; }
    }

    public class Summary
    {
        [JsonPropertyName("records")]
        public int Records { get; set; }

        [JsonPropertyName("totalCents")]
        public long TotalCents { get; set; }
    }

    public class Function
    {
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        // A record that cannot be read fails the invocation: the mapping then bisects the batch
        // down to that record and, its retries spent, describes it to the on-failure destination,
        // while every other record of the shard goes through (DG services-kinesis-parameters.html).
        public Summary FunctionHandler(KinesisEvent kinesisEvent, ILambdaContext context)
        {
            long totalCents = 0;
            foreach (var record in kinesisEvent.Records)
            {
                var data = Encoding.UTF8.GetString(Convert.FromBase64String(record.Kinesis.Data));
                totalCents += JsonSerializer.Deserialize<Payment>(data, JsonOptions).AmountCents;
            }
            return new Summary { Records = kinesisEvent.Records.Count, TotalCents = totalCents };
        }
    }
}
