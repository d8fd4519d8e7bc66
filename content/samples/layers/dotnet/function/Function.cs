using System.Collections.Generic;
using System.Diagnostics;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Hello
{
    public class Function
    {
        public Dictionary<string, string> FunctionHandler(Dictionary<string, string> input, ILambdaContext context)
        {
            string name;
            if (!input.TryGetValue("name", out name)) name = "world";
            // "greet" is found on PATH, which includes /opt/bin. The arguments are one string:
            // quote the name so that a space in it does not split it in two.
            var quoted = "\"" + name.Replace("\"", "\\\"") + "\"";
            var start = new ProcessStartInfo("greet", quoted) { RedirectStandardOutput = true, UseShellExecute = false };
            using (var process = Process.Start(start))
            {
                var message = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return new Dictionary<string, string> { { "message", message } };
            }
        }
    }
}
