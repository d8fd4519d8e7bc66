using System;
using System.Collections.Generic;
using System.Threading;
using Amazon.Lambda.Core;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer))]

namespace Lab
{
    public class Job
    {
        public string Id { get; set; }
        public int Ms { get; set; }
    }

    public class Request
    {
        public List<Job> Jobs { get; set; } = new List<Job>();
    }

    public class Response
    {
        public List<string> Done { get; set; }
        public List<string> Left { get; set; }
    }

    public class Function
    {
        // Init: the reference table (simulated, 150 MB) is loaded once per execution environment.
        private static readonly byte[] Table = Fill(150 * 1024 * 1024);

        // Time kept back to return the answer before the deadline.
        private static readonly TimeSpan Safety = TimeSpan.FromMilliseconds(500);

        private static byte[] Fill(int size)
        {
            var table = new byte[size];
            var pattern = System.Text.Encoding.ASCII.GetBytes("lambda");
            Array.Copy(pattern, table, pattern.Length);
            // Each copy doubles the written part: all of it is real, used memory.
            for (var filled = pattern.Length; filled < size; filled *= 2) Array.Copy(table, 0, table, filled, Math.Min(filled, size - filled));
            return table;
        }

        private static void Work(int ms)
        {
            Thread.Sleep(ms);
        }

        public Response FunctionHandler(Request request, ILambdaContext context)
        {
            var done = new List<string>();
            foreach (var job in request.Jobs)
            {
                if (context.RemainingTime < TimeSpan.FromMilliseconds(job.Ms) + Safety) break;
                Work(job.Ms);
                done.Add(job.Id);
            }
            var left = new List<string>();
            for (var i = done.Count; i < request.Jobs.Count; i++) left.Add(request.Jobs[i].Id);
            Console.WriteLine($"Done {done.Count} job(s), {left.Count} left; table of {Table.Length} bytes");
            return new Response { Done = done, Left = left };
        }
    }
}
