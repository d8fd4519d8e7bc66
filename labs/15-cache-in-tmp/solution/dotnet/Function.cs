using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
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
        public string CachedFile { get; set; }
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

        // /tmp belongs to the execution environment and outlives each invocation: the first
        // invocation of an environment downloads the asset, every later one reads it from here.
        private static readonly string CachedFile = Path.Combine(Path.GetTempPath(), Path.GetFileName(new Uri(AssetUrl).AbsolutePath));

        public Answer FunctionHandler(Request input, ILambdaContext context)
        {
            var table = Rates();
            int rate;
            table.Rates.TryGetValue(input.Country, out rate);
            return new Answer { Country = input.Country, RatePercent = rate, AssetVersion = table.Version, CachedFile = CachedFile };
        }

        private static RateTable Rates()
        {
            if (!File.Exists(CachedFile))
            {
                // Written under another name first, so a half-written file is never taken for the asset.
                var partial = CachedFile + ".partial";
                using (var web = new WebClient { Proxy = null }) web.DownloadFile(AssetUrl, partial);
                File.Move(partial, CachedFile);
            }
            return JsonSerializer.Deserialize<RateTable>(File.ReadAllText(CachedFile), JsonOptions);
        }
    }
}
