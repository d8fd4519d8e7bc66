using System;
using System.Collections.Generic;
using System.Diagnostics;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

// Lab 7: layer order and limits.
// Every dojo-* command here comes from a layer that function.json lists, in its bin folder,
// which lands in /opt/bin (on PATH). Lambda extracts the layers into /opt one after another,
// in the order listed: where two layers hold the same file, the function sees the copy from
// the layer extracted last.
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
        public Dictionary<string, string> Helpers { get; set; }
    }

    public class Function
    {
        private static readonly string[] HelperNames = { "currency", "text", "slug", "time", "ids" };

        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            var currency = string.IsNullOrEmpty(request?.Currency) ? "EUR" : request.Currency;
            var price = Run("dojo-format", $"money {request?.Cents ?? 0} {currency}");
            var version = Run("dojo-format", "--version");
            var helpers = new Dictionary<string, string>();
            foreach (var name in HelperNames) helpers[name] = Run("dojo-" + name, "--version");
            Console.WriteLine($"Formatted {price} with dojo-format {version}; helpers {string.Join(", ", helpers)}");
            return new Response { Price = price, FormatVersion = version, Helpers = helpers };
        }

        // Runs a command found on PATH and returns what it printed.
        private static string Run(string command, string arguments)
        {
            var start = new ProcessStartInfo(command, arguments) { UseShellExecute = false, RedirectStandardOutput = true };
            using (var process = Process.Start(start))
            {
                var output = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {arguments} exited with {process.ExitCode}");
                return output;
            }
        }
    }
}
