using System;
using System.Diagnostics;
using System.IO;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

// Lab 6: share code through a layer.
// The team formats prices with dojo-format, a command shared through a layer so that every
// function, whatever its language, formats the same way. A layer's bin folder lands in
// /opt/bin, which is on PATH, so the function runs the command by its name.
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
        private const string FormatCommand = "dojo-format";

        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            var currency = string.IsNullOrEmpty(request?.Currency) ? "EUR" : request.Currency;
            var path = FindOnPath(FormatCommand);
            var version = Run(path, "--version");
            var price = Run(path, $"money {request?.Cents ?? 0} {currency}");
            Console.WriteLine($"Formatted {price} with dojo-format {version} from {path}");
            return new Response { Price = price, FormatVersion = version, FormatPath = path };
        }

        // The same search the system makes for a command: the first folder on PATH that has it.
        private static string FindOnPath(string command)
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                var candidate = Path.Combine(folder, command);
                if (folder.Length > 0 && File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"{command} is in no folder on PATH ({Environment.GetEnvironmentVariable("PATH")})");
        }

        private static string Run(string path, string arguments)
        {
            var start = new ProcessStartInfo(path, arguments) { UseShellExecute = false, RedirectStandardOutput = true };
            using (var process = Process.Start(start))
            {
                var output = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new InvalidOperationException($"{path} {arguments} exited with {process.ExitCode}");
                return output;
            }
        }
    }
}
