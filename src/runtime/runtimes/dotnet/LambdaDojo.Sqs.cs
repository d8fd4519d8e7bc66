// LambdaDojo.Sqs.SqsHelper: SQS GetQueueUrl and SendMessage for the queues a lab or a template
// starts locally, the calls a Lambda function makes with the AWS SDK (AmazonSQSClient
// GetQueueUrlAsync, SendMessageAsync), written with Mono's class library against the queue service
// at AWS_ENDPOINT_URL_SQS in SQS's JSON protocol. Compiled into the runtime's Amazon.Lambda.Core
// assembly. Like the SDK inside Lambda, every call carries the invocation's trace header
// (_X_AMZN_TRACE_ID) as X-Amzn-Trace-Id, which is how Lambda's recursive loop detection follows a
// chain through a queue (DG invocation-recursion.html).
//
//     var url = SqsHelper.GetQueueUrl(Environment.GetEnvironmentVariable("QUEUE_NAME"));
//     var messageId = SqsHelper.SendMessage(url, JsonSerializer.Serialize(order));

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;

namespace LambdaDojo.Sqs
{
    /// <summary>SQS answered with an error; ErrorType is its type, such as QueueDoesNotExist.</summary>
    public class SqsException : Exception
    {
        public string ErrorType { get; private set; }

        public SqsException(string errorType, string message) : base(errorType + ": " + message)
        {
            ErrorType = errorType;
        }
    }

    public static class SqsHelper
    {
        public static string GetQueueUrl(string queueName)
        {
            if (string.IsNullOrEmpty(queueName))
            {
                throw new ArgumentException("SqsHelper.GetQueueUrl needs the queue's name, e.g. Environment.GetEnvironmentVariable(\"QUEUE_NAME\").");
            }
            return (string)Call("GetQueueUrl", new Dictionary<string, object> { ["QueueName"] = queueName })["QueueUrl"];
        }

        /// <summary>Sends one message; returns its MessageId.</summary>
        public static string SendMessage(string queueUrl, string messageBody)
        {
            if (string.IsNullOrEmpty(queueUrl))
            {
                throw new ArgumentException("SqsHelper.SendMessage needs the queue's URL, from SqsHelper.GetQueueUrl.");
            }
            if (messageBody == null)
            {
                throw new ArgumentException("SqsHelper.SendMessage needs a message body, e.g. JsonSerializer.Serialize(order).");
            }
            return (string)Call("SendMessage", new Dictionary<string, object> { ["QueueUrl"] = queueUrl, ["MessageBody"] = messageBody })["MessageId"];
        }

        private static Dictionary<string, object> Call(string operation, Dictionary<string, object> request)
        {
            var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_SQS");
            if (string.IsNullOrEmpty(endpoint)) endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
            if (string.IsNullOrEmpty(endpoint))
            {
                throw new SqsException("SQSError", "AWS_ENDPOINT_URL_SQS is not set: SqsHelper works inside the Lambda Dojo runtime, beside a lab's or a template's queues.");
            }
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request));
            var web = (HttpWebRequest)WebRequest.Create(endpoint.TrimEnd('/') + "/");
            web.Method = "POST";
            web.ContentType = "application/x-amz-json-1.0";
            web.Headers["X-Amz-Target"] = "AmazonSQS." + operation;
            var trace = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
            if (!string.IsNullOrEmpty(trace) && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME")))
            {
                web.Headers["X-Amzn-Trace-Id"] = trace;
            }
            web.Timeout = 10000;
            // Loopback only: a proxy configured on the machine must not see the request.
            web.Proxy = null;
            int status;
            string text;
            try
            {
                web.ContentLength = body.Length;
                using (var stream = web.GetRequestStream()) stream.Write(body, 0, body.Length);
                HttpWebResponse response;
                try
                {
                    response = (HttpWebResponse)web.GetResponse();
                }
                catch (WebException e) when (e.Response != null)
                {
                    response = (HttpWebResponse)e.Response;
                }
                using (response)
                using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
                {
                    status = (int)response.StatusCode;
                    text = reader.ReadToEnd();
                }
            }
            catch (WebException e)
            {
                throw new SqsException("SQSError", "the queue service at " + endpoint + " did not answer: " + e.Message);
            }
            var answer = Amazon.Lambda.Dojo.Json.Parse(text.Length == 0 ? "{}" : text) as Dictionary<string, object> ?? new Dictionary<string, object>();
            if (status != 200)
            {
                object type, message;
                answer.TryGetValue("__type", out type);
                if (!answer.TryGetValue("message", out message)) answer.TryGetValue("Message", out message);
                var name = type as string ?? "SQSError";
                throw new SqsException(name.Substring(name.LastIndexOf('#') + 1), message as string ?? "SQS answered " + status);
            }
            return answer;
        }
    }
}
