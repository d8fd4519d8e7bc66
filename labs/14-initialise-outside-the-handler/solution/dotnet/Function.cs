using System;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Request
    {
        public string Sku { get; set; }
    }

    public class Quote
    {
        public string Sku { get; set; }
        public int PriceCents { get; set; }
    }

    public class Session
    {
        public string Token { get; set; }
    }

    public class Function
    {
        private static readonly string Backend = Environment.GetEnvironmentVariable("BACKEND_URL");
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        private static readonly string Token;

        // A static constructor runs once per execution environment, at init: the connection is
        // opened there, and every warm invocation reuses its token. HttpWebRequest keeps the TCP
        // connection alive in its ServicePoint pool between requests.
        static Function()
        {
            Token = Call<Session>("POST", "/connect", null).Token;
        }

        public Quote FunctionHandler(Request input, ILambdaContext context)
        {
            var price = Call<Quote>("GET", "/prices/" + Uri.EscapeDataString(input.Sku), Token);
            return new Quote { Sku = input.Sku, PriceCents = price.PriceCents };
        }

        private static T Call<T>(string method, string path, string token)
        {
            var request = (HttpWebRequest)WebRequest.Create(Backend + path);
            request.Method = method;
            request.Proxy = null; // loopback: no proxy
            request.Timeout = 5000;
            if (token != null) request.Headers["Authorization"] = "Bearer " + token;
            if (method == "POST") request.ContentLength = 0;
            using (var response = (HttpWebResponse)request.GetResponse())
            using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
            {
                return JsonSerializer.Deserialize<T>(reader.ReadToEnd(), JsonOptions);
            }
        }
    }
}
