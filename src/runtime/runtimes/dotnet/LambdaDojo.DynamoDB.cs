// LambdaDojo.DynamoDB.DynamoDbHelper.GetItem: DynamoDB GetItem for the tables a lab or a
// template starts locally, the call a Lambda function makes with the AWS SDK
// (AmazonDynamoDBClient.GetItemAsync), written with Mono's class library against the table
// service at AWS_ENDPOINT_URL_DYNAMODB. Compiled into the runtime's Amazon.Lambda.Core assembly,
// which every function references. Keys and the item are plain values (string, long, double,
// bool, null, List<object>, Dictionary<string, object>); the item is null when there is none.
//
//     var item = DynamoDbHelper.GetItem(Environment.GetEnvironmentVariable("TABLE_NAME"),
//         new Dictionary<string, object> { { "token", token } });

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using LambdaDojo.AwsJson;

namespace LambdaDojo.DynamoDB
{
    /// <summary>DynamoDB answered with an error; ErrorType is its type, such as ResourceNotFoundException.</summary>
    public class DynamoDbException : Exception
    {
        public string ErrorType { get; private set; }

        public DynamoDbException(string errorType, string message) : base(errorType + ": " + message)
        {
            ErrorType = errorType;
        }
    }

    public static class DynamoDbHelper
    {
        public static Dictionary<string, object> GetItem(string tableName, IDictionary<string, object> key)
        {
            if (string.IsNullOrEmpty(tableName))
            {
                throw new ArgumentException("DynamoDbHelper.GetItem needs the table's name, e.g. Environment.GetEnvironmentVariable(\"TABLE_NAME\").");
            }
            if (key == null || key.Count == 0)
            {
                throw new ArgumentException("DynamoDbHelper.GetItem needs the key as attribute names and values, e.g. new Dictionary<string, object> { { \"token\", token } }.");
            }
            var attributes = new Dictionary<string, object>();
            foreach (var pair in key) attributes[pair.Key] = ToAttribute(pair.Value);
            var answer = Call("GetItem", new Dictionary<string, object> { ["TableName"] = tableName, ["Key"] = attributes });
            object item;
            if (!answer.TryGetValue("Item", out item) || !(item is Dictionary<string, object>)) return null;
            var plain = new Dictionary<string, object>();
            foreach (var pair in (Dictionary<string, object>)item) plain[pair.Key] = FromAttribute(pair.Value);
            return plain;
        }

        private static Dictionary<string, object> Call(string operation, Dictionary<string, object> request)
        {
            var endpoint = AwsJsonClient.Endpoint("DYNAMODB");
            if (endpoint == null)
            {
                throw new DynamoDbException("DynamoDBError", "AWS_ENDPOINT_URL_DYNAMODB is not set: DynamoDbHelper works inside the Lambda Dojo runtime, beside a lab's or a template's tables.");
            }
            AwsJsonAnswer answer;
            try
            {
                answer = AwsJsonClient.Post(endpoint, "1.0", "DynamoDB_20120810." + operation, request);
            }
            catch (WebException e)
            {
                throw new DynamoDbException("DynamoDBError", "the table service at " + endpoint + " did not answer: " + e.Message);
            }
            if (answer.Status != 200) throw new DynamoDbException(answer.ErrorType ?? "DynamoDBError", answer.ErrorMessage ?? "DynamoDB answered " + answer.Status);
            return answer.Body;
        }

        private static Dictionary<string, object> ToAttribute(object value)
        {
            if (value == null) return new Dictionary<string, object> { ["NULL"] = true };
            if (value is string) return new Dictionary<string, object> { ["S"] = value };
            if (value is bool) return new Dictionary<string, object> { ["BOOL"] = value };
            if (value is int || value is long || value is double || value is float || value is decimal)
            {
                return new Dictionary<string, object> { ["N"] = Convert.ToString(value, CultureInfo.InvariantCulture) };
            }
            if (value is IDictionary<string, object>)
            {
                var map = new Dictionary<string, object>();
                foreach (var pair in (IDictionary<string, object>)value) map[pair.Key] = ToAttribute(pair.Value);
                return new Dictionary<string, object> { ["M"] = map };
            }
            if (value is IEnumerable)
            {
                var list = new List<object>();
                foreach (var element in (IEnumerable)value) list.Add(ToAttribute(element));
                return new Dictionary<string, object> { ["L"] = list };
            }
            throw new ArgumentException("DynamoDbHelper cannot store a " + value.GetType().Name + ": use string, a number, bool, null, a list or a Dictionary<string, object>.");
        }

        private static object FromAttribute(object attribute)
        {
            var map = attribute as Dictionary<string, object>;
            if (map == null || map.Count != 1) return attribute;
            foreach (var pair in map)
            {
                switch (pair.Key)
                {
                    case "S":
                    case "B":
                    case "BOOL":
                        return pair.Value;
                    case "NULL":
                        return null;
                    case "N":
                        var number = (string)pair.Value;
                        long whole;
                        if (long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out whole)) return whole;
                        return double.Parse(number, CultureInfo.InvariantCulture);
                    case "L":
                        var list = new List<object>();
                        foreach (var element in (List<object>)pair.Value) list.Add(FromAttribute(element));
                        return list;
                    case "M":
                        var result = new Dictionary<string, object>();
                        foreach (var entry in (Dictionary<string, object>)pair.Value) result[entry.Key] = FromAttribute(entry.Value);
                        return result;
                    default:
                        return pair.Value;
                }
            }
            return attribute;
        }
    }
}
