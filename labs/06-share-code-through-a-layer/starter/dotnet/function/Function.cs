using System;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

// Lab 6: share code through a layer.
// The team formats prices with dojo-format, a command shared through a layer so that every
// function, whatever its language, formats the same way. This function still carries its
// own old copy of the formatting rule (Money, below), taken from dojo-format 1.4.0.
namespace Lab
{
    public class Request
    {
        public long Cents { get; set; }
        public string Currency { get; set; }
    }

    public class Response
    {
        public string Price { get; set; }
        public string FormatVersion { get; set; }
        public string FormatPath { get; set; }
    }

    public class Function
    {
        // The copy of dojo-format 1.4.0's rule: 1205 EUR -> "12.5 EUR".
        private static string Money(long cents, string currency)
        {
            return $"{cents / 100}.{cents % 100} {currency}";
        }

        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            var currency = string.IsNullOrEmpty(request?.Currency) ? "EUR" : request.Currency;
            var price = Money(request?.Cents ?? 0, currency);
            // The rule is compiled into this assembly, so it comes from the function's own package.
            var path = typeof(Function).Assembly.Location;
            Console.WriteLine($"Formatted {price} with the built-in copy of dojo-format 1.4.0 in {path}");
            return new Response { Price = price, FormatVersion = "1.4.0", FormatPath = path };
        }
    }
}
