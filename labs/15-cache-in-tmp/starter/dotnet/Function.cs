using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Request
    {
        public string Country { get; set; }
    }

    public class Answer
    {
        public string Country { get; set; }
        public int RatePercent { get; set; }
        public string AssetVersion { get; set; }
    }

    public class RateTable
    {
        public string Version { get; set; }
        public Dictionary<string, int> Rates { get; set; }
    }

    public class Function
    {
        private static readonly string AssetUrl = Environment.GetEnvironmentVariable("ASSET_URL");
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        public Answer FunctionHandler(Request input, ILambdaContext context)
        {
            // Downloaded again on every invocation.
            string json;
            using (var web = new WebClient { Proxy = null, Encoding = Encoding.UTF8 }) json = web.DownloadString(AssetUrl);
            var table = JsonSerializer.Deserialize<RateTable>(json, JsonOptions);
            int rate;
            table.Rates.TryGetValue(input.Country, out rate);
            return new Answer { Country = input.Country, RatePercent = rate, AssetVersion = table.Version };
        }
    }
}
